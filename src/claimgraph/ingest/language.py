"""Language identification with py3langid (offline, model shipped in the package)."""

from __future__ import annotations

import py3langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is too little text to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
