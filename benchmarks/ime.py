"""Accuracy, load time, memory and per-keystroke latency of the phonetic input method.

Accuracy: top-1 and top-5 on (as-typed Latin, expected Dzongkha) pairs, overall and per topic.
Load: reading the lexicon and building the index, in a fresh state each run. Memory: what the
built index holds (tracemalloc), and the process's resident-size growth. Latency: each eval input
replayed one character at a time, each prefix asking for candidates of the whole input so far,
as the UI does on every keystroke.

Usage: .venv/bin/python benchmarks/ime.py [EVAL_TSV] [--lexicon FILE] [--misses N]
Defaults: tests/ime/eval_pairs.tsv (else tests/ime/eval_pairs_seed.tsv); the bundled lexicon
(else the test fixture lexicon).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from dzlearn.ime import syllabary
from dzlearn.ime.engine import InputMethod
from dzlearn.ime.evaluation import evaluate, read_pairs
from dzlearn.ime.lexicon import LEXICON_PATH, load_lexicon

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "tests" / "ime" / "eval_pairs.tsv"
SEED = REPO / "tests" / "ime" / "eval_pairs_seed.tsv"
FIXTURE_LEXICON = REPO / "tests" / "ime" / "fixtures" / "lexicon.jsonl"


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def load_times(path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        syllabary._tables.cache_clear()  # count the one-time syllabary tables too
        gc.collect()
        started = time.perf_counter()
        InputMethod(load_lexicon(path))
        times.append((time.perf_counter() - started) * 1000)
    return times


def index_memory(path: Path) -> tuple[float, float]:
    syllabary._tables.cache_clear()
    gc.collect()
    rss_before = _rss_mb()
    tracemalloc.start()
    ime = InputMethod(load_lexicon(path))
    traced, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = _rss_mb()
    del ime
    return traced / 2**20, rss_after - rss_before


def keystroke_latencies(path: Path, inputs: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call (CPU time shows what other processes on a busy
    machine added to the wall clock)."""
    ime = InputMethod(load_lexicon(path))
    wall, cpu = [], []
    for typed in inputs:
        for end in range(1, len(typed) + 1):
            started, started_cpu = time.perf_counter(), time.thread_time()
            ime.candidates(typed[:end])
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval", nargs="?", type=Path, help="typed<TAB>expected<TAB>topic file")
    parser.add_argument("--lexicon", type=Path, help="lexicon JSONL")
    parser.add_argument("--misses", type=int, default=0, metavar="N", help="list N misses")
    parser.add_argument("--runs", type=int, default=5, help="load-time runs")
    args = parser.parse_args()
    eval_path = args.eval or (EVAL if EVAL.exists() else SEED)
    lexicon = args.lexicon or (LEXICON_PATH if LEXICON_PATH.exists() else FIXTURE_LEXICON)
    pairs = read_pairs(eval_path)
    entries = load_lexicon(lexicon)
    print(f"lexicon: {lexicon} ({len(entries)} entries)")
    print(f"eval:    {eval_path} ({len(pairs)} pairs)")

    report = evaluate(InputMethod(entries), pairs)
    total = report.overall
    print(
        f"\naccuracy: top-1 {total.top1_rate:6.1%}  top-5 {total.top5_rate:6.1%}"
        f"  ({total.top1}/{total.top5}/{total.total})"
    )
    for topic, tally in sorted(report.by_topic.items()):
        print(
            f"  {topic:12} top-1 {tally.top1_rate:6.1%}  top-5 {tally.top5_rate:6.1%}"
            f"  (n={tally.total})"
        )
    for pair, got in report.misses[: args.misses]:
        print(f"  miss: {pair.typed!r} → want {pair.expected}, got {' | '.join(got[:5])}")

    loads = load_times(lexicon, args.runs)
    print(f"\nload + index: median {statistics.median(loads):.1f} ms, max {max(loads):.1f} ms")
    traced, rss = index_memory(lexicon)
    print(f"index memory: {traced:.1f} MB traced, RSS +{rss:.1f} MB")

    wall, cpu = keystroke_latencies(lexicon, [pair.typed for pair in pairs])
    print(
        f"keystroke latency ({len(wall)} calls): p50 {percentile(wall, 0.5):.3f} ms,"
        f" p99 {percentile(wall, 0.99):.3f} ms, max {max(wall):.3f} ms"
        f" (CPU time: p99 {percentile(cpu, 0.99):.3f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
