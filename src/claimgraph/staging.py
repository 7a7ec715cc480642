"""All-or-nothing output files: write into a temporary folder beside the target, then move the
result into place, so a failed write never leaves half a file or replaces a good one."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written; the message names the path and why."""


@contextmanager
def staging(out: Path, prefix: str) -> Iterator[Path]:
    """A temporary folder on the target's file system (so the final move is a rename), removed
    afterwards whatever happens. Raises :class:`OutputError` for a missing or unwritable folder."""
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{out}: the folder {parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".claimgraph-{prefix}-", dir=parent))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write here ({exc.strerror or exc})") from exc
    try:
        yield tmp
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
