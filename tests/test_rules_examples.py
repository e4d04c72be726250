"""One test for every example in rules/: each rule file's examples are checked by the code that
uses the rule, and a rule that names words or phrases without examples is listed with a reason."""

import dataclasses
import datetime
import typing

import pytest
from conftest import context
from pydantic import BaseModel

from pipeline.rules import catalogs, models
from pipeline.stages import metadata as md
from pipeline.stages.measures import parse_status
from pipeline.tables import roles as T
from pipeline.text.numbers import parse_amount
from pipeline.text.periods import parse_date, parse_period


def _dates(start, end):
    return (
        datetime.date.fromisoformat(start) if start else None,
        datetime.date.fromisoformat(end) if end else None,
    )


def check_pattern(rules, owner, path, ex):
    for e in owner.examples:
        m = owner.regex.search(e.text)
        assert m, (path, e.text)
        if e.groups:
            assert list(m.groups()) == e.groups, (path, e.text)
    for ce in owner.counter_examples:
        assert not owner.regex.search(ce), (path, "counter-example matches", ce)


def check_role(rules, owner, path, ex):
    role = path[-1]
    for header in owner.examples:
        assert T.header_roles([[header]], rules)[1] == [role], (path, header)
    for header in owner.counter_examples:
        assert T.header_roles([[header]], rules)[1] != [role], (path, "counter-example gets the role", header)


def check_status(rules, owner, path, ex):
    for e in owner.examples:
        assert parse_status(e.text, rules) == e.status, (path, e.text)


def check_org_type(rules, owner, path, ex):
    for e in owner.examples:
        name, kind = md.find_org([e.text], rules, context().lexicon)
        assert (name, kind) == (e.name, owner), (path, e.text, name, kind.kind if kind else None)
    for text in owner.counter_examples:
        name, kind = md.find_org([text], rules, context().lexicon)
        assert kind is not owner, (path, "counter-example names a body", text, name)


def check_cut(rules, owner, path, ex):
    for e in owner.name_terminator_examples:
        assert md.cut_name(e.text, rules, context().lexicon) == e.cut, (path, e.text)


def check_doc_type(rules, owner, path, ex):
    for e in owner.examples:
        assert md.detect_doc_type(e, rules) == owner.code, (path, e)


def check_doc_subtype(rules, owner, path, ex):
    for e in owner.examples:
        assert md.detect_doc_subtype(e, rules) == owner.code, (path, e)


def _evidence_rule(rules, title):
    doc_type = md.detect_doc_type(title, rules)
    subtype = md.detect_doc_subtype(title, rules) if doc_type == "other" else None
    return rules.corpus.evidence_rule(doc_type, subtype)


def check_evidence(rules, owner, path, ex):
    for e in owner.examples:
        assert _evidence_rule(rules, e) is owner, (path, e)


def check_not_integrity(rules, owner, path, ex):
    for e in owner.not_integrity_examples:
        rule = _evidence_rule(rules, e)
        assert rule is None or rule.measures == "other", (path, e)


def check_posting_memo(rules, owner, path, ex):
    for e in owner.examples:  # a memo before a document: the document is read after it
        assert md.posting_memo_pages([e, "มาตรการส่งเสริมคุณธรรม"], rules) == 1, (path, e)
        assert md.posting_memo_pages([e], rules) == 0, (path, "a memo alone is the document")
    for e in owner.counter_examples:
        assert md.posting_memo_pages([e, "มาตรการส่งเสริมคุณธรรม"], rules) == 0, (path, e)


def check_levels(rules, owner, path, ex):
    from pipeline.stages.tables import _levels

    for e in owner.level_examples:
        assert _levels([e, e], rules), (path, e)


def check_cues(rules, owner, path, ex):
    from pipeline.stages.match import text_indicator

    for e in owner.cue_examples:
        assert text_indicator(e.text, None, rules)[0] == e.indicator, (path, e.text)


def check_framework(rules, owner, path, ex):
    for e in owner.examples:
        m = owner.regex.search(e.text)
        assert (int(m.group(1)) if m else None) == e.indicator, (path, e.text)


def check_dates(rules, owner, path, ex):
    for e in owner.examples:
        assert parse_date(e.text, rules) == _dates(e.start, e.end)[0], (path, e.text)


def check_periods(rules, owner, path, ex):
    for e in owner.examples:
        assert parse_period(e.text, e.fiscal_year, rules) == _dates(e.start, e.end), (path, e.text)


def check_places(rules, owner, path, ex):
    for e in owner.examples:
        loc = md.find_location([e.text], rules, context().gazetteer)
        assert (loc.district, loc.province) == (e.district, e.province), (path, e.text)


def check_amounts(rules, owner, path, ex):
    for e in owner.amount_examples:
        assert parse_amount(e.text, owner.no_amount, owner.currency_words) == e.amount, (path, e.text)


def check_scripts(rules, owner, path, ex):
    from pipeline.text.repair import text_quality

    threshold = rules.thresholds.page_quality.needs_ocr_below
    for e in owner.expected_script_examples:
        q = text_quality(e.text, None, owner.expected_ranges)
        assert (q is not None and q >= threshold) == e.readable, (path, e.text, q)


#: (model class, examples field) -> the check that runs them through the code that uses the rule
CHECKERS = {
    (models.Pattern, "examples"): check_pattern,
    (models.QuarterRules, "examples"): check_pattern,
    (models.RoleRule, "examples"): check_role,
    (models.StatusRules, "examples"): check_status,
    (models.OrgTypeRule, "examples"): check_org_type,
    (models.OrgRules, "name_terminator_examples"): check_cut,
    (models.DocTypeRule, "examples"): check_doc_type,
    (models.DocSubtypeRule, "examples"): check_doc_subtype,
    (models.MonthRules, "examples"): check_dates,
    (models.PeriodRules, "examples"): check_periods,
    (models.TableRules, "amount_examples"): check_amounts,
    (models.PlaceRules, "examples"): check_places,
    (models.EvidenceRule, "examples"): check_evidence,
    (models.CorpusRules, "not_integrity_examples"): check_not_integrity,
    (models.PostingMemoRules, "examples"): check_posting_memo,
    (models.AssessmentRules, "level_examples"): check_levels,
    (models.TextRules, "expected_script_examples"): check_scripts,
    (models.MatchingRules, "cue_examples"): check_cues,
    (models.Framework, "examples"): check_framework,
}
#: rule lists without examples of their own, and why that is fine
WITHOUT_EXAMPLES = {
    models.TextRules: "extra_words: each must survive repair (test_rules); PUA and symbol tables are code charts",
    models.Month: "covered by months.yaml examples (dates) and periods.yaml examples (ranges)",
    models.MatchingRules: "cue_examples are checked; stop words only lower evidence; the labelled set tests the rest",
    models.Cue: "checked through MatchingRules.cue_examples and the labelled set (tests/fixtures/matching)",
    models.NotItaCue: "checked through MatchingRules.cue_examples and the labelled set (tests/fixtures/matching)",
    models.OcrRules: "font names, not words",
    models.FontRules: "fault_edits names edits, checked against the known edits when the rules load",
    models.FontDecodingRules: "folders, not words: tests/test_font_decoding.py decodes fonts found there",
    catalogs.CatalogIndicator: "catalog names and keywords: checked to survive repair and by the matcher pairs",
    catalogs.CatalogItem: "as above",
}


def walk(obj, path=()):
    if isinstance(obj, BaseModel):
        yield obj, path
        for name in type(obj).model_fields:
            yield from walk(getattr(obj, name), (*path, name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk(v, (*path, str(k)))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from walk(v, (*path, str(i)))


def _word_lists(cls) -> list[str]:
    hints = typing.get_type_hints(cls)
    return [
        n
        for n in cls.model_fields
        if hints[n] in (list[str], dict[str, list[str]])
        and not n.endswith("examples")
        and n not in ("patterns", "counter_examples")
    ]


def test_every_example_in_rules_is_checked_by_the_code_that_uses_it(rules):
    parts = [
        getattr(rules, f.name)
        for f in dataclasses.fields(rules)
        if isinstance(getattr(rules, f.name), BaseModel)
    ]
    parts += list(rules.catalogs.values())
    checked, missing = 0, []
    for part in parts:
        for obj, path in walk(part):
            for field in type(obj).model_fields:
                if not field.endswith("examples") or field == "counter_examples":
                    continue
                checker = next(
                    (fn for (cls, f), fn in CHECKERS.items() if type(obj) is cls and f == field), None
                )
                if checker is None:
                    missing.append(f"{type(obj).__name__}.{field} at {'.'.join(path)}")
                    continue
                checker(rules, obj, path, field)
                checked += 1
    assert missing == [], f"examples no check runs: {missing}"
    assert checked > 50


@pytest.mark.parametrize(
    "cls",
    [c for c in vars(models).values() if isinstance(c, type) and issubclass(c, BaseModel)]
    + [catalogs.CatalogIndicator, catalogs.CatalogItem],
)
def test_every_rule_with_words_has_examples_or_a_reason(cls):
    if not _word_lists(cls) or cls in WITHOUT_EXAMPLES:
        return
    assert any(f.endswith("examples") for f in cls.model_fields), (
        f"{cls.__name__} lists {_word_lists(cls)} without examples"
    )


def test_the_loader_rejects_duplicates_and_unknown_keys():
    with pytest.raises(ValueError, match="listed twice"):
        models.StatusRules(
            ticked=["☒", "☒"],
            unticked=[],
            labels={"done": [], "in_progress": [], "not_started": []},
            label_min_similarity=75,
            label_margin=10,
            wording={"done": [], "in_progress": [], "not_started": []},
            examples=[{"text": "x", "status": None}],
        )
    with pytest.raises(ValueError, match="Extra inputs"):
        models.Example(text="x", typo=1)
    with pytest.raises(ValueError, match="counter-example"):
        models.Pattern(pattern="รวม", examples=["รวม"], counter_examples=["รวมทั้งสิ้น"])
