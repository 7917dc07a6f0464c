"""Search benchmark: embedded index vs Wagtail's database search over the same pages.

    .venv/bin/python benchmarks/search_bench.py --items 10000

Generates N realistic items by varying the demo catalogue (guides/fixtures/demo_catalog.json:
its names, departments, themes, materials and conditions, recombined across the county's
towns and service channels), in a private SQLite database (/tmp/search_bench_<N>.sqlite3
unless DATABASE_URL is set). Then it builds both indexes, runs a fixed query mix several
rounds against each, and prints p50/p95 latencies, build times and peak memory. The last
printed line is one JSON object: `embedded` (the public search) and `wagtail_database`
(Wagtail's stock database backend) with p50_ms/p95_ms, plus `wagtail_chinese` (Wagtail's
search through search.backends.wagtail_db), `publish_to_searchable` (ms from the start of
a Wagtail publish until the next search finds the item) and `index_memory_mb` (the
in-memory index alone, measured with tracemalloc apart from data generation).
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERY_MIX = [
    "身份证丢了怎么办", "开饭店办什么证", "社保卡", "yyzz", "环评", "营业质照", "公积金提取", "结婚登记",
    "二手房过户", "驾照丢了", "低保", "新生儿上户口", "施工许可证", "个体户", "失业金", "教师资格证",
    "契税", "异地就医", "注册公司", "XK-330521-0010",
]
TOWNS = ["城关镇", "青山镇", "白水乡", "东湖街道", "西溪镇", "南塘乡", "北岭镇", "石桥街道", "新安镇", "柳岸乡",
         "金山镇", "云溪乡", "平原街道", "双河镇", "龙泉乡"]
CHANNELS = ["便民服务中心", "代办点", "企业服务专窗", "跨省通办窗口", "自助服务区", "帮办代办窗口"]
EXTRA_CONDITIONS = [
    "实行告知承诺制的，申请人书面承诺符合条件后当场办理。",
    "可通过浙里办APP或政务服务网在线申请，材料齐全的免于到现场。",
    "行动不便的老年人、残疾人可预约上门服务。",
    "委托他人办理的，受托人须携带本人居民身份证和授权委托书。",
    "涉及多部门的，由综合窗口一次受理、并联审批。",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5, help="times each query of the mix is run")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--skip-wagtail", action="store_true", help="do not benchmark Wagtail's database search")
    return parser.parse_args()


def setup_django(n_items):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:////tmp/search_bench_{n_items}.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n_items, seed, add_pages=None):
    """Create N published items (fast path: no revisions; child rows in bulk).

    ``add_pages(catalog, pages)`` inserts a batch of unsaved pages under the catalogue; by default
    one ``add_child`` each (benchmarks/load.py passes a bulk insert of the same rows)."""
    from django.db import transaction
    from wagtail.models import Page

    from guides.models import Department, LegalBasis, Material, ServiceItemPage, Theme
    from guides.models.rules import parse_citation
    from portal.site_structure import ensure_site_structure

    existing = ServiceItemPage.objects.count()
    if existing >= n_items:
        return existing, 0.0
    rng = random.Random(seed)
    demo = json.loads((ROOT / "guides" / "fixtures" / "demo_catalog.json").read_text(encoding="utf-8"))
    material_pool = sorted({m["name"] for item in demo for m in item["materials"]})
    catalog = ensure_site_structure().catalog
    started = time.perf_counter()
    departments, themes = {}, {}

    def department(name):
        if name not in departments:
            code = f"d{len(departments) + 1:04d}"
            departments[name] = Department.objects.get_or_create(name=name, defaults={"code": code})[0]
        return departments[name]

    def theme(name):
        if name not in themes:
            themes[name] = Theme.objects.get_or_create(name=name, defaults={"slug": f"t{len(themes) + 1:03d}"})[0]
        return themes[name]

    # Wagtail's own search and reference indexes would update on every save; both are
    # built once at the end instead (the search one is timed in bench_wagtail).
    from django.db.models.signals import post_save
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    post_save.disconnect(post_save_signal_handler, sender=ServiceItemPage)
    with transaction.atomic(), disable_reference_index_auto_update():
        pending_rows = []
        for i in range(existing, n_items):
            base = demo[i % len(demo)]
            variant = i // len(demo)
            town = TOWNS[variant % len(TOWNS)]
            channel = CHANNELS[(variant // len(TOWNS)) % len(CHANNELS)]
            title = base["name"] if variant == 0 else f"{base['name']}（{town}{channel}）"
            dept_name = base["department"] if variant % 3 == 0 else f"{town}{channel}"
            conditions = base["conditions"] + ("\n" + rng.choice(EXTRA_CONDITIONS) if variant else "")
            page = ServiceItemPage(
                title=title[:255], slug=f"bench-{i:07d}", item_code=f"BM-330521-{i:07d}",
                item_type=base["item_type"], department=department(dept_name),
                serves_individuals="自然人" in base["audience"], serves_legal_persons="法人" in base["audience"],
                conditions=conditions, processing_kind=base["processing_kind"],
                legal_limit_days=base.get("legal_limit_days"), promised_limit_days=base["promised_limit_days"],
                is_charged=base["fee"]["charged"], fee_basis=base["fee"].get("basis", ""),
                result_name=base.get("result", ""), location=base.get("location", ""), window=base.get("window", ""),
                hours=base.get("hours", ""), phone=base.get("phone", ""), visits=base.get("visits", 1),
                is_online=bool(base.get("online")) ^ (variant % 4 == 1), is_reservable=bool(base.get("reservable")),
                live=True, has_unpublished_changes=False,
            )
            if variant == 0:
                page.item_code = base["code"]
            page.themes = [theme(name) for name in base["themes"]]
            materials = [m["name"] for m in base["materials"]] + rng.sample(material_pool, k=rng.randint(0, 2))
            pending_rows.append((page, materials, base))
            if len(pending_rows) >= 500:
                _bulk_rows(catalog, add_pages, pending_rows, Material, LegalBasis, parse_citation)
                pending_rows = []
        _bulk_rows(catalog, add_pages, pending_rows, Material, LegalBasis, parse_citation)
    Page.objects.filter(pk=catalog.pk).update(numchild=catalog.get_children().count())
    return n_items, time.perf_counter() - started


def _add_each(catalog, pages):
    for page in pages:
        catalog.add_child(instance=page)


def _bulk_rows(catalog, add_pages, rows, Material, LegalBasis, parse_citation):
    (add_pages or _add_each)(catalog, [page for page, _names, _base in rows])
    materials, bases = [], []
    for page, names, base in rows:
        page_id = page.pk
        materials += [Material(page_id=page_id, name=name, sort_order=n) for n, name in enumerate(names)]
        for n, line in enumerate((base.get("basis") or "").splitlines()):
            law, article = parse_citation(line)
            bases.append(LegalBasis(page_id=page_id, law_name=law[:200], article=article[:100], sort_order=n))
    Material.objects.bulk_create(materials)
    LegalBasis.objects.bulk_create(bases)


def percentiles(samples):
    ordered = sorted(samples)
    p95_index = max(0, int(round(0.95 * len(ordered))) - 1)
    return round(statistics.median(ordered), 2), round(ordered[p95_index], 2)


def time_queries(run, rounds):
    latencies, with_results = [], 0
    for round_number in range(rounds):
        for q in QUERY_MIX:
            started = time.perf_counter()
            found = run(q)
            latencies.append((time.perf_counter() - started) * 1000)
            if round_number == 0 and found:
                with_results += 1
    p50, p95 = percentiles(latencies)
    return {"p50_ms": p50, "p95_ms": p95, "queries": len(latencies), "mix_with_results": with_results}


def bench_embedded(rounds):
    import tracemalloc

    from search.backends.base import SearchRequest
    from search.backends.embedded import EmbeddedBackend, InMemoryIndex
    from search.management.commands.rebuild_search_index import rebuild_embedded
    from search.models import IndexState
    from search.service import run_search

    started = time.perf_counter()
    documents = rebuild_embedded(progress=True)
    table_seconds = time.perf_counter() - started
    # The index's own memory: what one build allocates and keeps (numpy reports its buffers
    # to tracemalloc), measured apart from data generation and Django's start-up.
    EmbeddedBackend.reset()
    run_search(SearchRequest(q="身份证"))  # warm jieba and the dictionaries first
    EmbeddedBackend.reset()
    tracemalloc.start()
    started = time.perf_counter()
    index = InMemoryIndex(version=IndexState.versions().get(IndexState.DOCUMENTS))
    memory_seconds = time.perf_counter() - started
    index_bytes, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index
    EmbeddedBackend.reset()
    run_search(SearchRequest(q="身份证"))
    stats = time_queries(lambda q: run_search(SearchRequest(q=q)).count, rounds)
    stats.update(documents=documents, build_table_s=round(table_seconds, 2),
                 build_memory_index_s=round(memory_seconds, 2), index_memory_mb=round(index_bytes / 2**20, 1))
    return stats


def bench_publish_to_searchable(samples=5):
    """Publish a new item through Wagtail (revision + publish signals), then search for it:
    milliseconds from the start of the publish until the next search finds it."""
    from guides.models import Department, ServiceItemPage
    from portal.site_structure import ensure_site_structure
    from search.backends.base import SearchRequest
    from search.service import run_search

    catalog = ensure_site_structure().catalog
    department = Department.objects.order_by("pk").first()
    timings, found_all = [], True
    for n in range(samples):
        code = f"PB-330521-{n:04d}"
        ServiceItemPage.objects.filter(item_code=code).delete()
        started = time.perf_counter()
        page = ServiceItemPage(
            title=f"基准测试新发布事项甲{n}号", slug=f"publish-bench-{n}", item_code=code, item_type="公共服务",
            department=department, processing_kind="即办件", promised_limit_days=0, conditions="基准测试。",
        )
        catalog.add_child(instance=page)
        page.save_revision().publish()
        found = any(hit.code == code for hit in run_search(SearchRequest(q=f"基准测试新发布事项甲{n}号")).hits)
        timings.append((time.perf_counter() - started) * 1000)
        found_all = found_all and found
    p50, p95 = percentiles(timings)
    return {"p50_ms": p50, "max_ms": round(max(timings), 1), "samples": samples, "all_found": found_all}


def bench_wagtail(rounds, backend_path, label):
    """Wagtail's Page.objects.search on one backend, its index written first."""
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    from guides.models import ServiceItemPage

    backend = get_search_backend(backend_path)
    started = time.perf_counter()
    backend.reset_indexes()
    pages = ServiceItemPage.objects.live().select_related("department").prefetch_related(
        "materials", "fee_items", "legal_bases", "faqs", "steps", "themes"
    )
    for start in range(0, pages.count(), 2000):
        backend.add_bulk(ServiceItemPage, list(pages.order_by("pk")[start:start + 2000]))
    build_seconds = time.perf_counter() - started

    def run(q):
        return len(list(backend.search(q, Page.objects.live())[:10]))

    stats = time_queries(run, rounds)
    stats.update(build_index_s=round(build_seconds, 2), backend=label)
    return stats


def main():
    args = parse_args()
    setup_django(args.items)
    items, generate_seconds = generate(args.items, args.seed)
    print(f"items: {items} (generated in {generate_seconds:.1f} s)")
    embedded = bench_embedded(args.rounds)
    print("embedded:", embedded)
    publish = bench_publish_to_searchable()
    print("publish to searchable:", publish)
    wagtail = chinese = None
    if not args.skip_wagtail:
        # Wagtail's stock database backend, then ours (search.backends.wagtail_db): both write
        # modelsearch's one index table, so each is built just before it is timed.
        wagtail = bench_wagtail(args.rounds, "modelsearch.backends.database", "stock database backend")
        print("wagtail stock database search:", wagtail)
        chinese = bench_wagtail(args.rounds, "search.backends.wagtail_db", "search.backends.wagtail_db")
        print("wagtail search with Chinese analysis:", chinese)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "items": items,
        "database": os.environ["DATABASE_URL"].split("://")[0],
        "generate_s": round(generate_seconds, 1),
        "embedded": embedded,
        "wagtail_database": wagtail,
        "wagtail_chinese": chinese,
        "p95_ratio_to_stock": round(embedded["p95_ms"] / wagtail["p95_ms"], 3) if wagtail else None,
        "publish_to_searchable": publish,
        "index_memory_mb": embedded["index_memory_mb"],
        "peak_rss_mb": round(peak_mb, 1),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
