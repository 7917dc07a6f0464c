"""Relevance measurement over the labelled query sets: mean reciprocal rank of the first
expected item and recall of the expected items in the top 5.

Two sets, reported separately (docs/domain.md, 中文搜索):
- `relevance_queries.json`, the tuning set, written together with the shipped synonyms;
- `relevance_heldout.json`, the held-out set, written and committed before any search
  change for issue 8 and frozen since: no synonym or boost may be aimed at one of its
  queries, so its figures say how search does on queries nobody tuned for.
`relevance_baseline.json` holds every query's score before that work: no query may fall
below it. Run `python -m search.relevance` against a database holding the demo catalogue.
"""

import json

from .analysis import DATA_DIR
from .backends.base import SearchRequest

QUERY_SET = DATA_DIR / "relevance_queries.json"
HELDOUT_SET = DATA_DIR / "relevance_heldout.json"
BASELINE = DATA_DIR / "relevance_baseline.json"
QUERY_SETS = {"tuning": QUERY_SET, "heldout": HELDOUT_SET}


def load_queries(path=QUERY_SET):
    return json.loads(path.read_text(encoding="utf-8"))


def load_baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


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


def regressions(rows, floors):
    """Queries scoring below their baseline floor ({query: [rr, recall@5]})."""
    worse = []
    for row in rows:
        rr, recall = floors.get(row["query"], (0.0, 0.0))
        if row["rr"] < rr - 1e-6 or row["recall5"] < recall - 1e-6:
            worse.append(f"{row['query']}: RR {rr:.2f}→{row['rr']:.2f}, R@5 {recall:.2f}→{row['recall5']:.2f}, top {row['top']}")
    return worse


def report(search):
    """{set name: {"mrr", "recall5", "baseline_mrr", "baseline_recall5", "regressions"}}."""
    baseline = load_baseline()
    out = {}
    for name, path in QUERY_SETS.items():
        mrr, recall, rows = evaluate(search, load_queries(path))
        floors = baseline[name]["queries"]
        out[name] = {
            "queries": len(rows), "mrr": round(mrr, 4), "recall5": round(recall, 4),
            "baseline_mrr": baseline[name]["mrr"], "baseline_recall5": baseline[name]["recall5"],
            "regressions": regressions(rows, floors),
        }
    return out


if __name__ == "__main__":
    import django

    django.setup()
    from .service import run_search

    print(json.dumps(report(run_search), ensure_ascii=False, indent=1))
