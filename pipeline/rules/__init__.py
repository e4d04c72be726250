"""The rules (``rules/*.yaml``) as validated, frozen objects: ``load_rules()`` at the edges (the
command line, the runner, a worker), then passed down to every stage."""

from .catalogs import Catalog, CatalogIndicator, CatalogItem
from .load import RULES_DIR, Rules, RulesError, load_rules, load_rules_from, rules_digest

__all__ = [
    "RULES_DIR",
    "Catalog",
    "CatalogIndicator",
    "CatalogItem",
    "Rules",
    "RulesError",
    "load_rules",
    "load_rules_from",
    "rules_digest",
]
