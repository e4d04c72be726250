"""How the matcher does on its labelled set (``tests/fixtures/matching/measures.yaml``): precision of
the answers it gives, how often it abstains, per indicator and per basis (printed / inferred).

    python -m tools.matcher_eval [--set FILE] [--misses]

Scored on the rows both labellers agree on. An answer on a row labelled null (not an ITA measure)
is a wrong answer; abstaining there is right. Abstention is counted over the rows that have an
indicator.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.model import Match, MatchMethod
from pipeline.rules import load_rules
from pipeline.stages import context_for
from pipeline.stages.match import match_measure, not_integrity

SET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "matching" / "measures.yaml"


@dataclass
class Score:
    answered: int = 0
    right: int = 0
    abstained: int = 0  # of the rows with an indicator
    with_indicator: int = 0
    null_rows: int = 0
    null_abstained: int = 0
    per: dict[int | None, Counter] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.with_indicator if self.with_indicator else 0.0


def evaluate(rows: list[dict]) -> Score:
    rules = load_rules()
    ctx = context_for(rules)
    s = Score()
    for r in rows:
        if "indicator" not in r:
            continue  # disputed
        fy = r.get("fiscal_year")
        catalog = rules.nearest_catalog(fy - 1 if fy else None)
        if not_integrity(r.get("doc_type"), r.get("doc_subtype"), rules):
            m = Match(None, (), 0.0, MatchMethod.NONE)
        else:
            m = match_measure(
                r["text"],
                r.get("steps"),
                r.get("context") or [],
                catalog,
                rules,
                ctx.lexicon,
                r.get("row_items") or [],
            )
        want, got = r["indicator"], m.indicator_no
        per = s.per.setdefault(want, Counter())
        per["rows"] += 1
        if want is None:
            s.null_rows += 1
            s.null_abstained += got is None
        else:
            s.with_indicator += 1
            s.abstained += got is None
        if got is not None:
            s.answered += 1
            s.right += got == want
            per["answered"] += 1
            per["right"] += got == want
            given = s.per.setdefault(got, Counter())
            given["given"] += 1
            given["given_right"] += got == want
        if got != want:
            why = f"{m.method} {m.score:.0f}" + (f": {m.note}" if m.note else "")
            s.misses.append(f"{r['doc']} #{r['seq']} want {want} got {got} ({why}): {r['text'][:70]}")
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=SET)
    ap.add_argument("--misses", action="store_true")
    a = ap.parse_args(argv)
    rows = yaml.safe_load(a.set.read_text(encoding="utf-8"))
    s = evaluate(rows)
    print(
        f"precision {s.precision:.3f} ({s.right}/{s.answered} answers right), "
        f"recall {s.right / max(1, s.with_indicator):.3f} ({s.right}/{s.with_indicator}), "
        f"abstention {s.abstention:.3f} "
        f"({s.abstained}/{s.with_indicator}); null rows left unanswered {s.null_abstained}/{s.null_rows}; "
        f"disputed rows not scored: {sum(1 for r in rows if 'disputed' in r)}"
    )
    print("| indicator | labelled | answered | right | recall | given | precision of given |")
    print("|---|---|---|---|---|---|---|")
    for k in sorted(s.per, key=lambda k: (k is None, k or 0)):
        c = s.per[k]
        rec = f"{c['right'] / c['rows']:.2f}" if c["rows"] and k is not None else "-"
        prec = f"{c['given_right'] / c['given']:.2f}" if c["given"] else "-"
        name = k if k is not None else "null"
        print(f"| {name} | {c['rows']} | {c['answered']} | {c['right']} | {rec} | {c['given']} | {prec} |")
    for name, keep in (("real documents", lambda r: r["doc"].startswith("real")), ("generated", None)):
        part = [r for r in rows if (keep(r) if keep else not r["doc"].startswith("real"))]
        p = evaluate(part)
        print(
            f"{name}: precision {p.precision:.3f} ({p.right}/{p.answered}), abstention {p.abstention:.3f} "
            f"({p.abstained}/{p.with_indicator}), null rows unanswered {p.null_abstained}/{p.null_rows}"
        )
    printed = [r for r in rows if r.get("basis") == "printed" and "indicator" in r]
    p = evaluate(printed)
    print(f"rows with printed evidence: {p.right}/{len(printed)} right")
    if a.misses:
        print("\n".join(s.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
