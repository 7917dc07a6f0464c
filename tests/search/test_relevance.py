"""Relevance over the demo catalogue: the labelled query set (search/data/relevance_queries.json,
citizen-style queries → expected item codes) must keep MRR ≥ 0.90 and recall@5 ≥ 0.97."""

from pathlib import Path

import pytest

from search.relevance import evaluate, load_queries
from search.service import run_search

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "guides" / "fixtures" / "demo_catalog.json"
MIN_MRR = 0.90
MIN_RECALL_AT_5 = 0.97


@pytest.fixture
def demo_catalogue(structure):
    from guides.catalog_io import import_catalog_file

    import_catalog_file(DEMO_CATALOGUE)


def test_query_set_is_large_and_refers_to_demo_items():
    import json

    queries = load_queries()
    codes = {item["code"] for item in json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))}
    assert len(queries) >= 80
    missing = {code for q in queries for code in q["expected"]} - codes
    assert not missing, f"relevance_queries.json 引用了目录中不存在的事项：{sorted(missing)}"


def test_mrr_and_recall_at_5(demo_catalogue):
    mrr, recall, rows = evaluate(run_search)
    misses = [f"{r['query']} → {r['top']} (expected {r['expected']})" for r in rows if r["rr"] < 1]
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} < {MIN_MRR}; misses: {misses}"
    assert recall >= MIN_RECALL_AT_5, f"recall@5 {recall:.3f} < {MIN_RECALL_AT_5}; misses: {misses}"
