"""MinHash sketches and locality-sensitive hashing (the only module that imports datasketch): how
alike two documents are, and which pairs of a large corpus are worth comparing, without comparing
every pair. A sketch is a tuple of ints (stored in ``documents.content_sketch``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from datasketch import LeanMinHash, MinHash, MinHashLSH

#: the permutations' seed and scheme: sketches made anywhere, any time, compare (the scheme is
#: pinned: a new default of the library would otherwise make old sketches incomparable)
SEED = 1
SCHEME = "affine32"


def sketch(shingles: Iterable[str], size: int) -> tuple[int, ...]:
    """The MinHash of a set of shingles; () for an empty set (nothing to compare)."""
    items = [s.encode("utf-8") for s in shingles]
    if not items:
        return ()
    m = MinHash(num_perm=size, seed=SEED, scheme=SCHEME)
    m.update_batch(items)
    return tuple(int(v) for v in m.hashvalues)


def likeness(a: Sequence[int], b: Sequence[int]) -> float:
    """The estimated Jaccard likeness of the two shingle sets (0 when either is empty)."""
    if not len(a) or not len(b) or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


def candidate_pairs(sketches: Mapping[str, Sequence[int]], threshold: float) -> list[tuple[str, str]]:
    """Pairs of keys whose sketches are likely alike from ``threshold`` up (each pair once, in
    key order): the ones worth comparing."""
    filled = {k: v for k, v in sketches.items() if len(v)}
    if len(filled) < 2:
        return []
    size = len(next(iter(filled.values())))
    lsh = MinHashLSH(threshold=threshold, num_perm=size)
    hashes = {
        k: LeanMinHash(seed=SEED, hashvalues=list(v), scheme=SCHEME)
        for k, v in filled.items()
        if len(v) == size
    }
    for k, h in hashes.items():
        lsh.insert(k, h)
    pairs = {tuple(sorted((k, other))) for k, h in hashes.items() for other in lsh.query(h) if other != k}
    return sorted(pairs)  # type: ignore[arg-type]


class Sketches:
    """Many sketches of one size as one matrix (row ``i``: the sketch of ``keys[i]``), as a corpus's
    are read back from Parquet (``adapters.parquet.read_list_matrix``): 10^5 sketches in one array,
    not 10^5 arrays."""

    def __init__(self, keys: list[str], values: Any) -> None:
        self.keys, self.values = keys, values  # values: a numpy array (len(keys), size)
        self._index: dict[str, int] | None = None

    @classmethod
    def of(cls, sketches: Mapping[str, Sequence[int]], size: int) -> Sketches:
        """The sketches of ``size`` values among ``sketches`` (the others are left out)."""
        import numpy as np

        keys = [k for k, v in sketches.items() if len(v) == size]
        values = np.array([sketches[k] for k in keys], dtype=np.int64).reshape(len(keys), size)
        return cls(keys, values)

    def get(self, key: str) -> Sequence[int]:
        """The sketch of ``key``; () when it has none of this size."""
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self.keys)}
        i = self._index.get(key)
        return () if i is None else self.values[i]


def candidates_of(
    queries: Mapping[str, Sequence[int]],
    sketches: Mapping[str, Sequence[int]] | Sketches,
    threshold: float,
) -> set[str]:
    """The keys of ``sketches`` that ``candidate_pairs`` would pair with one of ``queries`` (a band
    of the LSH index ``threshold`` makes equal): the pairs a few new documents make with a corpus
    of any size, found without indexing it (a comparison per document, in numpy)."""
    import numpy as np

    asked = [v for v in queries.values() if len(v)]
    if not asked:
        return set()
    size = len(asked[0])
    known = sketches if isinstance(sketches, Sketches) else Sketches.of(sketches, size)
    if not known.keys or known.values.shape[1] != size:
        return set()
    lsh = MinHashLSH(threshold=threshold, num_perm=size)  # its bands: b of r values each
    b, r = lsh.b, lsh.r
    # band by band over the matrix as it is (10^5 documents: no copy of it, a column of flags a band)
    values = known.values
    hit = np.zeros(len(known.keys), dtype=bool)
    for q in asked:
        if len(q) != size:
            continue
        for j in range(b):
            band = np.asarray(q[j * r : (j + 1) * r], dtype=np.int64)
            hit |= (values[:, j * r : (j + 1) * r] == band).all(axis=1)
    return {k for k, h in zip(known.keys, hit) if h}
