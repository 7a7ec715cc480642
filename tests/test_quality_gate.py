"""The CI gate: seed and link-fixture scores may not drop more than TOLERANCE below the baseline.

The baseline (``tests/quality_baseline.json``) is written by ``benchmarks/quality.py --baseline``;
raising it is a deliberate commit. Counts where lower is better (``flagged``, ``largest``) are
held too: they may not grow by more than a fifth.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimgraph.eval.run import run_eval

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BASELINE = json.loads((ROOT / "tests" / "quality_baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 0.02
COUNT_GROWTH = 1.2
LOWER_IS_BETTER = {"flagged", "largest"}

SETS = {
    "seeds": (SHARED / "eval" / "seeds-gold.json", SHARED / "seeds"),
    "link fixtures": (ROOT / "tests" / "fixtures" / "link" / "gold.json", ROOT / "tests" / "fixtures" / "link"),
}


def _drops(name: str, base: dict, now: dict) -> list[str]:
    out = []
    for section, figures in base.items():
        for key, old in figures.items():
            new = now.get(section, {}).get(key)
            if old is None:
                continue
            if new is None:
                out.append(f"{name} {section}.{key}: {old} -> none")
            elif key in LOWER_IS_BETTER:
                if new > max(old * COUNT_GROWTH, old + 1):
                    out.append(f"{name} {section}.{key}: {old} -> {new}")
            elif new < old - TOLERANCE:
                out.append(f"{name} {section}.{key}: {old:.3f} -> {new:.3f}")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_hold_the_baseline(name: str, tmp_path: Path) -> None:
    gold, corpus = SETS[name]
    if not corpus.exists():
        pytest.skip(f"{corpus} is not present")
    articles = tmp_path / "corpus"
    articles.mkdir()
    for f in corpus.glob("*.txt"):  # articles only: the fixtures folder also holds gold.json and PLANTS.md
        shutil.copyfile(f, articles / f.name)
    _gold, report, _problems = run_eval(gold, articles)
    drops = _drops(name, BASELINE[name], report.to_json())
    assert not drops, "scores dropped below tests/quality_baseline.json:\n" + "\n".join(drops)


def test_the_gate_sees_a_drop() -> None:
    base = {"claims": {"recall": 0.80, "precision": None}, "contradictions": {"flagged": 10}}
    assert _drops("x", base, {"claims": {"recall": 0.79}, "contradictions": {"flagged": 12}}) == []
    assert _drops("x", base, {"claims": {"recall": 0.77}, "contradictions": {"flagged": 13}}) == [
        "x claims.recall: 0.800 -> 0.770", "x contradictions.flagged: 10 -> 13"]
