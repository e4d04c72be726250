"""YAML files (the only module that imports PyYAML): libyaml's safe loader when present."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 4x faster, same result

YAMLError = yaml.YAMLError


def read_yaml(path: Path) -> Any:
    """The data of a YAML file (safe: plain types only)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
