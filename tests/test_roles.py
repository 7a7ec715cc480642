"""A source described by its role is the party the article names in that role (extract/roles.py)."""

from __future__ import annotations

from claimgraph.extract.roles import describe, name_described_sources
from claimgraph.models import Claim, EntityMention
from claimgraph.nlp.packs import Gazetteer, PackEntity


def _gaz() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add(PackEntity("Karvonia", "country", demonyms=("Karvonian",)), "test")
    gaz.add(PackEntity("Belmora", "country", demonyms=("Belmoran",)), "test")
    return gaz


def _claim(source: str) -> Claim:
    return Claim("a", "a:c1", 0, 5, "x", source, "official", "reported", "positive", 0, 5)


def _mention(text: str, name: str, kind: str = "person") -> EntityMention:
    i = TEXT.index(name)
    return EntityMention("a", i, i + len(name), name, name, kind, provisional=True)


TEXT = ("Karvonian Foreign Minister Ilse Brandt met Belmoran Defence Minister Olaf Rask on Monday. "
        "Harbour Lines Ltd, owner of the ferry, said nothing.")


def test_describe_splits_role_words_from_the_state() -> None:
    assert describe("Karvonia's foreign minister".split(), _gaz()) == (frozenset({"foreign", "minister"}), "Karvonia")
    assert describe("the vessel's owner".split(), _gaz()) == (frozenset({"owner"}), None)


def test_a_role_description_takes_the_single_name_titled_so() -> None:
    gaz = _gaz()
    mentions = [_mention(TEXT, "Ilse Brandt"), _mention(TEXT, "Olaf Rask"),
                _mention(TEXT, "Harbour Lines Ltd", "company")]
    claims = [_claim("Karvonia's foreign minister"), _claim("Belmoran defence minister"), _claim("the ferry's owner"),
              _claim("minister")]
    name_described_sources(claims, [], TEXT, mentions, gaz)
    assert [c.source for c in claims] == ["Ilse Brandt", "Olaf Rask", "Harbour Lines Ltd", "minister"]
    # "minister" alone fits two people: left as written
