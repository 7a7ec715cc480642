"""`claimgraph report`: a self-contained briefing whose every footnote points at the sentence
it quotes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimgraph.store import open_store
from ingest_helpers import cli

pytestmark = pytest.mark.slow


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.hrefs.append((a["href"] or "")[1:])
        if tag in ("img", "script", "iframe") and a.get("src"):
            self.srcs.append(a["src"] or "")
        if tag == "link":
            self.external.append(a.get("href") or "")


def _texts(db: Path) -> dict[str, str]:
    with open_store(db, read_only=True) as store:
        return {a.key: a.text for a in store.iter_articles()}


def test_html_report_is_self_contained_and_every_note_quotes_its_article(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    res = cli("report", "-o", out, "--db", seeds_db)
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(html)
    assert not parser.external and parser.srcs and all(s.startswith("data:image/png;base64,") for s in parser.srcs)
    assert len(parser.srcs) == 2  # the timeline chart and the actor network
    for section in ("Key judgments", "Timeline", "Actor network", "Contested points", "Rewrites and copies",
                    "Sources", "Notes"):
        assert f">{section}</h2>" in html
    assert parser.hrefs and set(parser.hrefs) <= parser.ids  # every footnote mark leads to its note
    texts = _texts(seeds_db)
    notes = re.findall(r'<li id="fn-(\d+)"><q>(.*?)</q> <span class="where">— (\S+?)[,<].*?characters (\d+)–(\d+)',
                       html, flags=re.S)
    assert len(notes) == len({h for h in parser.hrefs})
    from html import unescape

    for _n, sentence, key, start, end in notes:
        span = " ".join(texts[key][int(start):int(end)].split())
        quoted = " ".join(unescape(sentence).split())
        assert span in quoted or quoted in span, (key, start, end)


def test_markdown_report_writes_its_charts_beside_it(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    res = cli("report", "--format", "md", "-o", out, "--db", seeds_db, "--entity", "North Korea")
    assert res.exit_code == 0, res.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Briefing: North Korea")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md):
        assert (tmp_path / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    marks = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = set(re.findall(r"^\[\^(\d+)\]:", md, flags=re.M))
    assert marks and marks == defined


@pytest.mark.parametrize("args, code, message", [
    (["--format", "pdf"], 2, "unknown format 'pdf'"),
    (["--since", "soon"], 2, "not a date"),
    (["--entity", "Atlantis Ltd"], 1, "no entity named"),
])
def test_bad_input_writes_nothing(seeds_db: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    res = cli("report", "-o", tmp_path / "r.html", "--db", seeds_db, *args)
    assert res.exit_code == code and message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_error(seeds_db: Path, tmp_path: Path) -> None:
    res = cli("report", "-o", tmp_path / "no" / "r.html", "--db", seeds_db)
    assert res.exit_code == 1 and "does not exist" in res.stderr
