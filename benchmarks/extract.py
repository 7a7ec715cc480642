"""How much the per-article extraction stage adds on top of spaCy.

One run, same texts, same pipeline (``claimgraph.nlp.pipeline.load_nlp()``):

  (a) baseline: ``list(nlp.pipe(texts))``
  (b) the whole per-article stage: ``extract_article`` on each article (it runs nlp itself)

Reports articles/second for both and the ratio baseline_time / extract_time (goal >= 0.6:
extraction adds at most 40% on top of spaCy), and writes a "## Extract" section into
BENCHMARKS.md. Below the goal it profiles the stage and lists the hotspots in
src/claimgraph/extract.

    python benchmarks/extract.py                 # ~200 generated articles
    python benchmarks/extract.py --corpus DIR    # every .txt in DIR (``date YYYY-MM-DD`` header allowed)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import sys
import time
from datetime import date, datetime
from pathlib import Path

from mdsection import replace_section  # run as a script: benchmarks/ is on sys.path

from claimgraph.extract.pipeline import extract_article
from claimgraph.models import Article
from claimgraph.nlp.pipeline import gazetteer, load_nlp

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
GOAL = 0.6

# ------------------------------------------------------------------ generated articles
# Invented sentence templates about a fictional arms trade; every slot is filled at random
# (seeded), so the corpus is varied but the same from run to run.

SENDERS = ["North Korea", "Pyongyang", "the North Korean military", "Iran", "Tehran"]
RECEIVERS = ["Russia", "Moscow", "the Russian army", "Russian forces"]
WEAPONS = [
    "artillery shells", "Hwasong-11 missiles", "KN-23 ballistic missiles", "122mm rockets",
    "anti-tank missiles", "Shahed drones", "mortar rounds", "multiple rocket launchers",
]
VESSELS = ["the Angara", "the Maria", "the Lady R", "the Sun Rise", "the Kestrel", "the Baltic Leader"]
PORTS = ["Rajin", "Vostochny", "Dunai", "Vladivostok", "Nakhodka", "Chongjin"]
OFFICIALS = [
    ("John Kirby", "the spokesperson"), ("Dmitry Peskov", "the Kremlin spokesman"),
    ("Maria Zakharova", "the spokeswoman"), ("Antony Blinken", "the secretary"),
    ("Sergei Lavrov", "the minister"), ("Matthew Miller", "the spokesperson"),
]
DESCRIPTORS = [
    "Analysts", "South Korean officials", "A Ukrainian official", "White House officials",
    "Researchers at a Seoul institute", "Western diplomats", "Several sources", "Japanese officials",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PLACES = ["Kharkiv", "Zaporizhzhia", "Kyiv", "Odesa", "Bryansk", "Belgorod"]

TEMPLATES = [
    "{desc} said {sender} had shipped about {n:,} containers of {weapon} to {receiver} since {month}.",
    "According to {desc_l}, {vessel} left {port} on {month} {day_n} carrying {weapon}.",
    "{person} told reporters on {day} that {sender} had delivered {weapon} to {receiver}.",
    "{role_cap} said the {weapon} were moved by rail to a depot near {place}.",
    "He said the shipments had continued for at least {k} months.",
    "{receiver_cap} and {sender_cap} have denied any exchange of weapons.",
    "{sender_cap} denied that it had sold {weapon} to {receiver}.",
    "There is no evidence that {vessel} carried {weapon}, {desc_l} said.",
    "{desc} believe {sender} likely sent {n:,} {weapon} to {receiver} in {month} {year}.",
    "Satellite imagery suggests that {vessel} docked at {port} {k} times in {month}.",
    "{receiver_cap} may have paid for the {weapon} with oil, grain or fighter jet parts.",
    "Some experts speculate that {receiver} could share satellite technology with {sender}.",
    "{sender_cap} reportedly received {n:,} tonnes of fuel from {receiver} in {month} {year}.",
    "Kim Jong Un visited a munitions factory in {month} {year}, state media reported.",
    "{person} met Choe Son Hui in {port} on {month} {day_n}, {year} to discuss military cooperation.",
    "Ukrainian officials said {receiver} fired {k} {weapon} at {place} on {day}.",
    "The {weapon} appear to have been made in {sender} in the 1980s.",
    "{receiver_cap} is believed to have received more than {n:,} {weapon} from {sender}.",
    "North Korea remains under a United Nations arms embargo that bars all weapons exports.",
    "The United States imposed sanctions on {k} companies linked to the shipments in {month} {year}.",
    "Officials said {receiver} might send engineers to {port} to help with the launch sites.",
    "Why would {sender} risk new sanctions for a few trainloads of shells?",
    "{vessel_cap} switched off its transponder near {port}, according to ship-tracking data.",
    "The missiles have a range of about {r} km, {desc_l} said.",
]
HEADINGS = [
    "Arms shipments continue", "Kremlin rejects accusations", "What the satellite images show",
    "A new route by sea", "Reaction in Seoul", "Sanctions and their limits",
]


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def generate(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras: list[str] = []
        n_paras = rng.randint(8, 18)
        for j in range(n_paras):
            if j and rng.random() < 0.12:
                paras.append(rng.choice(HEADINGS))
            sents = []
            for _ in range(rng.randint(1, 3)):
                person, role = rng.choice(OFFICIALS)
                desc = rng.choice(DESCRIPTORS)
                slots = {
                    "sender": rng.choice(SENDERS), "receiver": rng.choice(RECEIVERS),
                    "weapon": rng.choice(WEAPONS), "vessel": rng.choice(VESSELS), "port": rng.choice(PORTS),
                    "person": person, "role_cap": _cap(role), "desc": desc, "desc_l": desc[0].lower() + desc[1:],
                    "month": rng.choice(MONTHS), "day": rng.choice(DAYS), "day_n": rng.randint(1, 28),
                    "year": rng.choice([2022, 2023, 2024]), "n": rng.choice([40, 300, 1000, 6700, 12000]),
                    "k": rng.randint(2, 30), "r": rng.choice([300, 600, 900, 1500]), "place": rng.choice(PLACES),
                }
                slots.update(sender_cap=_cap(slots["sender"]), receiver_cap=_cap(slots["receiver"]),
                             vessel_cap=_cap(slots["vessel"]))
                sents.append(rng.choice(TEMPLATES).format(**slots))
            paras.append(" ".join(sents))
        pub = date(2024, rng.randint(1, 12), rng.randint(1, 28))
        out.append(Article(key=f"gen_{i:03d}", text="\n\n".join(paras) + "\n", published=pub))
    return out


def read_corpus(folder: Path) -> list[Article]:
    from claimgraph.ingest.text import read_text

    arts = []
    for p in sorted(folder.glob("*.txt")):
        raw = p.read_text(encoding="utf-8", errors="replace")
        try:
            arts.append(read_text(raw, p.stem, str(p)))
        except Exception as exc:  # a benchmark skips what the reader rejects
            print(f"skipped {p.name}: {exc}", file=sys.stderr)
    return arts


# ------------------------------------------------------------------ measuring


def measure(articles: list[Article], block: int = 25) -> dict[str, float]:
    """Time both stages over the same articles.

    The two stages alternate over blocks of ``block`` articles (baseline block, extract
    block, next baseline block, ...) and the times are summed, so a change in machine load
    during the run hits both alike. Wall-clock and CPU time (this process) are both kept;
    CPU time is the one to trust on a shared machine.
    """
    nlp = load_nlp()
    gaz = gazetteer()
    texts = [a.text for a in articles]
    # warm-up: model weights, pattern caches, lazy imports, dateparser data
    list(nlp.pipe(texts[:3]))
    for a in articles[:3]:
        extract_article(a, nlp, gaz)

    wall = {"baseline": 0.0, "extract": 0.0}
    cpu = {"baseline": 0.0, "extract": 0.0}
    n_claims = n_events = 0
    for i in range(0, len(articles), block):
        arts = articles[i : i + block]
        w0, c0 = time.perf_counter(), time.process_time()
        docs = list(nlp.pipe([a.text for a in arts]))
        wall["baseline"] += time.perf_counter() - w0
        cpu["baseline"] += time.process_time() - c0
        assert len(docs) == len(arts)
        del docs
        w0, c0 = time.perf_counter(), time.process_time()
        for a in arts:
            ex = extract_article(a, nlp, gaz)
            n_claims += len(ex.claims)
            n_events += len(ex.events)
        wall["extract"] += time.perf_counter() - w0
        cpu["extract"] += time.process_time() - c0
    n = len(articles)
    return {
        "n": n,
        "chars": sum(map(len, texts)),
        "baseline_s": wall["baseline"],
        "extract_s": wall["extract"],
        "baseline_cpu": cpu["baseline"],
        "extract_cpu": cpu["extract"],
        "baseline_rate": n / wall["baseline"],
        "extract_rate": n / wall["extract"],
        "baseline_cpu_rate": n / cpu["baseline"],
        "extract_cpu_rate": n / cpu["extract"],
        "ratio": cpu["baseline"] / cpu["extract"],
        "ratio_wall": wall["baseline"] / wall["extract"],
        "claims": n_claims,
        "events": n_events,
        "load": os.getloadavg()[0],
    }


def profile(articles: list[Article], top: int = 15) -> list[str]:
    """The functions of src/claimgraph/extract that cost the most, by own time and cumulative."""
    nlp = load_nlp()
    gaz = gazetteer()
    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        extract_article(a, nlp, gaz)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "extract_article")  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "claimgraph" + os.sep + "extract" in path or "claimgraph/nlp" in path:
            rows.append((ct, tt, nc, f"{Path(path).parent.name}/{Path(path).name}:{line} {func}"))
    rows.sort(reverse=True)
    out = [f"profiled {len(articles)} articles, extract_article total {total:.2f}s (cumulative, own, calls)"]
    for ct, tt, nc, name in rows[:top]:
        out.append(f"{ct:8.2f}s {tt:7.2f}s {nc:9d}  {name}")
    return out


# ------------------------------------------------------------------ BENCHMARKS.md


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, Python {platform.python_version()}"


def section(r: dict[str, float], source: str, hotspots: list[str] | None) -> str:
    verdict = "meets" if r["ratio"] >= GOAL else "misses"
    lines = [
        "## Extract",
        "",
        f"Run {datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}; `python benchmarks/extract.py`"
        f"{'' if source == 'generated' else ' --corpus ' + source}.",
        "",
        f"{int(r['n'])} articles ({source}, {int(r['chars']):,} chars; {int(r['claims'])} claims, "
        f"{int(r['events'])} events found), same `load_nlp()` pipeline, warmed up once.",
        "",
        "| stage | CPU s | articles/s (CPU) | wall s | articles/s (wall) |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| spaCy only: `list(nlp.pipe(texts))` | {r['baseline_cpu']:.2f} | {r['baseline_cpu_rate']:.1f} "
        f"| {r['baseline_s']:.2f} | {r['baseline_rate']:.1f} |",
        f"| whole per-article stage: `extract_article` | {r['extract_cpu']:.2f} | {r['extract_cpu_rate']:.1f} "
        f"| {r['extract_s']:.2f} | {r['extract_rate']:.1f} |",
        "",
        f"Ratio baseline_time / extract_time = **{r['ratio']:.2f}** on CPU time ({r['ratio_wall']:.2f} wall-clock; "
        f"load average {r['load']:.1f} at the end of the run). Goal >= {GOAL} (extraction adds at most 40% on top "
        f"of spaCy): {verdict}; extraction adds {(1 / r['ratio'] - 1) * 100:.0f}% on top of spaCy. The stages "
        "alternate over blocks of 25 articles so that changes in machine load hit both.",
    ]
    if hotspots:
        lines += ["", "Hotspots (cProfile, claimgraph code only):", "", "```", *hotspots, "```"]
    return "\n".join(lines) + "\n"


def write_section(body: str, path: Path = BENCHMARKS_MD) -> None:
    replace_section(path, "## Extract", body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="folder of .txt articles instead of generated ones")
    ap.add_argument("-n", type=int, default=200, help="number of generated articles (default 200)")
    ap.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    ap.add_argument("--profile", action="store_true", help="profile even when the goal is met")
    args = ap.parse_args(argv)

    if args.corpus:
        articles = read_corpus(args.corpus)
        source = str(args.corpus)
    else:
        articles = generate(args.n)
        source = "generated"
    if not articles:
        print("no articles", file=sys.stderr)
        return 2
    r = measure(articles)
    print(f"{int(r['n'])} articles, {int(r['chars']):,} chars")
    for stage, label in (("baseline", "nlp.pipe       "), ("extract", "extract_article")):
        print(f"{stage:9} {label} cpu {r[stage + '_cpu']:7.2f}s {r[stage + '_cpu_rate']:7.1f} articles/s   "
              f"wall {r[stage + '_s']:7.2f}s {r[stage + '_rate']:7.1f} articles/s")
    print(f"ratio baseline/extract    {r['ratio']:.2f} cpu, {r['ratio_wall']:.2f} wall (goal >= {GOAL}); "
          f"load average {r['load']:.1f}")
    hotspots = None
    if r["ratio"] < GOAL or args.profile:
        hotspots = profile(articles[: min(len(articles), 60)])
        print("\n".join(hotspots))
    if not args.no_write:
        write_section(section(r, source, hotspots))
        print(f"wrote the Extract section of {BENCHMARKS_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
