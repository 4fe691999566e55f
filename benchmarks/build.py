"""Build benchmark: throughput beside the bare NER pass, every core, incremental rebuilds, memory.

On a synthetic corpus (``geo synth``), measured in one run:

1. the bare NER pass: a program that reads the corpus and runs natasha (segmenter + NER
   tagger) over every article's text, in one process;
2. ``geo build --workers 1 --no-cache``: the whole pipeline on one core. Its time over the
   bare NER pass says what the pipeline around the model costs (target: at most +50%);
3. ``geo build --no-cache`` on every core: the speed-up over one core;
4. an incremental build: a corpus of ``--incremental`` articles built once (cached), then
   one new article added and ``geo build`` run again (target: under 3 s);
5. peak memory (RSS of the build and its workers, sampled every 0.1 s) of each build.

    python -m benchmarks.build --articles 500 --incremental 10000

Builds run as ``geo build`` subprocesses, as a user runs them, and so does the NER pass;
times are wall-clock, start-up included on both sides. The NER pass and the one-core build
run twice, alternated, and the faster of each counts, so a busy machine weighs on both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Sampler
from geo.dataset.engines import cores
from geo.ingest.corpus import read_corpus


def synth(articles: int, out: Path, seed: int = 7) -> Path:
    """A synthetic corpus of ``articles`` articles; returns its articles folder."""
    from geo.cli import main

    main(["synth", "--articles", str(articles), "--out", str(out), "--seed", str(seed)])
    return out / "articles"


# natasha as its README shows it (Doc, segment, tag_ner), not through geo.language.ner, so that
# the baseline stays what anyone would run.
NER_PASS = """
import sys
import geo.language.ner  # natasha gets pymorphy3 as pymorphy2 (see geo/language/ner.py)
from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
from geo.ingest.corpus import read_corpus
segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
for article in read_corpus(sys.argv[1]).articles:
    if sys.argv[2] == "all" or article.language == "ru":
        doc = Doc(article.text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
"""


def bare_ner(corpus: Path, which: str = "all") -> tuple[float, int]:
    """Wall-clock seconds and peak RSS of a program that reads the corpus and runs natasha
    (segmenter and NER tagger) over every article's text (``which="all"``) or over the
    Russian ones only (``"ru"``: the pipeline runs natasha on those alone, as natasha reads
    only Russian), started as ``geo build`` is: the baselines."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", NER_PASS, str(corpus), which])
    peak = _watch_memory(process)
    if process.returncode != 0:
        raise RuntimeError("the bare NER pass failed")
    return time.perf_counter() - started, peak


def timed_build(corpus: Path, out: Path, *flags: str, progress=False) -> tuple[float, int]:
    """Wall-clock seconds of ``geo build`` and the peak RSS (bytes) of it and its workers."""
    command = [sys.executable, "-m", "geo.cli", "build", "--corpus", str(corpus)]
    command += ["--out", str(out), *flags] + ([] if progress else ["--quiet"])
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = _watch_memory(process)
    if process.wait() != 0:
        raise RuntimeError(f"geo build failed: {' '.join(command)}")
    return time.perf_counter() - started, peak


def _watch_memory(process: subprocess.Popen) -> int:
    """Waits for ``process`` to end; the peak RSS (bytes) of it and its workers."""
    with Sampler(process.pid, every=0.1) as sampler:
        process.wait()
    return sampler.peak_rss()


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def measure(articles: int, incremental: int, work: Path, repeats: int = 2) -> dict:
    step(f"1/5 writing {articles} synthetic articles")
    corpus = synth(articles, work / "corpus")
    articles = read_corpus(corpus).articles
    n, chars = len(articles), sum(len(a.text) for a in articles)
    # Alternated and repeated, the fastest of each kept: the machine's other load then
    # weighs on both sides alike.
    ner_runs, ru_runs, one_runs = [], [], []
    for attempt in range(1, repeats + 1):
        step(f"2/5 the bare NER passes ({attempt}/{repeats})")
        ner_runs.append(bare_ner(corpus))
        ru_runs.append(bare_ner(corpus, "ru"))
        step(f"3/5 geo build on one core ({attempt}/{repeats})")
        one_runs.append(timed_build(corpus, work / "one", "--workers", "1", "--no-cache"))
    (ner_s, ner_mem), (one_s, one_mem) = min(ner_runs), min(one_runs)
    ru_s = min(ru_runs)[0]
    step("4/5 geo build on every core")
    all_s, all_mem = timed_build(corpus, work / "all", "--no-cache")
    figures = {
        "articles": n,
        "chars": chars,
        "cores": cores(),
        "ner_s": ner_s,
        "ner_mem": ner_mem,
        "build1_s": one_s,
        "build_all_s": all_s,
        "ner_ru_s": ru_s,
        "overhead": one_s / ner_s - 1,
        "overhead_ru": one_s / ru_s - 1,
        "speedup": one_s / all_s,
        "mem_one": one_mem,
        "mem_all": all_mem,
    }
    if incremental:
        step(f"5/5 {incremental:,} articles built once (progress below), then 1 added")
        big = synth(incremental + 1, work / "big")
        extra = work / "extra"
        extra.mkdir()
        last = sorted(big.glob("*.txt"))[-1]
        for path in big.glob(last.stem + ".*"):
            shutil.move(path, extra)
        first_s, first_mem = timed_build(big, work / "big-data", progress=True)
        for path in extra.iterdir():
            shutil.move(path, big)
        add_s, add_mem = timed_build(big, work / "big-data")
        figures |= {
            "incremental_corpus": incremental,
            "first_build_s": first_s,
            "first_build_mem": first_mem,
            "add_one_s": add_s,
            "add_one_mem": add_mem,
        }
    return figures


def report(f: dict) -> str:
    mb = 2**20

    def rate(seconds):
        return f"{seconds:7.1f} s {f['articles'] / seconds:7.1f} articles/s"

    lines = [
        f"Build benchmark: {f['articles']} synthetic articles, {f['chars']:,} characters, "
        f"{f['cores']} cores",
        f"  bare NER pass (natasha)  {rate(f['ner_s'])}   peak {f['ner_mem'] / mb:,.0f} MB",
        f"  geo build, 1 worker      {rate(f['build1_s'])}   peak {f['mem_one'] / mb:,.0f} MB",
        f"  geo build, every core    {rate(f['build_all_s'])}   peak {f['mem_all'] / mb:,.0f} MB",
        f"  bare NER pass, Russian articles only {f['ner_ru_s']:7.1f} s",
        f"  pipeline around the model: {f['overhead']:+.0%} of the NER pass over every article"
        f" (target <= +50%); {f['overhead_ru']:+.0%} of the NER pass over the Russian ones,"
        " the only ones natasha reads in the pipeline",
        f"  every core over one: {f['speedup']:.2f}x on {f['cores']} cores",
    ]
    if "add_one_s" in f:
        lines += [
            f"  first build of {f['incremental_corpus']:,} articles: {f['first_build_s']:.0f} s, "
            f"peak {f['first_build_mem'] / mb:,.0f} MB",
            f"  adding 1 article to them: {f['add_one_s']:.2f} s (target < 3 s), "
            f"peak {f['add_one_mem'] / mb:,.0f} MB",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument(
        "--incremental", type=int, default=10_000, help="corpus size for the 1-article rebuild"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="geo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(report(measure(args.articles, args.incremental, work)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
