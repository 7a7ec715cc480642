"""Bytes to text: UTF-8 first, then BOMs, then detection.

charset-normalizer does the detection; the only hand-written part is the refusal of
binary data, because detectors happily "decode" a PNG as some legacy code page.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from claimgraph.ingest.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean not text."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode ``data`` or raise :class:`InputError` naming ``origin``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(origin, f"undecodable bytes after a {encoding} BOM: {exc.reason}") from exc
    if looks_binary(data):
        raise InputError(origin, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(origin, "undecodable bytes: not UTF-8 and no known encoding fits")
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise InputError(origin, f"undecodable bytes: best guess {best.encoding} gives replacement characters")
    return text
