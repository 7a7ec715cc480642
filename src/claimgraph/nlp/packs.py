"""Domain packs: gazetteers as YAML data (see docs/packs.md).

A pack lists canonical entities with their aliases, metonyms ("Kremlin" for Russia) and
demonyms ("North Korean"). Loading merges every pack into one :class:`Gazetteer`, which
feeds spaCy's EntityRuler and resolves any name to its canonical form.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from claimgraph import yamlio
from claimgraph.names import name_key

NAME_KINDS = ("aliases", "metonyms", "demonyms")


class PackError(Exception):
    """A pack file that cannot be used; names the file and the reason."""


@dataclass(frozen=True)
class PackEntity:
    name: str
    type: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def country(self) -> str | None:
        value = self.attributes.get("country")
        return str(value) if value else None

    @property
    def role(self) -> str:
        return str(self.attributes.get("role") or "")

    @property
    def is_outlet(self) -> bool:
        """A news outlet or agency: it reports what others do and say."""
        kind = str(self.attributes.get("kind") or "").lower()
        return self.type == "media" or any(w in kind for w in ("news", "media", "newspaper", "broadcaster"))


_norm = name_key  # the store indexes names in the same form


@dataclass
class Gazetteer:
    entities: dict[str, PackEntity] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def add(self, ent: PackEntity, origin: str) -> None:
        if ent.name in self.entities:
            raise PackError(f"{origin}: entity {ent.name!r} is defined twice")
        self.entities[ent.name] = ent
        for n in (ent.name, *ent.aliases, *ent.metonyms, *ent.demonyms):
            key = _norm(n)
            owner = self._index.get(key)
            if owner and owner != ent.name:
                raise PackError(f"{origin}: name {n!r} of {ent.name!r} already belongs to {owner!r}")
            self._index[key] = ent.name

    def resolve(self, name: str) -> str | None:
        """Canonical name for any known name, alias, metonym or demonym."""
        return self._index.get(_norm(name))

    def canon(self, name: str) -> str:
        """Canonical name if known, else the name tidied (for comparisons)."""
        return self.resolve(name) or name.strip()

    def get(self, canonical: str) -> PackEntity | None:
        return self.entities.get(canonical)

    def named_in(self, text: str, plural: bool = False) -> list[PackEntity]:
        """Pack entities that capitalised words of a descriptor name: "U.S. officials" names the
        United States, "Iranian sources" Iran; with ``plural``, "Houthi group" names the Houthis."""
        out: list[PackEntity] = []
        for w in re.findall(r"[A-Z][\w'.-]+", text):
            name = self.resolve(w.rstrip(".")) or self.resolve(w) or (self.resolve(w + "s") if plural else None)
            ent = self.get(name) if name else None
            if ent is not None:
                out.append(ent)
        return out

    def patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns: every surface form, labelled with the type, id = canonical."""
        out = []
        for ent in self.entities.values():
            label = ent.type.upper()
            for n in {ent.name, *ent.aliases, *ent.metonyms, *ent.demonyms}:
                out.append({"label": label, "pattern": n, "id": ent.name})
                # Possessive and curly-quote variants are separate tokens in spaCy, so the
                # plain form covers them; a leading "the" is left outside the entity.
        return out


def _load_file(path: Path | str, text: str, gaz: Gazetteer) -> None:
    try:
        data = yamlio.safe_load(text)
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise PackError(f"{path}: a pack needs a top-level 'entities' list")
    for i, item in enumerate(data["entities"]):
        if not isinstance(item, dict) or not item.get("name") or not item.get("type"):
            raise PackError(f"{path}: entity #{i + 1} needs 'name' and 'type'")
        names: dict[str, tuple[str, ...]] = {}
        for kind in NAME_KINDS:
            value = item.get(kind) or []
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise PackError(f"{path}: {item['name']!r}: '{kind}' must be a list of names")
            names[kind] = tuple(v.strip() for v in value)
        gaz.add(
            PackEntity(
                name=str(item["name"]).strip(),
                type=str(item["type"]).strip(),
                wikidata=item.get("wikidata"),
                attributes=dict(item.get("attributes") or {}),
                **names,
            ),
            str(path),
        )
    gaz.sources.append(str(path))


def extra_pack_paths() -> list[str]:
    env = os.environ.get("CLAIMGRAPH_PACKS", "")
    return [p for p in env.split(os.pathsep) if p]


@lru_cache(maxsize=8)
def load_gazetteer(extra: tuple[str, ...] = ()) -> Gazetteer:
    """The built-in packs plus ``extra`` pack files (or folders of them)."""
    gaz = Gazetteer()
    for res in sorted(resources.files("claimgraph.packs").iterdir(), key=lambda r: r.name):
        if res.name.endswith((".yaml", ".yml")):
            _load_file(f"claimgraph/packs/{res.name}", res.read_text("utf-8"), gaz)
    for p in extra:
        path = Path(p)
        files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text("utf-8")
            except OSError as exc:
                raise PackError(f"{f}: cannot read pack ({exc.strerror})") from exc
            _load_file(f, text, gaz)
    return gaz
