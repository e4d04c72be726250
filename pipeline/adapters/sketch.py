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
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


def candidate_pairs(sketches: Mapping[str, Sequence[int]], threshold: float) -> list[tuple[str, str]]:
    """Pairs of keys whose sketches are likely alike from ``threshold`` up (each pair once, in
    key order): the ones worth comparing."""
    filled = {k: v for k, v in sketches.items() if v}
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
