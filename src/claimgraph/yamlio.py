"""YAML reading for packs and rule lists, with libyaml when PyYAML was built with it.

Packs and trigger lists are read on every run; the pure-Python parser takes about a second for
the default packs, libyaml's a tenth of that, with the same safe subset of YAML.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader, C or Python
