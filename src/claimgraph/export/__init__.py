"""Exports: the read layer's :class:`~claimgraph.read.records.Picture` written in formats other
tools load. Each format is declared once, in :data:`EXPORTERS`, with its settings beside it.

Writing is all or nothing: the exporter writes into a temporary folder next to the target, and
the result is moved into place only when it is complete, so a failed export never leaves a
half-written file (or replaces a good one).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimgraph.export import csvfmt, ftm, graphml, jsonfmt, stix
from claimgraph.read.records import Picture
from claimgraph.staging import OutputError, staging


class ExportError(Exception):
    """The export cannot be written; the message names the path or format and why."""


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    write: Callable[[Picture, Path], None]  # writes the file (or, with ``folder``, the folder) at the path
    folder: bool = False  # a folder of files; written as a .zip when the target's name ends in .zip
    consumer: str = ""  # the library that reads it back (tests load every export with it)


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("json", "the whole picture with provenance offsets, valid against read/schema.json",
                 jsonfmt.write, consumer="jsonschema"),
        Exporter("csv", "one CSV file per record type, in a folder (or a .zip)", csvfmt.write, folder=True,
                 consumer="csv"),
        Exporter("graphml", "entities, events, claims and articles as nodes, their relations as edges",
                 graphml.write, consumer="networkx"),
        Exporter("stix", "a STIX 2.1 bundle: a report per article, identities, locations, notes for claims",
                 stix.write, consumer="stix2-validator"),
        Exporter("ftm", "FollowTheMoney entities, one JSON object per line", ftm.write,
                 consumer="followthemoney"),
    )
}


def export(picture: Picture, fmt: str, out: Path) -> Path:
    """Write ``picture`` as ``fmt`` to ``out``; returns the path written."""
    exp = EXPORTERS.get(fmt)
    if exp is None:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    out = out.expanduser()
    as_zip = exp.folder and out.suffix.lower() == ".zip"
    if out.is_dir() and not (exp.folder and not as_zip):
        raise ExportError(f"{out}: is a folder; give a file name")
    if out.exists() and not out.is_dir() and exp.folder and not as_zip:
        raise ExportError(f"{out}: is a file; {fmt} writes a folder (or give a name ending in .zip)")
    try:
        with staging(out, "export") as tmp:
            built = tmp / "out"
            if exp.folder:
                built.mkdir()
            exp.write(picture, built)
            if as_zip:
                zipped = tmp / "out.zip"
                with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
                    for f in sorted(built.iterdir()):
                        zf.write(f, f.name)
                built = zipped
            if out.is_dir():  # an earlier export's folder: keep it until the new one is in place
                os.replace(out, tmp / "previous")
            os.replace(built, out)
    except OutputError as exc:
        raise ExportError(str(exc)) from exc
    return out
