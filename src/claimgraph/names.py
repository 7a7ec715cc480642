"""How names are compared: one normal form for the packs' index and the store's entity index,
so that a name the store holds is found under every spelling the packs resolve."""

from __future__ import annotations

import re


def name_key(name: str) -> str:
    """Lower case, curly apostrophe straightened, a leading "the" and a trailing "'s" dropped,
    hyphens and runs of spaces as one space, outer dots and spaces stripped."""
    s = name.replace("\u2019", "'").lower().strip()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return re.sub(r"[\s\-]+", " ", s).strip(" .")
