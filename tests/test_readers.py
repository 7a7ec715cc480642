"""Each reader returns the same article record; cleaning, offsets, language, CLI input paths."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimgraph.ingest import IngestOptions, InputError, read_input
from claimgraph.ingest.clean import _CHAR_MAP, clean_text, is_boilerplate_line
from claimgraph.ingest.feed import read_feed
from claimgraph.ingest.html import read_html
from claimgraph.ingest.jsonfmt import FieldMap, read_json, read_jsonl
from claimgraph.ingest.pipeline import RawInput, _read_file, finish
from claimgraph.ingest.text import read_text
from claimgraph.ingest.warc import read_warc
from claimgraph.models import Article
from ingest_helpers import FIXTURES, build_warc, cli, copy_fixtures, fixture

CHROME = (
    "Share this article",
    "Smiley face Weather Live Markets",
    "Please enter your comment",
    "Please enter your name here",
    "Leave a Reply",
    "Subscribe to our newsletter",
    "Follow us on Twitter",
    "All rights reserved",
    "©",
    "Privacy Policy",
)


def read_file(name: str, opts: IngestOptions | None = None) -> list[Article]:
    opts = opts or IngestOptions()
    out = []
    for r in read_input(_read_file(fixture(name), opts), opts):
        assert not isinstance(r, InputError), r
        out.append(r)
    return out


def assert_clean(art: Article) -> None:
    for chrome in CHROME:
        assert chrome.lower() not in art.text.lower(), (art.key, chrome)
    for ch in "\u201c\u201d\u2018\u2019\u00a0\t":
        assert ch not in art.text
    assert "  " not in art.text
    assert "\n\n\n" not in art.text
    assert art.text == art.text.strip()


def assert_offsets_map_back(art: Article) -> None:
    """Every visible character of the cleaned text sits at its mapped place in the raw text."""
    checked = 0
    for p, ch in enumerate(art.text):
        if ch.isspace():
            continue  # separators may be inserted by the cleaner
        raw_ch = art.raw[art.offset_map.to_raw(p)]
        assert _CHAR_MAP.get(raw_ch, raw_ch) == ch, (art.key, p, ch, raw_ch)
        checked += 1
    assert checked > 0
    # Spans map to spans: a word's raw slice is the same word.
    words = [w for w in art.text.split() if w.isalpha() and len(w) > 3][:20]
    for w in words:
        start = art.text.index(w)
        a, z = art.offset_map.to_raw(start), art.offset_map.to_raw(start + len(w))
        assert art.raw[a:z] == w


# ---------------------------------------------------------------- plain text


def test_text_reader_header_title_footer() -> None:
    [art] = read_file("shells_text.txt")
    assert art.key == "shells_text"
    assert art.title == "Shells unloaded at Kestrel Bay under heavy guard"
    assert art.published == date(2024, 3, 5)
    assert art.outlet == "Harbour Ledger"
    assert art.url is None
    assert art.origin == str(fixture("shells_text.txt"))
    assert art.text.startswith("Port officials at Kestrel Bay said on Tuesday")
    assert '"several thousand" artillery shells' in art.text
    assert "port 'remains open for normal trade'." in art.text
    assert art.text.endswith("'remains open for normal trade'.")
    assert "date 2024" not in art.text
    assert art.title not in art.text
    assert art.text.count("\n\n") == 2  # three paragraphs, chrome between them gone
    assert_clean(art)
    assert_offsets_map_back(art)
    assert art.raw == fixture("shells_text.txt").read_text("utf-8")


def test_text_reader_date_header_on_the_first_text_line() -> None:
    raw = " date 2023-12-01 The convoy left the depot at dawn, witnesses said.\n\nIt reached the port by noon.\n"
    art = read_text(raw, "k", "k.txt")
    assert art.published == date(2023, 12, 1)
    assert art.title is None
    assert art.text == "The convoy left the depot at dawn, witnesses said.\n\nIt reached the port by noon."
    assert_offsets_map_back(art)


def test_text_reader_single_line_is_body_not_title() -> None:
    art = read_text("Navy ships leave the harbour at dawn\n", "k", "k.txt")
    assert art.title is None
    assert art.text == "Navy ships leave the harbour at dawn"


def test_text_reader_only_boilerplate_is_an_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        read_text(" date 2024-01-01\nShare this article\n\n© 2024 Harbour Ledger\n", "k", "k.txt")


def test_invalid_date_header_is_ignored() -> None:
    art = read_text("date 2024-13-45\n\nThe ship arrived on time, officials said.\n", "k", "k.txt")
    assert art.published is None
    assert "The ship arrived on time" in art.text


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize(
    ("name", "title", "url", "outlet", "published", "first", "last"),
    [
        (
            "shells_shipment.html",
            "Cargo ship with artillery shells docks at Kestrel Bay",
            "https://harbour-ledger.example/world/2024/03/05/kestrel-bay-shells",
            "Harbour Ledger",
            date(2024, 3, 5),
            'A cargo vessel carrying what port officials described as "several thousand" 152mm',
            "The Amber Lantern is expected to sail again on Thursday, the port schedule shows.",
        ),
        (
            "port_visit.html",
            "Ostranan frigate makes first port call in Velsk in a decade",
            "https://northern-dispatch.example/news/frigate-velsk-port-call",
            "The Northern Dispatch",
            date(2024, 4, 18),
            "The Ostranan frigate Silver Heron entered the harbour of Velsk on Wednesday morning",
            "said no agreements would be signed during the stay.",
        ),
    ],
)
def test_html_reader(name: str, title: str, url: str, outlet: str, published: date, first: str, last: str) -> None:
    [art] = read_file(name)
    assert art.key == Path(name).stem
    assert art.title == title
    assert art.url == url
    assert art.outlet == outlet
    assert art.published == published
    assert art.text.startswith(first)
    assert art.text.endswith(last)
    assert title not in art.text  # the headline is metadata, not body
    assert_clean(art)
    assert_offsets_map_back(art)
    # navigation, comment section and footer never reach the text
    for junk in ("Log in", "Home", "nobody is paying attention", "Finally some good news", "Comments", "Ports"):
        assert junk not in art.text


def test_html_reader_main_text_paragraphs() -> None:
    [art] = read_file("shells_shipment.html")
    paragraphs = art.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[3].startswith("Officials in the neighbouring republic of Ostrana reportedly asked")
    assert "'We want to know where these shells will end up,'" in paragraphs[3]


def test_html_without_extension_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "page_without_suffix"
    page.write_bytes(fixture("port_visit.html").read_bytes())
    [art] = list(read_input(_read_file(page, IngestOptions()), IngestOptions()))
    assert isinstance(art, Article)
    assert art.outlet == "The Northern Dispatch"
    assert art.key == "page_without_suffix"


# ---------------------------------------------------------------- feeds


def test_rss_feed() -> None:
    arts = read_file("defence_wire.rss")
    assert [a.key for a in arts] == [
        "dw-2024-0307-convoy",
        "dw-2024-0308-tanker",
        "https://defence-wire.example/2024/03/09/inspectors",  # no guid: the link is the key
    ]
    assert [a.title for a in arts] == [
        "Second ammunition convoy crosses into Ostrana",
        "Navy denies report of missile parts aboard tanker",
        "Inspectors to visit Velsk shipyard next month",
    ]
    assert [a.published for a in arts] == [date(2024, 3, 7), date(2024, 3, 8), date(2024, 3, 9)]
    assert {a.outlet for a in arts} == {"Defence Wire Daily"}
    assert arts[0].url == "https://defence-wire.example/2024/03/07/second-convoy"
    # full content wins over the summary; markup is flattened into paragraphs
    assert "summary that should be replaced" not in arts[0].text
    assert arts[0].text == (
        "A convoy of twelve lorries loaded with artillery ammunition crossed the border into Ostrana late on "
        "Wednesday, border guards said.\n\nThe lorries were escorted by military police and did not stop at the "
        "customs post, according to a local mayor who said he saw them pass."
    )
    assert arts[1].text.startswith("The Velorian navy on Friday denied")
    assert "<p>" not in arts[1].text
    for a in arts:
        assert_clean(a)
        assert_offsets_map_back(a)
        assert a.origin.startswith(str(fixture("defence_wire.rss")) + "#")


def test_atom_feed() -> None:
    arts = read_file("sanctions_watch.atom")
    assert [a.key for a in arts] == [
        "urn:uuid:1a2b3c4d-0000-4000-8000-000000000001",
        "urn:uuid:1a2b3c4d-0000-4000-8000-000000000002",
    ]
    assert arts[0].title == "Treasury adds three shipping firms to sanctions list"
    assert arts[0].url == "https://sanctions-watch.example/entries/three-shipping-firms"
    assert arts[0].published == date(2024, 5, 2)
    assert arts[1].published == date(2024, 5, 3)  # only <updated>
    assert {a.outlet for a in arts} == {"Sanctions Watch"}
    assert arts[0].text.endswith("None of them answered requests for comment.")
    assert arts[1].text.startswith("The Velorian foreign ministry said the sanctions were based on rumours")
    for a in arts:
        assert_clean(a)
        assert_offsets_map_back(a)


def test_feed_from_bytes_and_str_agree() -> None:
    data = fixture("defence_wire.rss").read_bytes()
    a = [x.text for x in read_feed(data, "f") if isinstance(x, Article)]
    b = [x.text for x in read_feed(data.decode("utf-8"), "f") if isinstance(x, Article)]
    assert a == b and len(a) == 3


def test_feed_served_by_url(tmp_path: Path) -> None:
    """A feed URL that answers is read like a feed file (a local HTTP server, no outside network)."""
    import http.server
    import threading

    body = fixture("sanctions_watch.atom").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feeds/sanctions.atom"
        db = tmp_path / "t.duckdb"
        res = cli("ingest", url, "--db", db, "--no-analyse", "--timeout", "5")
        assert res.exit_code == 0, res.output
        assert "stored 2" in res.stdout
        rows = json.loads(cli("articles", "--db", db, "--json").stdout)
        assert {r["outlet"] for r in rows} == {"Sanctions Watch"}
        assert all(r["origin"].startswith(url + "#") for r in rows)
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- JSON and JSON Lines


def test_jsonl_reader_common_field_names() -> None:
    arts = read_file("wire.jsonl")
    assert [a.key for a in arts] == ["wire-001", "fm-040", "wire-003"]
    first, second, third = arts
    assert first.title == "Port workers describe overnight unloading"
    assert first.url == "https://wire.example/001"
    assert first.outlet == "Coastal Wire"
    assert first.published == date(2024, 3, 6)
    assert first.text.endswith("stencilled with numbers but no names.")  # "Leave a Reply" cleaned off
    # content + headline + source, a written-out date
    assert second.title == "Analysts count at least forty containers"
    assert second.outlet == "Forum Monitor"
    assert second.published == date(2024, 3, 7)
    assert second.text.startswith("Satellite pictures reviewed by the Coastal Security Forum")
    # body + {"source": {"name": ...}} + a timestamp
    assert third.outlet == "Bay Courier"
    assert third.published == date(2024, 3, 8)
    assert third.origin == f"{fixture('wire.jsonl')}:4"  # line numbers count the blank line
    for a in arts:
        assert_clean(a)
        assert_offsets_map_back(a)


def test_json_list_reader() -> None:
    arts = read_file("briefs.json")
    assert [(a.key, a.title, a.url, a.published) for a in arts] == [
        ("brief-a", "Ostrana recalls ambassador for talks", "https://briefs.example/a", date(2024, 3, 12)),
        ("brief-b", "Velsk says shipments are lawful", "https://briefs.example/b", date(2024, 3, 13)),
    ]
    assert [a.outlet for a in arts] == ["Briefs Desk", "Briefs Desk"]  # "publisher", then "site"
    assert arts[1].text.startswith("A government spokeswoman in Velsk said every shipment")
    assert arts[0].origin.endswith("briefs.json[0]")


def test_json_single_object_and_articles_wrapper() -> None:
    fm = FieldMap()
    one = list(read_json('{"text": "The frigate sailed at noon, the navy said."}', "o.json", "o", fm))
    assert isinstance(one[0], Article) and one[0].key == "o"
    wrapped = json.dumps({"articles": [{"body": "Inspectors arrived at the yard."}, {"body": "They left on Friday."}]})
    two = list(read_json(wrapped, "w.json", "w", fm))
    assert [a.key for a in two if isinstance(a, Article)] == ["w-0", "w-1"]


def test_json_html_field_goes_through_the_html_reader() -> None:
    html = fixture("port_visit.html").read_text("utf-8")
    [art] = list(read_jsonl(json.dumps({"id": "h1", "html": html}), "h.jsonl", "h", FieldMap()))
    assert isinstance(art, Article)
    assert art.key == "h1"
    assert art.outlet == "The Northern Dispatch"
    assert art.text.startswith("The Ostranan frigate Silver Heron")


def test_field_override_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    src = fixture("custom_fields.jsonl")
    res = cli("ingest", src, "--db", db, "--no-analyse")
    assert res.exit_code == 1  # no known text field
    assert "no text" in res.stderr
    res = cli(
        "ingest", src, "--db", db, "--no-analyse",
        "--field", "text=story", "--field", "key=slug", "--field", "published=when", "--field", "outlet=paper",
    )
    assert res.exit_code == 0, res.output
    [row] = json.loads(cli("articles", "--db", db, "--json").stdout)
    assert row["key"] == "patrol-boat"
    assert row["published"] == "2024-03-10"
    assert row["outlet"] == "Island Weekly"
    shown = json.loads(cli("show", "patrol-boat", "--db", db, "--json").stdout)
    assert shown["text"].startswith("Fishermen near Marrow Island said a grey navy patrol boat")


def test_bad_field_mapping_is_refused(tmp_path: Path) -> None:
    res = cli("ingest", fixture("wire.jsonl"), "--db", tmp_path / "t.duckdb", "--field", "colour=red")
    assert res.exit_code == 2
    assert "bad field mapping 'colour=red'" in res.stderr
    with pytest.raises(ValueError):
        FieldMap.parse(["text"])


# ---------------------------------------------------------------- WARC


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_warc_reader(tmp_path: Path, gzip: bool) -> None:
    data, _ = build_warc(
        [
            ("https://harbour-ledger.example/a", fixture("shells_shipment.html").read_bytes()),
            ("https://northern-dispatch.example/b", fixture("port_visit.html").read_bytes()),
        ],
        gzip=gzip,
        extra=[("https://harbour-ledger.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)],
    )
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(data)
    if gzip:
        assert data[:2] == b"\x1f\x8b"
    arts = list(read_input(_read_file(path, IngestOptions()), IngestOptions()))
    assert all(isinstance(a, Article) for a in arts), arts
    assert [a.key for a in arts] == ["https://harbour-ledger.example/a", "https://northern-dispatch.example/b"]
    a, b = (x for x in arts if isinstance(x, Article))
    # the page's canonical link wins over the crawl URI; the key stays the record's URI
    assert a.url == "https://harbour-ledger.example/world/2024/03/05/kestrel-bay-shells"
    assert a.outlet == "Harbour Ledger"
    assert a.published == date(2024, 3, 5)
    assert b.title == "Ostranan frigate makes first port call in Velsk in a decade"
    assert a.origin == f"{path}#https://harbour-ledger.example/a"
    for art in (a, b):
        assert_clean(art)
        assert_offsets_map_back(art)


def test_warc_is_sniffed_without_extension(tmp_path: Path) -> None:
    data, _ = build_warc([("https://x.example/p", fixture("port_visit.html").read_bytes())], gzip=True)
    arts = list(read_warc(data, "blob"))
    path = tmp_path / "blob"
    path.write_bytes(data)
    sniffed = list(read_input(_read_file(path, IngestOptions()), IngestOptions()))
    assert [a.key for a in sniffed if isinstance(a, Article)] == [a.key for a in arts if isinstance(a, Article)]
    assert len(sniffed) == 1


# ---------------------------------------------------------------- cleaning


@pytest.mark.parametrize(
    "line",
    [
        "Smiley face Weather Live Markets",
        "Home > World > Asia",
        "Home | News | Sport | Subscribe",
        "Share this article",
        "Share on Facebook",
        "Tweet",
        "Follow us on Twitter",
        "Subscribe to our newsletter",
        "Sign up for our free daily newsletter!",
        "Leave a Reply",
        "Please enter your comment!",
        "Please enter your name here",
        "You must be logged in to post a comment.",
        "4 Comments",
        "View all 12 comments",
        "© 2024 Harbour Ledger. All rights reserved.",
        "Copyright 2024 The Northern Dispatch",
        "Privacy Policy | Terms of Use",
        "Advertisement",
        "Read more: Navy denies report of missile parts aboard tanker",
        "  Skip to content  ",
    ],
)
def test_chrome_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)
    text, _ = clean_text(f"The port reopened on Monday.\n{line}\nThe ship left on Tuesday.")
    assert text == "The port reopened on Monday.\nThe ship left on Tuesday."


@pytest.mark.parametrize(
    "line",
    [
        "Markets fell sharply after the sanctions were announced.",
        "Live-fire drills resumed near the border on Friday.",
        "The weather delayed the unloading by a day.",
        "Analysts say the shells could be shared with a third country.",
        "Comments by the minister drew a sharp reply from Ostrana.",
    ],
)
def test_article_sentences_are_kept(line: str) -> None:
    assert not is_boilerplate_line(line)
    text, _ = clean_text(line)
    assert text == line


def test_character_map_is_one_for_one() -> None:
    """Offsets stay aligned only if each replacement is one character; ASCII keys must be whitespace."""
    for key, value in _CHAR_MAP.items():
        assert len(key) == len(value) == 1
        assert not key.isascii() or key.isspace(), repr(key)


def test_whitespace_and_quotes_are_normalised_and_mapped() -> None:
    raw = "  \u201cWe will respond,\u201d   the\tminister\u00a0said.\u200b  \r\n\r\n\r\n\u2018Soon\u2019 ,  he added.  "
    text, omap = clean_text(raw)
    assert text == "\"We will respond,\" the minister said.\n\n'Soon' , he added."
    art = Article(key="k", text=text, raw=raw, offset_map=omap)
    assert_offsets_map_back(art)
    # a span in the cleaned text maps to the same words in the raw text
    s = text.index("minister")
    assert raw[omap.to_raw(s) : omap.to_raw(s + len("minister"))] == "minister"


def test_offsets_for_every_fixture() -> None:
    opts = IngestOptions()
    seen = 0
    for path in sorted(FIXTURES.iterdir()):
        if path.name == "custom_fields.jsonl":
            opts = IngestOptions(fields=FieldMap.parse(["text=story"]))
        for art in read_input(_read_file(path, opts), opts):
            assert isinstance(art, Article), art
            assert_offsets_map_back(art)
            seen += 1
    assert seen >= 15


# ---------------------------------------------------------------- language


def test_non_english_is_stored_marked_and_reported(tmp_path: Path) -> None:
    [de] = read_file("hafen_de.txt")
    de = finish(de)
    assert de.language == "de"
    assert de.status == "not_analysed"
    assert de.title == "Fregatte besucht den Hafen von Velsk"
    [en] = read_file("shells_text.txt")
    assert finish(en).language == "en" and en.status == "ok"

    src = copy_fixtures(tmp_path / "in", "hafen_de.txt", "shells_text.txt")
    db = tmp_path / "t.duckdb"
    res = cli("ingest", src, "--db", db, "--no-analyse")
    assert res.exit_code == 0, res.output  # not a failure
    assert "stored 2" in res.stdout
    notes = [ln for ln in res.stderr.splitlines() if ln.startswith("not analysed:")]
    assert notes == ["not analysed: hafen_de: language 'de': only English is analysed"]
    rows = {r["key"]: r for r in json.loads(cli("articles", "--db", db, "--json").stdout)}
    assert rows["hafen_de"]["status"] == "not_analysed"
    assert rows["hafen_de"]["language"] == "de"
    assert rows["shells_text"]["status"] == "ok"


def test_french_latin1_file_is_decoded_and_marked(tmp_path: Path) -> None:
    text = (
        "Le navire est arrivé au port de Velsk lundi soir, selon les autorités portuaires.\n\n"
        "Le ministère a annoncé des sanctions contre trois sociétés de transport déjà visées par une enquête."
    )
    path = tmp_path / "port_fr.txt"
    path.write_bytes(text.encode("latin-1"))
    [art] = list(read_input(_read_file(path, IngestOptions()), IngestOptions()))
    assert isinstance(art, Article)
    assert art.text == text
    assert finish(art).language == "fr"
    assert art.status == "not_analysed"


# ---------------------------------------------------------------- the ingest command: stdin, folders


def test_stdin_text(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    res = cli("ingest", "-", "--db", db, "--no-analyse", input=fixture("shells_text.txt").read_bytes())
    assert res.exit_code == 0, res.output
    shown = json.loads(cli("show", "stdin", "--db", db, "--json").stdout)
    assert shown["title"] == "Shells unloaded at Kestrel Bay under heavy guard"
    assert shown["published"] == "2024-03-05"
    assert shown["outlet"] == "Harbour Ledger"
    assert shown["origin"] == "-"
    assert "Share this article" not in shown["text"]


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("wire.jsonl", {"wire-001", "fm-040", "wire-003"}),
        ("briefs.json", {"brief-a", "brief-b"}),
        ("port_visit.html", {"stdin"}),
        ("defence_wire.rss", {"dw-2024-0307-convoy", "dw-2024-0308-tanker",
                              "https://defence-wire.example/2024/03/09/inspectors"}),
    ],
)
def test_stdin_format_is_sniffed(tmp_path: Path, name: str, keys: set[str]) -> None:
    db = tmp_path / "t.duckdb"
    res = cli("ingest", "-", "--db", db, "--no-analyse", input=fixture(name).read_bytes())
    assert res.exit_code == 0, res.output
    assert {r["key"] for r in json.loads(cli("articles", "--db", db, "--json").stdout)} == keys


def test_stdin_warc(tmp_path: Path) -> None:
    data, _ = build_warc([("https://x.example/p", fixture("port_visit.html").read_bytes())], gzip=True)
    db = tmp_path / "t.duckdb"
    res = cli("ingest", "-", "--db", db, "--no-analyse", input=data)
    assert res.exit_code == 0, res.output
    assert [r["key"] for r in json.loads(cli("articles", "--db", db, "--json").stdout)] == ["https://x.example/p"]


def _tree(root: Path) -> Path:
    copy_fixtures(root / "text", "shells_text.txt", "hafen_de.txt")
    copy_fixtures(root / "web" / "pages", "shells_shipment.html", "port_visit.html")
    copy_fixtures(root / "data", "wire.jsonl", "briefs.json")
    copy_fixtures(root / "feeds", "defence_wire.rss", "sanctions_watch.atom")
    copy_fixtures(root / ".cache", "shells_text.txt")  # hidden folders are skipped
    (root / "web" / "pages" / ".hidden.html").write_bytes(fixture("port_visit.html").read_bytes())
    return root


def _keys(db: Path) -> set[str]:
    return {r["key"] for r in json.loads(cli("articles", "--db", db, "--json").stdout)}


def test_folder_is_walked_recursively(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "t.duckdb"
    res = cli("ingest", root, "--db", db, "--no-analyse")
    assert res.exit_code == 0, res.output
    assert "stored 14," in res.stdout
    assert len(_keys(db)) == 14
    again = cli("ingest", root, "--db", db, "--no-analyse")
    assert "stored 0, unchanged 14, updated 0" in again.stdout


def test_folder_include_glob(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "t.duckdb"
    res = cli("ingest", root, "--db", db, "--no-analyse", "--include", "*.html", "--include", "*.txt")
    assert res.exit_code == 0, res.output
    assert _keys(db) == {"shells_text", "hafen_de", "shells_shipment", "port_visit"}


def test_folder_include_relative_path_glob(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "t.duckdb"
    res = cli("ingest", root, "--db", db, "--no-analyse", "--include", "web/*")
    assert res.exit_code == 0, res.output
    assert _keys(db) == {"shells_shipment", "port_visit"}


def test_folder_exclude_glob(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    db = tmp_path / "t.duckdb"
    res = cli("ingest", root, "--db", db, "--no-analyse", "--exclude", "feeds/*", "--exclude", "*.json*")
    assert res.exit_code == 0, res.output
    assert _keys(db) == {"shells_text", "hafen_de", "shells_shipment", "port_visit"}


def test_same_key_from_two_inputs_keeps_both(tmp_path: Path) -> None:
    a = tmp_path / "a"
    b = tmp_path / "b"
    copy_fixtures(a, "shells_text.txt")
    b.mkdir()
    (b / "shells_text.txt").write_text("A different report about the ship, filed later in the day.\n")
    db = tmp_path / "t.duckdb"
    res = cli("ingest", a, b, "--db", db, "--no-analyse")
    assert res.exit_code == 0, res.output
    assert _keys(db) == {"shells_text", f"shells_text@{b / 'shells_text.txt'}"}


def test_read_input_by_suffix_and_content() -> None:
    raw = RawInput("mem", "mem", "", b"<rss><channel><title>T</title><item><title>x</title>"
                   b"<description>The navy confirmed the tanker was searched twice.</description></item>"
                   b"</channel></rss>")
    [art] = list(read_input(raw, IngestOptions()))
    assert isinstance(art, Article) and art.outlet == "T"
    raw = RawInput("mem.md", "mem", ".md", b"# not markup aware\n\nThe quay was closed on Sunday.")
    [art] = list(read_input(raw, IngestOptions()))
    assert isinstance(art, Article) and "The quay was closed on Sunday." in art.text
    html = fixture("port_visit.html").read_text("utf-8")
    assert read_html(html, None, "o").key == "https://northern-dispatch.example/news/frigate-velsk-port-call"
