"""MinHash sketches and locality-sensitive hashing (the only module that imports datasketch): how
alike two documents are, and which pairs of a large corpus are worth comparing, without comparing
every pair. A sketch is a tuple of ints (stored in ``documents.content_sketch``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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


def candidates_of(
    queries: Mapping[str, Sequence[int]], sketches: Mapping[str, Sequence[int]], threshold: float
) -> set[str]:
    """The keys of ``sketches`` that ``candidate_pairs`` would pair with one of ``queries`` (a band
    of the LSH index ``threshold`` makes equal): the pairs a few new documents make with a corpus
    of any size, found without indexing it (a comparison per document, in numpy)."""
    import numpy as np

    filled = {k: v for k, v in sketches.items() if len(v)}
    asked = [v for v in queries.values() if len(v)]
    if not filled or not asked:
        return set()
    size = len(asked[0])
    keys = [k for k, v in filled.items() if len(v) == size]
    if not keys:
        return set()
    lsh = MinHashLSH(threshold=threshold, num_perm=size)  # its bands: b of r values each
    b, r = lsh.b, lsh.r
    # the banded values only, as 32 bits (the affine32 scheme's values are below 2^32): one array,
    # 44 bytes a document (10^5 documents: 44 MB, not the 190 MB of a full copy and its slice)
    matrix = np.stack([np.asarray(filled[k][: b * r], dtype=np.uint32) for k in keys]).reshape(
        len(keys), b, r
    )
    hit = np.zeros(len(keys), dtype=bool)
    for q in asked:
        if len(q) == size:
            bands = np.asarray(q[: b * r], dtype=np.uint32).reshape(b, r)
            hit |= (matrix == bands).all(axis=2).any(axis=1)
    return {k for k, h in zip(keys, hit) if h}
