"""Bytes to text: UTF-8 first, then BOMs, then detection.

charset-normalizer does the detection. Two parts are hand-written: the refusal of binary
data, because detectors happily "decode" a PNG as some legacy code page, and a check for
Western European text in cp1252/latin-1 before detection, because on short, mostly-ASCII
texts the detector often picks a wrong code page (French as cp1257, German as big5).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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


# Typographic characters a cp1252 text may hold outside words.
_WESTERN_PUNCT = frozenset("\u00a0\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u00b0\u00a9"
                           "\u00ae\u2122\u00ab\u00bb\u00a3\u00a7\u00b7\u00b4\u00bf\u00a1\u00ba\u00aa\u00bd")
_WORD_RUN = re.compile(r"[^\W\d_]+")


def western(data: bytes) -> str | None:
    """``data`` as cp1252 if it reads as Western European text, else None.

    Accepted only when the text is mostly ASCII and every other character is either
    common typographic punctuation or a letter inside a word that also has ASCII letters
    (single-letter words such as French "à" excepted): that is what accented Latin text
    looks like, and what Cyrillic, Greek or CJK bytes read as cp1252 do not look like.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = [ch for ch in text if ord(ch) > 127]
    if not high or len(high) > len(text) // 5:
        return None
    if any(ch not in _WESTERN_PUNCT and not unicodedata.category(ch).startswith("L") for ch in high):
        return None
    for m in _WORD_RUN.finditer(text):
        word = m.group()
        if len(word) > 1 and not any(ch.isascii() for ch in word):
            return None
    return text


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
    text_western = western(data)
    if text_western is not None:
        return text_western
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(origin, "undecodable bytes: not UTF-8 and no known encoding fits")
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise InputError(origin, f"undecodable bytes: best guess {best.encoding} gives replacement characters")
    return text
