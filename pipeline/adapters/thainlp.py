"""PyThaiNLP (the only module that imports it, or its Rust word segmenter nlpo3): the Thai word
list, Thai National Corpus word frequencies, the newmm segmenter, the 77 provinces.

pythainlp reads its corpus files from the package; it never needs to write or download here.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable

# pythainlp reads what it needs from its package: it must never write under $HOME (a service account
# may have none) nor download
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from nlpo3 import load_dict
from nlpo3 import segment as _segment


def thai_words() -> frozenset[str]:
    """pythainlp's Thai word list (~62,000 words)."""
    from pythainlp.corpus import thai_words as words

    return frozenset(words())


def word_frequencies() -> dict[str, int]:
    """Word counts of the Thai National Corpus (shipped with pythainlp)."""
    from pythainlp.corpus import tnc

    return dict(tnc.word_freqs())


def segmenter(words: frozenset[str]) -> Callable[[str], list[str]]:
    """newmm word segmentation (nlpo3, ~10x faster than pythainlp's Python newmm) over ``words``:
    the dictionary is loaded once under a name derived from its content."""
    text = "\n".join(sorted(words))
    name = "ita_" + hashlib.sha256(text.encode()).hexdigest()[:16]
    # a folder of this process's own (a shared /tmp file could be another user's: unreadable,
    # unwritable, or another dictionary under the same name), removed as soon as nlpo3 has read
    # the file: a worker killed later leaves nothing behind
    with tempfile.TemporaryDirectory(prefix="ita-dict-") as folder:
        path = os.path.join(folder, f"{name}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        load_dict(path, name)

    def segment(s: str) -> list[str]:
        return list(_segment(s, name))

    return segment
