"""Relevance measurement over the labelled query set (search/data/relevance_queries.json):
mean reciprocal rank of the first expected item and recall of the expected items in the
top 5. Used by the relevance test and handy from a shell when tuning."""

import json

from .analysis import DATA_DIR
from .backends.base import SearchRequest

QUERY_SET = DATA_DIR / "relevance_queries.json"


def load_queries(path=QUERY_SET):
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(search, queries=None, depth=10):
    """search(SearchRequest) → SearchResult. Returns (MRR, recall@5, per-query rows)."""
    queries = queries if queries is not None else load_queries()
    rows, rr_total, recall_total = [], 0.0, 0.0
    for entry in queries:
        result = search(SearchRequest(q=entry["query"], per_page=depth))
        codes = [hit.code for hit in result.hits]
        expected = set(entry["expected"])
        ranks = [i + 1 for i, code in enumerate(codes) if code in expected]
        rr = 1.0 / ranks[0] if ranks else 0.0
        recall = len(expected & set(codes[:5])) / len(expected)
        rr_total += rr
        recall_total += recall
        rows.append({"query": entry["query"], "rr": rr, "recall5": recall, "top": codes[:5], "expected": entry["expected"]})
    n = len(queries) or 1
    return rr_total / n, recall_total / n, rows
