"""Where a public search's time goes, phase by phase, over search_bench's query mix.

    nice -n 10 .venv/bin/python benchmarks/search_profile.py --items 10000 --rounds 15

Uses the database search_bench.py generated (/tmp/search_bench_<N>.sqlite3). Each phase of
EmbeddedBackend.search is wrapped with a timer; per query the median of each phase over the
rounds is printed, then the sum over the mix, and the p50/p95 of whole searches in wall
time and in this process's CPU time (the CPU figures do not move with the machine's load;
the wall ones do, see docs/domain.md 中文搜索).
"""

import argparse
import collections
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHASES = (
    # (owner path, attribute, label)
    ("search.backends.embedded.EmbeddedBackend", "_current", "version check"),
    ("search.backends.embedded.InMemoryIndex", "analyze", "analysis"),
    ("search.backends.embedded", "analyze_query", "analysis (not remembered)"),
    ("search.backends.embedded.InMemoryIndex", "score", "BM25 scoring"),
    ("search.backends.embedded.InMemoryIndex", "scope_mask", "filters"),
    ("search.backends.embedded.InMemoryIndex", "group_hits", "concepts matched"),
    ("search.backends.embedded.InMemoryIndex", "ranked", "ranking"),
    ("search.backends.embedded.InMemoryIndex", "facet_counts", "facets"),
    ("search.backends.embedded", "_snippet_texts", "row fetch"),
    ("search.backends.embedded.EmbeddedBackend", "_hydrate", "hits (fetch + highlight)"),
)


def _owner(path):
    import importlib

    module, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return importlib.import_module(path)


def instrument(timings, current):
    for path, attribute, label in PHASES:
        owner = _owner(path)
        original = getattr(owner, attribute, None)
        if original is None:
            continue

        def timed(*args, _original=original, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                timings[current[0]][_label].append((time.perf_counter() - started) * 1000)

        setattr(owner, attribute, timed)


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:////tmp/search_bench_{args.items}.sqlite3")
    import django

    django.setup()
    from benchmarks.search_bench import QUERY_MIX
    from search.backends.base import SearchRequest
    from search.service import run_search

    for q in QUERY_MIX:  # warm-up: the index, jieba, SQLite's pages
        run_search(SearchRequest(q=q))
    timings = collections.defaultdict(lambda: collections.defaultdict(list))
    current = [None]
    instrument(timings, current)
    wall, cpu, counts = collections.defaultdict(list), [], {}
    for _round in range(args.rounds):
        for q in QUERY_MIX:
            current[0] = q
            started, cpu_started = time.perf_counter(), time.process_time()
            counts[q] = run_search(SearchRequest(q=q)).count
            wall[q].append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    totals = collections.Counter()
    for q in sorted(QUERY_MIX, key=lambda q: -statistics.median(wall[q])):
        phases = {label: round(statistics.median(v), 3) for label, v in timings[q].items()}
        totals.update(phases)
        print(f"{q}\tfound {counts[q]}\tmedian {statistics.median(wall[q]):.2f} ms\t{phases}")
    print("phase medians summed over the mix (ms):", {k: round(v, 2) for k, v in totals.items()})
    wall_p50, wall_p95 = percentiles([x for v in wall.values() for x in v])
    cpu_p50, cpu_p95 = percentiles(cpu)
    load = [round(x, 2) for x in os.getloadavg()]
    print(f"wall p50/p95 {wall_p50:.2f} / {wall_p95:.2f} ms; CPU p50/p95 {cpu_p50:.2f} / {cpu_p95:.2f} ms; load {load}")


if __name__ == "__main__":
    main()
