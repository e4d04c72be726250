"""The Thai dictionary the pipeline reads with: pythainlp's words plus the domain words of
``rules/text.yaml``, their Thai National Corpus frequencies, and newmm segmentation over them.

A ``Lexicon`` is built once per content (``lexicon_for``): the same word list gives the same
object, an edited ``extra_words`` gives a new one. Its caches live on the object.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..adapters import thainlp
from .chars import CONSONANTS, LETTER, RE_LETTER

_RE_THAI_RUN = re.compile(f"[{LETTER}](?:[{LETTER}]| (?=[{LETTER}]))*")


@dataclass(frozen=True, eq=False)
class Lexicon:
    words: frozenset[str]
    log_probs: dict[str, float]  # -log P(word) for every word
    segment: Callable[[str], list[str]] = field(repr=False)

    _tokens: Callable[[str], tuple[str, ...]] = field(init=False, repr=False)
    _letters: Callable[[str], int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        segment = self.segment
        object.__setattr__(self, "_tokens", lru_cache(maxsize=16384)(lambda s: tuple(segment(s))))
        object.__setattr__(self, "_letters", lru_cache(maxsize=65536)(_thai_letters))

    def forget(self) -> None:
        """Empty the caches (a benchmark's cold start)."""
        self._tokens.cache_clear()  # type: ignore[attr-defined]
        self._letters.cache_clear()  # type: ignore[attr-defined]

    def tokenize(self, text: str) -> tuple[str, ...]:
        """newmm word segmentation with this dictionary; whitespace kept as tokens.

        >>> lexicon_for(("ตัวชี้วัด",), 200).tokenize("สำนักงานปลัด ตำบล")
        ('สำนักงาน', 'ปลัด', ' ', 'ตำบล')
        """
        return self._tokens(text)

    def thai_letters(self, text: str) -> int:
        return self._letters(text)

    def is_word(self, token: str) -> bool:
        return token in self.words

    def coverage_counts(self, text: str) -> tuple[int, int]:
        """(Thai letters inside dictionary words, all Thai letters). A consonant standing alone
        between spaces is a label (``ก``, ``ข`` of a list or an index), not a word: it counts
        neither way."""
        covered = total = 0
        for run in _RE_THAI_RUN.findall(text):
            toks = self.tokenize(run)
            for i, tok in enumerate(toks):
                if (
                    len(tok) == 1
                    and tok in CONSONANTS
                    and (i == 0 or toks[i - 1].isspace())
                    and (i == len(toks) - 1 or toks[i + 1].isspace())
                ):
                    continue
                n = self.thai_letters(tok)
                total += n
                if n and tok in self.words:
                    covered += n
        return covered, total

    def coverage(self, text: str) -> float | None:
        """Share of Thai letters in dictionary words; ``None`` when the text has no Thai.

        >>> LEXICON = lexicon_for(("ตัวชี้วัด",), 200)
        >>> LEXICON.coverage("สำนักงานปลัด"), LEXICON.coverage("ส านักงานปลัด") < 1.0
        (1.0, True)
        """
        covered, total = self.coverage_counts(text)
        return covered / total if total else None

    def continues_word(self, left: str, right: str) -> bool:
        """Does a word run from the end of ``left`` into the start of ``right``? (a row cut by a
        page break: ``กองการเจ้า`` + ``หน้าที่``). Only when the cut pieces are not both words.

        >>> LEXICON = lexicon_for(("ตัวชี้วัด",), 200)
        >>> LEXICON.continues_word("กองการเจ้า", "หน้าที่"), LEXICON.continues_word("สำนักปลัด", "กองคลัง")
        (True, False)
        """
        if not (left and right and RE_LETTER.match(left[-1]) and RE_LETTER.match(right[0])):
            return False
        tail = left.rsplit(" ", 1)[-1][-12:]
        head = right.split(" ", 1)[0][:12]
        cut, pos = len(tail), 0
        for tok in self.tokenize(tail + head):
            if pos < cut < pos + len(tok):
                return tok in self.words
            pos += len(tok)
        t_last, h_first = self.tokenize(tail)[-1], self.tokenize(head)[0]
        return not self.is_word(t_last) and not self.is_word(h_first)


def _thai_letters(text: str) -> int:
    return len(RE_LETTER.findall(text))


def thai_runs(text: str) -> list[str]:
    """The runs of Thai letters (with single spaces inside) of ``text``."""
    return _RE_THAI_RUN.findall(text)


def sub_thai_runs(fn: Callable[[str], str], text: str, abbreviation_letters: int = 0) -> str:
    """``text`` with every Thai run replaced by ``fn(run)``; a run of at most
    ``abbreviation_letters`` letters right before a dot is part of an abbreviation (``ม.ค.``,
    ``อ.``, ``พ.ศ.``) and is kept as it is."""

    def sub(m: re.Match[str]) -> str:
        if len(m.group()) <= abbreviation_letters and text[m.end() : m.end() + 1] == ".":
            return m.group()
        return fn(m.group())

    return _RE_THAI_RUN.sub(sub, text)


@lru_cache(maxsize=4)
def lexicon_for(extra_words: tuple[str, ...], unseen_word_frequency: int) -> Lexicon:
    """The lexicon of pythainlp's words plus ``extra_words`` (cached by content)."""
    words = thainlp.thai_words() | frozenset(extra_words)
    freqs = thainlp.word_frequencies()
    total = float(sum(freqs.values()))
    log_probs = {w: -math.log((freqs.get(w, 0) or unseen_word_frequency) / total) for w in words}
    return Lexicon(words, log_probs, thainlp.segmenter(words))
