"""Property-based tests: random bytes and random markup never crash a reader.

Every reader entry point may only return or yield articles, or report an
:class:`InputError` (raised or yielded). Anything else is a bug.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.ingest import IngestOptions, InputError, read_input
from claimgraph.ingest.clean import _CHAR_MAP, clean_text
from claimgraph.ingest.decode import decode_bytes
from claimgraph.ingest.feed import read_feed
from claimgraph.ingest.html import read_html
from claimgraph.ingest.jsonfmt import FieldMap, read_json, read_jsonl
from claimgraph.ingest.pipeline import RawInput
from claimgraph.ingest.text import read_text
from claimgraph.ingest.warc import read_warc
from claimgraph.models import Article

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FAST = settings(FUZZ, max_examples=200)
SUFFIXES = (".txt", ".html", ".json", ".jsonl", ".warc", ".warc.gz", ".rss", ".atom", ".xml", ".md", "")

# ---------------------------------------------------------------- strategies

WORDS = st.sampled_from(
    "the navy said ship shells port minister Velsk Ostrana reportedly may share comment © 2024 "
    "Home World > | & &amp; &lt; &#0; &#x1F600; \u201c \u201d \u2019 \u00a0 \u200b \t \r \n \n\n < > / = \" ' ] [ "
    "<!-- --> <![CDATA[ ]]> { } : , date 2024-03-05 Smiley face Weather Live Markets".split(" ")
)
TEXTISH = st.one_of(
    st.text(max_size=80),
    st.lists(WORDS, max_size=20).map(" ".join),
)
TAGS = st.sampled_from(
    "html head body title meta link p div span article main nav header footer section a br script style "
    "h1 h2 ul li time table tr td rss channel item feed entry content description summary guid pubDate "
    "published updated id content:encoded rdf:RDF xml".split()
)
ATTRS = st.dictionaries(
    st.sampled_from(["class", "id", "href", "rel", "property", "content", "name", "type", "datetime", "lang"]),
    st.one_of(
        TEXTISH,
        st.sampled_from(
            ["canonical", "og:site_name", "article:published_time", "2024-03-05T08:30:00Z", "https://x.example/a",
             "text/html", "comments", "share", "nav"]
        ),
    ),
    max_size=3,
)


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(TAGS)
    attrs = "".join(f' {k}="{v}"' for k, v in draw(ATTRS).items())
    inner = "".join(draw(st.lists(children, max_size=4)))
    style = draw(st.integers(0, 9))
    if style == 0:
        return f"<{tag}{attrs}>{inner}"  # never closed
    if style == 1:
        return f"<{tag}{attrs}/>{inner}"
    if style == 2:
        return f"<{tag}{attrs}>{inner}</{draw(TAGS)}>"  # closed with the wrong tag
    return f"<{tag}{attrs}>{inner}</{tag}>"


MARKUP = st.recursive(TEXTISH, lambda kids: element(kids), max_leaves=30)


@st.composite
def document(draw: st.DrawFn) -> str:
    """Random markup, sometimes wrapped like a real page or feed."""
    body = "".join(draw(st.lists(MARKUP, min_size=1, max_size=5)))
    wrap = draw(st.integers(0, 4))
    if wrap == 0:
        return f"<!DOCTYPE html><html><head><title>{draw(TEXTISH)}</title></head><body>{body}</body></html>"
    if wrap == 1:
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{body}</channel></rss>'
    if wrap == 2:
        return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{body}</feed>'
    return body


JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXTISH, MARKUP
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(["text", "content", "body", "html", "title", "headline", "url", "id", "date",
                                       "published", "source", "outlet", "name", "articles"]), st.text(max_size=8)),
            kids,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@st.composite
def json_document(draw: st.DrawFn) -> str:
    text = json.dumps(draw(JSON_VALUES), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):  # damage it
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    return text


@st.composite
def json_lines(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(json_document(), TEXTISH), max_size=6))
    return draw(st.sampled_from(["\n", "\r\n", "\n\n"])).join(lines)


@st.composite
def warc_bytes(draw: st.DrawFn) -> bytes:
    """A real WARC (or WARC.gz) with random pages, then maybe cut or corrupted."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=draw(st.booleans()))
    for i in range(draw(st.integers(0, 3))):
        body = draw(st.one_of(document().map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
        ctype = draw(st.sampled_from(["text/html", "text/html; charset=latin-1", "application/json", "image/png", ""]))
        headers = [("Content-Type", ctype)] if ctype else []
        if draw(st.integers(0, 5)) == 0:
            headers.append(("Content-Encoding", "gzip"))  # a lie: the body is not gzipped
        if draw(st.integers(0, 5)) == 0:
            headers.append(("Transfer-Encoding", "chunked"))  # a lie too
        hh = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        rec_type = draw(st.sampled_from(["response", "response", "resource", "metadata"]))
        uri = draw(st.sampled_from(["https://x.example/", "http://y.example/a?b=1", "urn:x", ""])) + str(i)
        rec = writer.create_warc_record(
            uri, rec_type, payload=io.BytesIO(body), http_headers=hh if rec_type == "response" else None
        )
        writer.write_record(rec)
    data = buf.getvalue()
    # Record ids and dates make the length vary from run to run, so positions are drawn as
    # fractions of it: hypothesis needs the same draws to replay an example.
    damage = draw(st.integers(0, 3))
    where = draw(st.integers(0, 10_000))
    if damage == 1 and data:
        data = data[: len(data) * where // 10_000]
    elif damage == 2 and data:
        pos = (len(data) - 1) * where // 10_000
        data = data[:pos] + bytes([data[pos] ^ draw(st.integers(1, 255))]) + data[pos + 1 :]
    elif damage == 3:
        data = draw(st.binary(max_size=20)) + data
    return data


ANY_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    document().map(lambda s: s.encode("utf-8", "surrogatepass")),
    json_lines().map(lambda s: s.encode("utf-8", "surrogatepass")),
    warc_bytes(),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b""]),
              st.binary(max_size=300)).map(lambda t: t[0] + t[1]),
)


# ---------------------------------------------------------------- checks


def check_article(art: Article) -> None:
    assert isinstance(art.key, str) and art.key
    assert isinstance(art.text, str) and art.text.strip()
    assert isinstance(art.raw, str)
    for name in ("title", "url", "outlet"):
        value = getattr(art, name)
        assert value is None or isinstance(value, str), (name, value)
    check_offsets(art.text, art.raw, art.offset_map)


def check_offsets(text: str, raw: str, omap: Any) -> None:
    last = 0
    for clean_start, raw_start, length in omap.segments:
        assert 0 <= clean_start and clean_start + length <= len(text)
        assert 0 <= raw_start and raw_start + length <= len(raw)
    for p, ch in enumerate(text):
        r = omap.to_raw(p)
        assert 0 <= r <= len(raw)
        assert r >= last  # order is kept
        last = r
        if not ch.isspace():
            assert r < len(raw)
            assert _CHAR_MAP.get(raw[r], raw[r]) == ch, (p, ch, raw[r])
    assert 0 <= omap.to_raw(len(text)) <= len(raw)


def outcomes(call: Callable[[], Any]) -> list[Article | InputError]:
    """Run a reader; only articles and InputErrors (raised or yielded) are allowed."""
    try:
        result = call()
        items = list(result) if isinstance(result, Iterable) and not isinstance(result, Article) else [result]
    except InputError as exc:
        items = [exc]
    for item in items:
        assert isinstance(item, Article | InputError), item
        if isinstance(item, Article):
            check_article(item)
        else:
            assert item.input and item.reason
            assert "\n" not in item.reason, item.reason
    return items


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


# ---------------------------------------------------------------- properties


@FUZZ
@given(data=ANY_BYTES, suffix=st.sampled_from(SUFFIXES))
def test_read_input_never_crashes(data: bytes, suffix: str) -> None:
    outcomes(lambda: read_input(RawInput(f"fuzz{suffix}", "fuzz", suffix, data), IngestOptions()))


@FAST
@given(data=ANY_BYTES)
def test_decode_bytes(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz.bin")
    except InputError as exc:
        assert exc.input == "fuzz.bin" and "\n" not in exc.reason
        return
    assert isinstance(text, str)


@FAST
@given(raw=st.one_of(st.text(max_size=2000), document(), st.lists(WORDS, max_size=200).map(" ".join)))
def test_clean_text_offsets_map_back(raw: str) -> None:
    text, omap = clean_text(raw)
    check_offsets(text, raw, omap)
    assert text == text.strip()
    assert "  " not in text and "\n\n\n" not in text


@FAST
@given(
    raw=st.lists(WORDS, max_size=120).map(" ".join),
    skips=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=4),
)
def test_clean_text_with_skipped_ranges(raw: str, skips: list[tuple[int, int]]) -> None:
    ranges = [(a, min(a + n, len(raw))) for a, n in skips if a < len(raw)]
    text, omap = clean_text(raw, ranges)
    check_offsets(text, raw, omap)
    for p in range(len(text)):
        if not text[p].isspace():
            r = omap.to_raw(p)
            assert not any(a <= r < z for a, z in ranges), (p, r, ranges)


@FUZZ
@given(raw=st.one_of(st.text(max_size=1500), document(), st.lists(WORDS, max_size=150).map(" ".join)))
def test_read_text(raw: str) -> None:
    outcomes(lambda: read_text(raw, "k", "fuzz.txt"))


@FUZZ
@given(html=st.one_of(document(), st.text(max_size=1500)), url=st.none() | st.just("https://x.example/p"))
def test_read_html(html: str, url: str | None) -> None:
    outcomes(lambda: read_html(html, None, "fuzz.html", url=url))


@FUZZ
@given(data=st.one_of(document(), st.text(max_size=1000), st.binary(max_size=1000)))
def test_read_feed(data: str | bytes) -> None:
    outcomes(lambda: read_feed(data, "fuzz.rss"))


FEED_DATES = st.one_of(
    TEXTISH,
    st.sampled_from(
        ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "Fri, 01 Jan 99999 00:00:00 GMT", "2024-02-30",
         "Thu, 07 Mar 2024 06:15:00 GMT", "-0001-01-01", "1970-01-01T00:00:00Z"]
    ),
)


@st.composite
def feed_with_entries(draw: st.DrawFn) -> str:
    items = "".join(
        f"<item><title>{draw(TEXTISH)}</title><link>{draw(TEXTISH)}</link><pubDate>{draw(FEED_DATES)}</pubDate>"
        f"<description>{draw(st.one_of(TEXTISH, MARKUP))}</description></item>"
        for _ in range(draw(st.integers(1, 3)))
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{draw(TEXTISH)}</title>{items}</channel></rss>'


@FUZZ
@given(feed=feed_with_entries())
def test_read_feed_entries_with_random_content(feed: str) -> None:
    outcomes(lambda: read_feed(feed, "fuzz.rss"))


@FUZZ
@given(text=st.one_of(json_document(), st.text(max_size=500)), overrides=st.lists(
    st.sampled_from(["text=story", "title=h", "key=slug", "published=when", "outlet=paper", "html=markup"]),
    max_size=3,
))
def test_read_json(text: str, overrides: list[str]) -> None:
    fm = FieldMap.parse(overrides)
    outcomes(lambda: read_json(text, "fuzz.json", "fuzz", fm))


@FUZZ
@given(text=st.one_of(json_lines(), st.text(max_size=500)))
def test_read_jsonl(text: str) -> None:
    outcomes(lambda: read_jsonl(text, "fuzz.jsonl", "fuzz", FieldMap()))


@FUZZ
@given(data=st.one_of(warc_bytes(), st.binary(max_size=2000)))
def test_read_warc(data: bytes) -> None:
    outcomes(lambda: read_warc(data, "fuzz.warc"))


@FUZZ
@given(
    obj=st.fixed_dictionaries(
        {"text": st.one_of(TEXTISH, st.integers(), st.lists(TEXTISH, max_size=2))},
        optional={
            "title": JSON_SCALARS,
            "url": JSON_SCALARS,
            "date": st.one_of(JSON_SCALARS, st.sampled_from(["2024-02-30", "yesterday", "1e999", "March 7, 2024"])),
            "source": st.one_of(JSON_SCALARS, st.dictionaries(st.sampled_from(["name", "title"]), JSON_SCALARS)),
            "id": JSON_SCALARS,
            "html": st.one_of(document(), JSON_SCALARS),
        },
    )
)
def test_json_objects_with_odd_field_values(obj: dict[str, Any]) -> None:
    line = json.dumps(obj)
    assume(line)
    outcomes(lambda: read_jsonl(line, "fuzz.jsonl", "fuzz", FieldMap()))


def test_deeply_nested_inputs_are_reported_not_crashed() -> None:
    deep_json = "[" * 50_000 + "]" * 50_000
    deep_html = "<div>" * 20_000 + "The ship left the harbour." + "</div>" * 20_000
    for suffix, data in ((".json", deep_json), (".jsonl", deep_json), (".html", deep_html), (".rss", deep_html)):
        outcomes(lambda s=suffix, d=data: read_input(RawInput("deep" + s, "deep", s, d.encode()), IngestOptions()))
