"""What every stage is given besides the document: the rules, the Thai text tools built from them,
and the layout settings. Built once per rules content (``context_for``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..rules import Rules
from ..rules.load import cached_by_digest
from ..settings import LayoutSettings
from ..text.places import Gazetteer
from ..text.repair import Repairer, repairer_for


@dataclass(frozen=True, eq=False)
class Context:
    rules: Rules
    repairer: Repairer
    layout: LayoutSettings = field(default_factory=LayoutSettings)

    @property
    def lexicon(self):  # type: ignore[no-untyped-def]
        return self.repairer.lexicon

    @property
    def gazetteer(self) -> Gazetteer:
        return _gazetteer(self.rules)


@cached_by_digest()
def _gazetteer(rules: Rules) -> Gazetteer:
    return Gazetteer(rules.places)


@cached_by_digest()
def _context(rules: Rules, layout: LayoutSettings) -> Context:
    return Context(rules, repairer_for(rules), layout)


def context_for(rules: Rules, layout: LayoutSettings | None = None) -> Context:
    """The stage context of these rules (one per rules content and layout settings)."""
    return _context(rules, LayoutSettings.resolve(layout))
