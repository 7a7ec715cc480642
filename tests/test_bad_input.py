"""Bad input: a one-line error naming the input and the reason, the batch goes on, exit 1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimgraph.ingest import InputError
from claimgraph.ingest.decode import decode_bytes, looks_binary
from claimgraph.ingest.warc import read_warc
from claimgraph.models import Article
from ingest_helpers import build_warc, cli, copy_fixtures, errors_json, failed_lines, fixture

GOOD = ("shells_text.txt", "port_visit.html", "wire.jsonl")
GOOD_KEYS = {"shells_text", "port_visit", "wire-001", "fm-040", "wire-003"}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + b"\x00" * 200


def _keys(db: Path) -> set[str]:
    res = cli("articles", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    return {r["key"] for r in json.loads(res.stdout)}


def run_batch(tmp_path: Path, *extra: str, paths: list[str | Path] | None = None) -> tuple[object, Path]:
    """Ingest the folder tmp_path/in (good fixtures plus whatever the test put there)."""
    db = tmp_path / "t.duckdb"
    args: list[str | Path] = ["ingest", *(paths or [tmp_path / "in"]), "--db", db, "--no-analyse", *extra]
    return cli(*args), db


def check_one_failure(res: object, db: Path, input_name: str, reason: str) -> None:
    """Exit 1, exactly one single-line failure naming the input and the reason, good files stored."""
    assert res.exit_code == 1, res.output  # type: ignore[attr-defined]
    lines = failed_lines(res)  # type: ignore[arg-type]
    assert len(lines) == 1, res.stderr  # type: ignore[attr-defined]
    line = lines[0]
    assert input_name in line and reason in line, line
    # one line: the message is not wrapped however long the path is, and nothing else is printed
    assert sum(input_name in ln for ln in res.stderr.splitlines()) == 1  # type: ignore[attr-defined]
    for ln in res.stderr.splitlines():  # type: ignore[attr-defined]
        assert ln.startswith(("failed: ", "not analysed: ")), ln
    assert "failed 1 " in res.stdout  # type: ignore[attr-defined]
    assert GOOD_KEYS <= _keys(db)
    errs = errors_json(db)
    assert len(errs) == 1
    assert input_name in errs[0]["input"] and reason in errs[0]["reason"]
    table = cli("errors", "--db", db)
    assert table.exit_code == 0 and "1 failed inputs" in table.stdout


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return copy_fixtures(tmp_path / "in", *GOOD)


# ---------------------------------------------------------------- files


def test_empty_file(tmp_path: Path, batch: Path) -> None:
    (batch / "nothing_here.txt").write_bytes(b"")
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "nothing_here.txt", "empty file")


def test_whitespace_only_file(tmp_path: Path, batch: Path) -> None:
    (batch / "blank.txt").write_bytes(b"  \n\n\t \r\n")
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "blank.txt", "only whitespace")


def test_binary_file(tmp_path: Path, batch: Path) -> None:
    (batch / "photo_of_the_ship.txt").write_bytes(PNG)
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "photo_of_the_ship.txt", "binary file, not text")


def test_binary_file_with_html_suffix(tmp_path: Path, batch: Path) -> None:
    (batch / "archive.html").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "archive.html", "binary file, not text")


def test_file_over_the_size_limit(tmp_path: Path, batch: Path) -> None:
    big = batch / "very_long_report.txt"
    big.write_text("The convoy crossed the border at night, officials said.\n\n" * 400)  # ~23 kB
    res, db = run_batch(tmp_path, "--max-size", "0.01")  # 10 kB; the good fixtures are smaller
    check_one_failure(res, db, "very_long_report.txt", "over the 10,000 bytes limit (--max-size)")
    # the same file under a larger limit is fine
    res = cli("ingest", big, "--db", db, "--no-analyse", "--max-size", "1")
    assert res.exit_code == 0, res.output


def test_undecodable_bytes_after_a_bom(tmp_path: Path, batch: Path) -> None:
    (batch / "broken_utf8.txt").write_bytes(
        b"\xef\xbb\xbfThe harbour reopened on Monday \xff\xfe\xfd after the ship left.\n"
    )
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "broken_utf8.txt", "undecodable bytes after a utf-8-sig BOM")


def test_undecodable_bytes_no_encoding_fits(tmp_path: Path, batch: Path) -> None:
    import random

    rng = random.Random(7)
    noise = bytearray(range(0x80, 0x100)) * 8
    rng.shuffle(noise)
    (batch / "scrambled.txt").write_bytes(bytes(noise))
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "scrambled.txt", "undecodable bytes")


def test_legacy_encoded_text_is_decoded_by_detection(tmp_path: Path, batch: Path) -> None:
    """Not UTF-8, no BOM: detection decodes it, nothing fails."""
    (batch / "sanctions_cp1252.txt").write_bytes(
        "The minister\u2019s aide called the sanctions \u201cunfounded\u201d \u2013 and the caf\u00e9 owners "
        "near the quay said trade had fallen by half.\n".encode("cp1252")
    )
    res, db = run_batch(tmp_path)
    assert res.exit_code == 0, res.output
    shown = json.loads(cli("show", "sanctions_cp1252", "--db", db, "--json").stdout)
    assert shown["text"] == (
        "The minister's aide called the sanctions \"unfounded\" \u2013 and the caf\u00e9 owners "
        "near the quay said trade had fallen by half."
    )


def test_malformed_json_line_reports_its_line_number(tmp_path: Path, batch: Path) -> None:
    (batch / "feed_dump.jsonl").write_text(
        '{"id": "ok-1", "text": "The navy confirmed the patrol on Sunday evening."}\n'
        '{"id": "ok-2", "text": "Inspectors arrived at the yard on Monday morning."}\n'
        '{"id": "bad", "text": "this line was cut off\n'
        '{"id": "ok-4", "text": "The ship left the harbour on Tuesday at noon."}\n'
    )
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "feed_dump.jsonl:3", "malformed JSON on line 3")
    assert {"ok-1", "ok-2", "ok-4"} <= _keys(db)


def test_malformed_json_document(tmp_path: Path, batch: Path) -> None:
    (batch / "briefs_broken.json").write_text('[\n  {"id": "x", "text": "The port is open."},\n  {"id": \n]\n')
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "briefs_broken.json", "malformed JSON at line 4")


def test_json_object_without_text(tmp_path: Path, batch: Path) -> None:
    (batch / "no_text.jsonl").write_text('{"id": "n1", "title": "Only a headline"}\n')
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "no_text.jsonl:1", "no text")


def test_html_page_with_no_main_text(tmp_path: Path, batch: Path) -> None:
    (batch / "landing_page.html").write_text(
        "<!DOCTYPE html><html><head><title>Harbour Ledger</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/login'>Log in</a></nav>"
        "<div class='widgets'>Smiley face Weather Live Markets</div>"
        "<footer>&copy; 2024 Harbour Ledger. All rights reserved.</footer></body></html>"
    )
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "landing_page.html", "HTML page has no main text")


def test_html_page_with_empty_body(tmp_path: Path, batch: Path) -> None:
    (batch / "empty_body.html").write_text("<html><head><title>Nothing</title></head><body></body></html>")
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "empty_body.html", "HTML page has no main text")


def test_text_file_with_only_boilerplate(tmp_path: Path, batch: Path) -> None:
    (batch / "chrome_only.txt").write_text("Share this article\nFollow us on Twitter\n\u00a9 2024 Harbour Ledger\n")
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "chrome_only.txt", "no article text")


def test_missing_path(tmp_path: Path, batch: Path) -> None:
    missing = tmp_path / "not_there.txt"
    res, db = run_batch(tmp_path, paths=[tmp_path / "in", missing])
    check_one_failure(res, db, "not_there.txt", "no such file or directory")


# ---------------------------------------------------------------- WARC


def _pages() -> list[tuple[str, bytes]]:
    return [
        ("https://harbour-ledger.example/a", fixture("shells_shipment.html").read_bytes()),
        ("https://northern-dispatch.example/b", fixture("port_visit.html").read_bytes()),
    ]


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_record(tmp_path: Path, batch: Path, gzip: bool) -> None:
    data, offsets = build_warc(_pages(), gzip=gzip)
    cut = offsets[1] + (len(data) - offsets[1]) * 2 // 3  # inside the second record's payload
    name = "crawl.warc.gz" if gzip else "crawl.warc"
    (batch / name).write_bytes(data[:cut])
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, f"{name}#https://northern-dispatch.example/b", "truncated WARC record")
    keys = _keys(db)
    assert "https://harbour-ledger.example/a" in keys
    assert "https://northern-dispatch.example/b" not in keys  # no half article is stored


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_every_cut_of_a_warc_keeps_the_first_record_and_reports_the_second(gzip: bool) -> None:
    data, offsets = build_warc(_pages(), gzip=gzip)
    trailer = 4 if not gzip else 12  # blank lines / gzip trailer: the record itself is complete
    # every byte of the headers region, then every 11th byte of the payload (each cut re-reads record 1)
    dense = range(offsets[1] + 1, min(offsets[1] + 700, len(data) - trailer), 1 if not gzip else 2)
    sparse = range(dense.stop, len(data) - trailer, 11)
    for cut in [*dense, *sparse, len(data) - trailer - 1]:
        results = list(read_warc(data[:cut], "w.warc"))
        kinds = [type(r).__name__ for r in results]
        assert kinds == ["Article", "InputError"], (cut, results)
        assert "truncated" in str(results[1])
        assert isinstance(results[0], Article) and results[0].key == "https://harbour-ledger.example/a"


def test_warc_cut_in_the_first_record(tmp_path: Path) -> None:
    data, offsets = build_warc(_pages())
    results = list(read_warc(data[: offsets[0] + 500], "w.warc"))
    assert len(results) == 1 and isinstance(results[0], InputError)
    assert "truncated" in results[0].reason


def test_warc_with_a_wrong_content_length(tmp_path: Path, batch: Path) -> None:
    data, offsets = build_warc(_pages())
    head, sep, rest = data[: offsets[1]].rpartition(b"Content-Length: ")
    length = int(rest.split(b"\r\n", 1)[0])
    damaged = head + sep + str(length - 40).encode() + rest[len(str(length)) :] + data[offsets[1] :]
    (batch / "misaligned.warc").write_bytes(damaged)
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "misaligned.warc", "corrupt WARC record")  # and no warcio warning on stderr


def test_not_a_warc(tmp_path: Path, batch: Path) -> None:
    (batch / "notes.warc").write_text("These are my notes about the shipment, not an archive.\n")
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "notes.warc", "not a readable WARC archive")


def test_warc_record_without_main_text(tmp_path: Path, batch: Path) -> None:
    pages = [
        ("https://harbour-ledger.example/a", fixture("shells_shipment.html").read_bytes()),
        ("https://harbour-ledger.example/empty", b"<html><body><nav>Home</nav></body></html>"),
    ]
    data, _ = build_warc(pages)
    (batch / "crawl.warc").write_bytes(data)
    res, db = run_batch(tmp_path)
    check_one_failure(res, db, "crawl.warc#https://harbour-ledger.example/empty", "no main text")


# ---------------------------------------------------------------- feed URLs


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)  # keep it open, say nothing

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join(2)
    for c in held:
        c.close()
    srv.close()


@pytest.fixture
def hangup_server() -> Iterator[int]:
    """A TCP server that accepts each connection and closes it at once."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except (TimeoutError, OSError):
                continue
            conn.recv(4096)
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join(2)
    srv.close()


def test_feed_url_that_never_answers(tmp_path: Path, batch: Path, silent_server: int) -> None:
    url = f"http://127.0.0.1:{silent_server}/defence/feed.rss"
    start = time.monotonic()
    res, db = run_batch(tmp_path, "--timeout", "1", paths=[tmp_path / "in", url])
    assert time.monotonic() - start < 15
    check_one_failure(res, db, url, "no answer from the URL")
    assert "timed out" in failed_lines(res)[0]


def test_feed_url_connection_refused(tmp_path: Path, batch: Path) -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    url = f"http://127.0.0.1:{port}/feed.atom"
    res, db = run_batch(tmp_path, "--timeout", "1", paths=[tmp_path / "in", url])
    check_one_failure(res, db, url, "no answer from the URL")
    assert "refused" in failed_lines(res)[0].lower()


def test_feed_url_that_hangs_up(tmp_path: Path, batch: Path, hangup_server: int) -> None:
    url = f"http://127.0.0.1:{hangup_server}/feed.rss"
    res, db = run_batch(tmp_path, "--timeout", "1", paths=[tmp_path / "in", url])
    check_one_failure(res, db, url, "no answer from the URL")


# ---------------------------------------------------------------- everything at once


def test_all_bad_inputs_in_one_batch(tmp_path: Path, batch: Path, silent_server: int) -> None:
    bad: dict[str, Callable[[Path], None]] = {
        "empty.txt": lambda p: p.write_bytes(b""),
        "image.txt": lambda p: p.write_bytes(PNG),
        "big.txt": lambda p: p.write_text("The port stayed closed all week, officials said.\n" * 300),
        "bad_bom.txt": lambda p: p.write_bytes(b"\xef\xbb\xbfok \xc3\x28 not utf-8"),
        "lines.jsonl": lambda p: p.write_text('{"id": "j1", "text": "The frigate left at dawn."}\n{"id":\n'),
        "nav_only.html": lambda p: p.write_text("<html><body><nav>Home | World | Sport</nav></body></html>"),
    }
    for name, write in bad.items():
        write(batch / name)
    data, offsets = build_warc(_pages())
    (batch / "cut.warc").write_bytes(data[: offsets[1] + 900])
    url = f"http://127.0.0.1:{silent_server}/feed.rss"
    res, db = run_batch(tmp_path, "--timeout", "1", "--max-size", "0.01", paths=[batch, url])
    assert res.exit_code == 1
    lines = failed_lines(res)
    assert len(lines) == 8, res.stderr
    expected = {
        "empty.txt": "empty file",
        "image.txt": "binary file",
        "big.txt": "--max-size",
        "bad_bom.txt": "undecodable bytes",
        "lines.jsonl:2": "malformed JSON on line 2",
        "nav_only.html": "no main text",
        "cut.warc#https://northern-dispatch.example/b": "truncated WARC record",
        url: "no answer from the URL",
    }
    errs = errors_json(db)
    assert len(errs) == len(expected)
    for name, reason in expected.items():
        assert sum(name in ln and reason in ln for ln in lines) == 1, (name, lines)
        assert sum(name in e["input"] and reason in e["reason"] for e in errs) == 1, (name, errs)
    assert GOOD_KEYS | {"j1", "https://harbour-ledger.example/a"} <= _keys(db)
    # the next clean run replaces the error list
    ok = cli("ingest", fixture("shells_text.txt"), "--db", db, "--no-analyse")
    assert ok.exit_code == 0
    assert errors_json(db) == []
    assert len(json.loads(cli("errors", "--db", db, "--all", "--json").stdout)) == len(expected)


# ---------------------------------------------------------------- decoding, unit level

LEGACY = [
    ("Le ministère a annoncé des sanctions contre trois sociétés déjà visées.", "latin-1"),
    ("Die Fregatte legte am Mittwoch an. Geplant ist eine gemeinsame Rettungsübung vor der Küste.", "latin-1"),
    ("He said \u201cno comment\u201d \u2013 and left\u2026", "cp1252"),
    ("Корабль с боеприпасами прибыл в порт в понедельник вечером.", "cp1251"),
    ("Корабль с боеприпасами прибыл в порт в понедельник вечером.", "koi8_r"),
    ("港に弾薬を積んだ船が到着した。", "shift_jis"),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain ASCII about the port.", "Plain ASCII about the port."),
        ("caf\u00e9 \u201cquoted\u201d".encode(), "caf\u00e9 \u201cquoted\u201d"),
        (b"\xef\xbb\xbf" + "BOM first: caf\u00e9".encode(), "BOM first: caf\u00e9"),
        ("UTF-16 with a BOM: Kestrel Bay".encode("utf-16"), "UTF-16 with a BOM: Kestrel Bay"),
        (b"\xfe\xff" + "UTF-16-BE: Velsk".encode("utf-16-be"), "UTF-16-BE: Velsk"),
        ("UTF-32: Marrow Island".encode("utf-32"), "UTF-32: Marrow Island"),
        # no BOM, not UTF-8: detection
        *[(text.encode(enc), text) for text, enc in LEGACY],
    ],
)
def test_decode_accepts(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "in.txt") == expected


def test_decode_stray_bytes_in_english_text_keeps_the_words() -> None:
    """Invalid UTF-8 in otherwise plain text is read as a legacy code page, not refused."""
    text = decode_bytes(b"The harbour \xff\xfe\xfd reopened on Monday after the ship left.", "in.txt")
    assert text.startswith("The harbour ") and text.endswith(" reopened on Monday after the ship left.")
    assert len(text) == len("The harbour ___ reopened on Monday after the ship left.")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (PNG, "binary file"),
        (b"GIF89a" + bytes(range(32)) * 10, "binary file"),
        (b"\xef\xbb\xbfok so far \xff\xfe\xfd then broken", "undecodable bytes after a utf-8-sig BOM"),
        (b"\xff\xfeK\x00e\x00s\x00t", "undecodable bytes after a utf-16 BOM"),  # odd length
        (bytes(range(0x80, 0x100)) * 4, "undecodable bytes"),
    ],
)
def test_decode_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "some/input.bin")
    assert info.value.input == "some/input.bin"
    assert reason in info.value.reason
    assert "\n" not in str(info.value)


def test_looks_binary() -> None:
    assert looks_binary(PNG)
    assert not looks_binary(b"")
    assert not looks_binary("caf\u00e9\tand\r\nnewlines\f".encode())
    assert looks_binary(b"text" + b"\x01\x02\x03" * 10)
