"""The JSON Schema of the read layer's records, shipped as ``schema.json`` beside this module.

Built from the record dataclasses themselves (pydantic reads their type hints), so the schema
cannot drift from the code: a test rebuilds it and compares it with the shipped file. Rebuild
after changing a record with ``python -m claimgraph.read.schema``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.models import Claim, InputFailure
from claimgraph.read.records import (
    ArticleDetail,
    ArticleRecord,
    ClusterRecord,
    Contradiction,
    EntityProfile,
    Picture,
    Story,
    StoryRecord,
    TimelineRecord,
)

SCHEMA_ID = "https://claimgraph.invalid/schema/records-1.json"

# What each CLI command's --json prints (and each read-layer function returns).
COMMANDS: dict[str, tuple[type, bool]] = {  # command -> (record class, a list of them)
    "articles": (ArticleRecord, True),
    "errors": (InputFailure, True),
    "show": (ArticleDetail, False),
    "claims": (Claim, True),
    "entity": (EntityProfile, False),
    "timeline": (TimelineRecord, True),
    "stories": (Story, True),
    "story": (StoryRecord, False),
    "corroboration": (ClusterRecord, True),
    "contradictions": (Contradiction, True),
    "export": (Picture, False),  # `claimgraph export --format json`
}


def _closed(node: Any) -> None:
    """No properties beyond the record's: a field added in code must be added to the schema."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for v in node.values():
            _closed(v)
    elif isinstance(node, list):
        for v in node:
            _closed(v)


def build_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    defs: dict[str, Any] = {}
    commands: dict[str, Any] = {}
    for command, (cls, many) in COMMANDS.items():
        schema = TypeAdapter(cls).json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[cls.__name__] = schema
        ref = {"$ref": f"#/$defs/{cls.__name__}"}
        commands[command] = {"type": "array", "items": ref} if many else ref
    _closed(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "claimgraph read-layer records",
        "description": "The records claimgraph's read layer returns; `commands` names what each CLI --json prints.",
        "commands": commands,
        "$defs": dict(sorted(defs.items())),
    }


def shipped_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("claimgraph.read").joinpath("schema.json").read_text("utf-8"))
    return data


def schema_for(command: str) -> dict[str, Any]:
    """A schema that validates one command's --json output (the shipped document, entered at
    that command)."""
    doc = shipped_schema()
    return {**doc, "$ref": f"#/commands/{command}"}


if __name__ == "__main__":  # pragma: no cover
    path = Path(__file__).with_name("schema.json")
    path.write_text(json.dumps(build_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
