"""Relevance over the demo catalogue, on both labelled query sets (search/relevance.py):
the tuning set must keep MRR ≥ 0.90 and recall@5 ≥ 0.97; the held-out set, written before
issue 8 changed anything, must not fall below what search scored on it then; and no query
of either set may rank its expected item lower than before (relevance_baseline.json)."""

import json
from pathlib import Path

import pytest

from search.relevance import HELDOUT_SET, QUERY_SET, evaluate, load_baseline, load_queries, regressions
from search.service import run_search

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "guides" / "fixtures" / "demo_catalog.json"
MIN_MRR = 0.90
MIN_RECALL_AT_5 = 0.97


@pytest.fixture
def demo_catalogue(structure):
    from guides.catalog_io import import_catalog_file

    import_catalog_file(DEMO_CATALOGUE)


@pytest.mark.parametrize("path,minimum", [(QUERY_SET, 80), (HELDOUT_SET, 100)])
def test_query_sets_are_large_and_refer_to_demo_items(path, minimum):
    queries = load_queries(path)
    codes = {item["code"] for item in json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))}
    assert len(queries) >= minimum
    missing = {code for q in queries for code in q["expected"]} - codes
    assert not missing, f"{path.name} 引用了目录中不存在的事项：{sorted(missing)}"


def test_held_out_set_shares_no_query_with_the_tuning_set():
    tuning = {q["query"] for q in load_queries(QUERY_SET)}
    assert not tuning & {q["query"] for q in load_queries(HELDOUT_SET)}


def test_tuning_set_mrr_and_recall_at_5(demo_catalogue):
    mrr, recall, rows = evaluate(run_search, load_queries(QUERY_SET))
    misses = [f"{r['query']} → {r['top']} (expected {r['expected']})" for r in rows if r["rr"] < 1]
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} < {MIN_MRR}; misses: {misses}"
    assert recall >= MIN_RECALL_AT_5, f"recall@5 {recall:.3f} < {MIN_RECALL_AT_5}; misses: {misses}"
    assert not regressions(rows, load_baseline()["tuning"]["queries"])


def test_held_out_set_is_no_worse_than_before(demo_catalogue):
    baseline = load_baseline()["heldout"]
    mrr, recall, rows = evaluate(run_search, load_queries(HELDOUT_SET))
    worse = regressions(rows, baseline["queries"])
    assert not worse, "held-out queries got worse: " + "; ".join(worse)
    assert mrr >= baseline["mrr"] - 1e-6
    assert recall >= baseline["recall5"] - 1e-6
