"""The data dictionary (``ita dictionary``): one row per column of every dataset (type, meaning,
example), from ``pipeline/datasets.py``. ``make docs`` writes it to ``docs/data-dictionary.md``
(``tools/data_dictionary.py``) and a test fails when that file is out of date."""

from __future__ import annotations

from ..datasets import ALL, vocabularies
from ..model import Vocabulary, all_vocabularies
from ..rules.load import rules_vocabularies


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/datasets.py` by `make docs` (do not edit by hand). Every dataset is",
        "`data/processed/<dataset>.parquet`; `ita query` sees each as a view of the same name.",
        "Columns marked *extra* are this project's additions to `CONTRACT.md`.",
        "",
    ]
    for ds in ALL:
        lines += [
            f"## {ds.name}",
            "",
            f"{ds.grain[0].upper()}{ds.grain[1:]}; key: `{', '.join(ds.key)}`.",
            "",
            "| column | type | meaning | example |",
            "|---|---|---|---|",
        ]
        for c in ds.columns:
            extra = " *(extra)*" if c.extra else ""
            values = (
                f" One of {_values(c.values)} ([{c.values.__name__}](#{_anchor(c.values)}))."
                if c.values
                else ""
            )
            lines.append(
                f"| `{c.name}` | {c.type} | {_cell(c.meaning)}{values}{extra} | {_cell(c.example)} |"
            )
        lines.append("")
    return "\n".join(lines + _vocabulary_section())


def _values(vocab: type[Vocabulary]) -> str:
    return ", ".join(f"`{v}`" for v in vocab.values())


def _anchor(vocab: type[Vocabulary]) -> str:
    return f"vocabulary-{vocab.__name__.lower()}"


def _vocabulary_section() -> list[str]:
    """Every closed vocabulary of ``pipeline/model.py``: its values, what each means, and the
    dataset columns and rules files that use it."""
    lines = [
        "## Vocabularies",
        "",
        "The closed vocabularies (`pipeline/model.py`). A dataset row with a value outside its column's",
        "vocabulary is refused when the datasets are built; a rules file that names one is checked",
        "against it when it is loaded.",
        "",
    ]
    columns, rules = vocabularies(), rules_vocabularies()
    for vocab in all_vocabularies():
        used = [f"`{c}`" for c in columns.get(vocab, [])] + [f"`rules/{r}`" for r in rules.get(vocab, [])]
        lines += [
            f'<a id="{_anchor(vocab)}"></a>',
            f"### {vocab.__name__}",
            "",
            f"{_cell((vocab.__doc__ or '').strip())} Used by {', '.join(used) or 'the pipeline only'}.",
            "",
            "| value | meaning |",
            "|---|---|",
        ]
        lines += [f"| `{m.value}` | {_cell(m.meaning)} |" for m in vocab]
        lines.append("")
    return lines
