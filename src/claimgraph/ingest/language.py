"""Language identification with py3langid (offline, model shipped in the package)."""

from __future__ import annotations

import py3langid


def _has_letters(sample: str, needed: int = 20) -> bool:
    """At least ``needed`` letters; stops counting as soon as there are enough."""
    for ch in sample:
        if ch.isalpha():
            needed -= 1
            if needed <= 0:
                return True
    return False


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is too little text to tell."""
    sample = text[:5000]
    if not _has_letters(sample):
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
