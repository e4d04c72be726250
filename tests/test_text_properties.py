"""Property tests for the repair passes (hypothesis) and the seed text round trip."""

import pytest
from conftest import repair_text, seed_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.text.chars import count_consonants
from pipeline.text.thai import collapse_whitespace, thai_digits_to_arabic

_LINES = seed_lines()
THAI = [chr(c) for c in range(0x0E01, 0x0E3B)] + [chr(c) for c in range(0x0E40, 0x0E5C)]
thai_text = st.text(alphabet=st.sampled_from(THAI + [" ", " ", "\n", "1", "."]), max_size=40)
# seed lines with a few characters dropped, doubled or spaced (the faults of text layers)
mutated_seed = st.builds(
    lambda line, cuts: "".join(ch * (1 + (i in cuts)) if i % 7 else ch + " " for i, ch in enumerate(line)),
    st.integers(0, 399).map(lambda i: _LINES[i][:60]),
    st.sets(st.integers(0, 60), max_size=4),
)

SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(st.one_of(thai_text, mutated_seed))
def test_repair_is_idempotent(s):
    once = repair_text(s)
    assert repair_text(once) == once


@SLOW
@given(st.one_of(thai_text, mutated_seed))
def test_repair_never_removes_a_base_consonant(s):
    assert count_consonants(repair_text(s)) >= count_consonants(s)


# Seed lines that carry OCR faults of their own, which the repair fixes (asserted exactly).
SEED_FAULTS = {
    "ก. 1 ห น ด": "ก. 1 หน ด",  # 'ห น ด' -> the space inside a word goes
    "ประเด็นกา รป้องกัน": "ประเด็นการป้องกัน",
    "อินโฟ กราฟิกส์": "อินโฟกราฟิกส์",
    "ระบู้้องค์กร": "ระบู้องค์กร",
    "ให้้องค์กร": "ให้องค์กร",
}


def test_clean_seed_text_comes_through_unchanged_except_digits_and_whitespace():
    changed = []
    for line in seed_lines():
        expected = collapse_whitespace(thai_digits_to_arabic(line))
        for bad, good in SEED_FAULTS.items():
            expected = expected.replace(bad, good)
        got = repair_text(line)
        if got != expected:
            changed.append((expected, got))
    assert changed == []


@pytest.mark.parametrize("bad, good", list(SEED_FAULTS.items()))
def test_seed_ocr_faults_are_fixed(bad, good):
    assert good in repair_text(f"ข้อความ {bad} ต่อ")


MARKED = st.text(alphabet=st.sampled_from(["ก", "น", "า", "ำ", "ํ", "่", "้", "ี", "ู", "์", " "]), max_size=12)


@settings(max_examples=400, deadline=None)
@given(MARKED)
def test_what_the_canonical_check_lets_through_is_canonical(s):
    """The repair skips canonicalising candidates the check lets through: they must already be
    what the mechanical passes leave."""
    from pipeline.text.repair import RE_NEEDS_CANONICAL
    from pipeline.text.thai import compose_sara_am, dedupe_marks

    if RE_NEEDS_CANONICAL.search(s) is None:
        assert dedupe_marks(compose_sara_am(s)) == s
