"""Every kind of public body: a letterhead of each group (made with Word and exported by
LibreOffice: ``tools/make_letterheads.py``) gives the body's name, its kind and group, and its
province where the letterhead prints it or its name tells it."""

import json
from pathlib import Path

import pytest

from pipeline.runner.document import process_pdf

pytestmark = pytest.mark.slow  # 18 documents through every stage

FIXTURES = Path(__file__).parent / "fixtures" / "letterheads"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", EXPECTED, ids=[c["file"] for c in EXPECTED])
def test_a_letterhead_gives_the_body_its_kind_group_and_place(ctx, case):
    result = process_pdf(FIXTURES / case["file"], case["file"], ctx, ocr=False)
    (doc,) = result.rows["documents"]
    got = {k: doc.get(k) for k in ("org_name", "org_kind", "org_group", "province", "province_code")}
    want = {k: case[k] for k in got}
    assert got == want, case["face"]


def test_every_group_has_a_letterhead():
    from pipeline.model import OrgGroup

    groups = {c["org_group"] for c in EXPECTED}
    assert groups == {g.value for g in OrgGroup} - {"other"}, "a group without a letterhead fixture"
