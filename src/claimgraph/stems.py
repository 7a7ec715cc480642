"""Content-word stems: the crude, dependency-free word comparison eval and linking share.

``eval`` matches a predicted claim to a gold summary by the share of the summary's stems it
holds; linking asks whether two claims share any substance besides their names. Both need the
same notion of "the same word" (supply/supplied/supplies, missile/missiles), so it lives here,
below both.
"""

from __future__ import annotations

import re

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet of to in on at by for with from into onto over under
    about above below after before between during through against among within without
    as than then that this these those there here which who whom whose what when where
    why how whether if because while though although
    is are was were be been being am has have had having do does did doing
    it its it's they them their theirs he him his she her hers we us our ours you your
    i me my mine one ones
    not no any all some each every both either neither other another such same own
    more most less least very too also just only even still already again
    may might could would should will shall can must cannot
    say says said saying tell tells told claim claims claimed according
    s t vs via per etc
    """.split()
)

_WORD_RE = re.compile(r"[a-z0-9]+")

# (suffix, replacement), longest first; a suffix is only stripped when at least
# _MIN_STEM characters remain.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ational", ""),
    ("itions", ""),
    ("ations", ""),
    ("ments", ""),
    ("ition", ""),
    ("ation", ""),
    ("ating", ""),
    ("ingly", ""),
    ("ment", ""),
    ("ions", ""),
    ("ings", ""),
    ("ated", ""),
    ("ates", ""),
    ("edly", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ion", ""),
    ("ing", ""),
    ("ate", ""),
    ("ed", ""),
    ("s", ""),
)
_MIN_STEM = 3


def stem(word: str) -> str:
    """Crude suffix stripper: develop/developing/development -> 'develop', missiles -> 'missil'."""
    w = word.lower()
    if w.isdigit() or len(w) <= _MIN_STEM:
        return w
    for _ in range(2):
        for suffix, repl in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM:
                if suffix == "s" and w.endswith(("ss", "us", "is")):
                    continue
                w = w[: len(w) - len(suffix)] + repl
                break
        else:
            break
    if len(w) > _MIN_STEM and w[-1] == w[-2] and w[-1] not in "aeioulsz":
        w = w[:-1]  # transferr -> transfer, shipp -> ship
    if len(w) > _MIN_STEM and w.endswith("e"):
        w = w[:-1]  # missile -> missil, so it meets missiles -> missil
    return w


def content_stems(text: str) -> set[str]:
    """Stems of the content words of ``text`` (lower-cased, stopwords dropped)."""
    text = text.lower().replace("\u2019", "'").replace("'s", " ")
    return {stem(w) for w in _WORD_RE.findall(text) if w not in STOPWORDS}
