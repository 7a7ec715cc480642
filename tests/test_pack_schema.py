"""Schema checks for the built-in domain packs (src/claimgraph/packs/*.yaml).

These tests read the YAML directly, without the loader, so a broken pack is reported with
the entry at fault even when the loader itself is changing. See docs/packs.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

PACK_DIR = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "packs"
PACK_FILES = sorted(PACK_DIR.glob("*.yaml"))

ALLOWED_TYPES = {
    "country",
    "government_body",
    "person",
    "organisation",
    "international_org",
    "weapon_system",
    "place",
    "military_unit",
    "company",
    "vessel",
}
ENTITY_KEYS = {"name", "type", "wikidata", "aliases", "metonyms", "demonyms", "attributes"}
NAME_LISTS = ("aliases", "metonyms", "demonyms")
QID = re.compile(r"^Q\d+$")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    return data


def _entities(path: Path) -> list[dict[str, Any]]:
    ents = _load(path).get("entities")
    assert isinstance(ents, list), f"{path.name}: 'entities' must be a list"
    return ents


def _key(name: str) -> str:
    """Comparison key for surface forms: case-insensitive, and blind to the differences
    the loader ignores (curly apostrophes, hyphen vs space, a leading "the", a trailing
    possessive or full stop)."""
    s = name.replace("\u2019", "'").lower().strip()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return re.sub(r"[\s\-]+", " ", s).strip(" .")


def _surface_forms(ent: dict[str, Any]) -> list[str]:
    forms = [ent["name"]]
    for kind in NAME_LISTS:
        forms.extend(ent.get(kind) or [])
    return forms


@pytest.fixture(scope="module")
def dprk_russia() -> dict[str, dict[str, Any]]:
    ents = _entities(PACK_DIR / "dprk_russia.yaml")
    return {e["name"]: e for e in ents}


def test_there_are_packs() -> None:
    assert PACK_FILES, f"no pack files in {PACK_DIR}"
    assert PACK_DIR / "dprk_russia.yaml" in PACK_FILES


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.name)
def test_pack_header(path: Path) -> None:
    data = _load(path)
    assert set(data) <= {"pack", "description", "entities"}, (
        f"unknown top-level keys: {sorted(set(data) - {'pack', 'description', 'entities'})}"
    )
    assert isinstance(data.get("pack"), str) and data["pack"].strip(), "'pack' must be a non-empty string"
    assert data["pack"] == path.stem, "'pack' should match the file name"
    assert isinstance(data.get("description"), str) and data["description"].strip()
    assert "\n" not in data["description"].strip(), "description is one line"
    assert isinstance(data.get("entities"), list) and data["entities"]


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.name)
def test_entity_fields(path: Path) -> None:
    problems: list[str] = []
    for i, ent in enumerate(_entities(path)):
        where = f"entry #{i + 1}"
        if not isinstance(ent, dict):
            problems.append(f"{where}: not a mapping")
            continue
        name = ent.get("name")
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            problems.append(f"{where}: 'name' must be a non-empty string without outer spaces")
            continue
        where = f"{name!r}"
        if set(ent) - ENTITY_KEYS:
            problems.append(f"{where}: unknown keys {sorted(set(ent) - ENTITY_KEYS)}")
        if ent.get("type") not in ALLOWED_TYPES:
            problems.append(f"{where}: type {ent.get('type')!r} not in {sorted(ALLOWED_TYPES)}")
        if "wikidata" in ent and not (isinstance(ent["wikidata"], str) and QID.match(ent["wikidata"])):
            problems.append(f"{where}: wikidata {ent['wikidata']!r} is not a QID like Q423")
        for kind in NAME_LISTS:
            if kind not in ent:
                continue
            value = ent[kind]
            if not isinstance(value, list) or not value:
                problems.append(f"{where}: {kind} must be a non-empty list (or left out)")
                continue
            for v in value:
                if not isinstance(v, str) or not v.strip() or v != v.strip():
                    problems.append(f"{where}: {kind} entry {v!r} must be a non-empty string without outer spaces")
        if "attributes" in ent:
            attrs = ent["attributes"]
            if not isinstance(attrs, dict):
                problems.append(f"{where}: attributes must be a mapping")
            else:
                for k, v in attrs.items():
                    if not isinstance(k, str) or v is None or v == "":
                        problems.append(f"{where}: attribute {k!r} has no value (unquoted comma?)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.name)
def test_no_duplicate_forms_within_an_entity(path: Path) -> None:
    problems = []
    for ent in _entities(path):
        forms = _surface_forms(ent)
        dupes = sorted({f for f in forms if forms.count(f) > 1})
        if dupes:
            problems.append(f"{ent['name']!r} lists {dupes} more than once")
    assert not problems, "\n".join(problems)


def test_no_surface_form_resolves_to_two_entities() -> None:
    """Across all packs together, every name/alias/metonym/demonym has one owner, and no
    alias equals another entry's canonical name (compared case-insensitively)."""
    owners: dict[str, set[str]] = defaultdict(set)
    canonical: dict[str, str] = {}
    for path in PACK_FILES:
        for ent in _entities(path):
            key = _key(ent["name"])
            assert key not in canonical, f"{ent['name']!r} ({path.name}) is also defined as {canonical[key]!r}"
            canonical[key] = ent["name"]
            for form in _surface_forms(ent):
                owners[_key(form)].add(ent["name"])
    clashes = {form: sorted(names) for form, names in owners.items() if len(names) > 1}
    assert not clashes, "surface forms claimed by more than one entity:\n" + "\n".join(
        f"  {form!r}: {names}" for form, names in sorted(clashes.items())
    )


def test_dprk_russia_size(dprk_russia: dict[str, dict[str, Any]]) -> None:
    assert len(dprk_russia) >= 150


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("North Korea", "country"),
        ("Russia", "country"),
        ("United States", "country"),
        ("South Korea", "country"),
        ("Japan", "country"),
        ("China", "country"),
        ("Ukraine", "country"),
        ("Iran", "country"),
        ("Hwasong-18", "weapon_system"),
        ("KN-23", "weapon_system"),
        ("John Kirby", "person"),
        ("UN Panel of Experts", "international_org"),
        ("Defense Intelligence Agency", "government_body"),
        ("White House", "government_body"),
        ("Korean Central News Agency", "organisation"),
        ("Pacific Fleet", "military_unit"),
        ("Lady R", "vessel"),
    ],
)
def test_expected_entries(dprk_russia: dict[str, dict[str, Any]], name: str, type_: str) -> None:
    assert name in dprk_russia, f"{name!r} missing from dprk_russia pack"
    assert dprk_russia[name]["type"] == type_


def test_expected_names_resolve(dprk_russia: dict[str, dict[str, Any]]) -> None:
    def owner(form: str) -> str | None:
        for ent in dprk_russia.values():
            if form in _surface_forms(ent):
                return ent["name"]
        return None

    assert owner("Hwasong-11Ga") == "KN-23"
    assert owner("Kremlin") == "Russia"
    assert owner("Moscow") == "Russia"
    assert owner("Pyongyang") == "North Korea"
    assert owner("DPRK") == "North Korea"
    assert owner("North Korean") == "North Korea"
    assert owner("Washington") == "United States"
    assert owner("Kirby") == "John Kirby"
    assert owner("Panel of Experts") == "UN Panel of Experts"
    assert owner("Theodore A. Postol") == "Theodore Postol"
    assert owner("Security Council") == "United Nations Security Council"


def test_capitals_are_only_metonyms(dprk_russia: dict[str, dict[str, Any]]) -> None:
    for capital in ("Pyongyang", "Moscow", "Washington", "Seoul", "Kyiv", "Tokyo", "Beijing", "Tehran"):
        assert capital not in dprk_russia, f"{capital!r} should be a metonym of its state, not an entry"


def test_no_bare_ambiguous_aliases(dprk_russia: dict[str, dict[str, Any]]) -> None:
    banned = {"kim", "bear", "korea", "korean"}
    for ent in dprk_russia.values():
        for form in _surface_forms(ent):
            assert form.lower() not in banned, f"{ent['name']!r} has the ambiguous form {form!r}"
