"""HTML from Jinja2 templates (the only module that imports jinja2), autoescaped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape


def render(
    template_dir: Path, name: str, data: dict[str, Any], filters: dict[str, Callable[..., str]]
) -> str:
    env = Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=select_autoescape(["j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters)
    return env.get_template(name).render(**data)
