"""JSON: the picture as the read layer returns it (``read/schema.json``, ``commands.export``)."""

from __future__ import annotations

import json
from pathlib import Path

from claimgraph.read import to_json
from claimgraph.read.records import Picture


def write(picture: Picture, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(to_json(picture), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
