"""Search benchmark: embedded index vs Wagtail's database search over the same pages.

    nice -n 10 .venv/bin/python benchmarks/search_bench.py --items 100000 --generate-only
    flock /work/wt/bench.lock .venv/bin/python benchmarks/search_bench.py --items 100000

Generates N realistic items by varying the demo catalogue (guides/fixtures/demo_catalog.json:
its names, departments, themes, materials and conditions, recombined across the county's
towns and service channels), in bulk, in a private database (/tmp/search_bench_<N>.sqlite3
unless DATABASE_URL is set) that later runs reuse: `--generate-only` stops there, so the
generation can run outside the benchmark lock. A run then times, separately: building our
index (the SearchDocument table, then the in-memory index; its memory measured with
tracemalloc apart from everything else), the query mix against it, building Wagtail's stock
database index and the same mix against it, the same for search.backends.wagtail_db, and
last the freshness of a publish, move, unpublish, republish and delete, in this process and
in a second warm process watching the same database. Every query mix starts with an untimed
warm-up round, which also records which queries found nothing.

The last printed line is one JSON object: `embedded` (the public search) and
`wagtail_database` (Wagtail's stock database backend) with p50_ms/p95_ms and all_found,
`wagtail_chinese` (Wagtail's search through search.backends.wagtail_db),
`p95_ratio_to_stock`, `publish_to_searchable` and `freshness` (ms from the start of each
operation until a search finds the new state) and `index_memory_mb`.
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
    parser.add_argument("--generate-only", action="store_true",
                        help="only create the items (untimed, may run outside the benchmark lock)")
    parser.add_argument("--skip-wagtail-chinese", action="store_true",
                        help="time Wagtail's stock backend but not search.backends.wagtail_db")
    parser.add_argument("--prebuild", action="store_true",
                        help="build our SearchDocument table and the stock Wagtail index, then stop (outside the lock)")
    parser.add_argument("--reuse-prebuilt", action="store_true", help="time queries against the --prebuild indexes")
    parser.add_argument("--watch", action="store_true", help=argparse.SUPPRESS)  # the second process
    return parser.parse_args()


def setup_django(n_items):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:////tmp/search_bench_{n_items}.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n_items, seed):
    """Create N published items in bulk: Page rows with their tree paths computed here, the
    ServiceItemPage rows, themes, materials and legal bases, 2,000 items per INSERT batch.
    No revisions and no signals (Wagtail's per-page save would take hours at 100,000); every
    index is built afterwards, and timed, by the benchmark itself."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
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

    content_type_id = ContentType.objects.get_for_model(ServiceItemPage).pk
    now = timezone.now()
    last_child = catalog.get_last_child()
    next_step = (Page._str2int(last_child.path[-Page.steplen:]) + 1) if last_child else 1
    batch = []
    with transaction.atomic():
        for i in range(existing, n_items):
            base = demo[i % len(demo)]
            variant = i // len(demo)
            town = TOWNS[variant % len(TOWNS)]
            channel = CHANNELS[(variant // len(TOWNS)) % len(CHANNELS)]
            title = (base["name"] if variant == 0 else f"{base['name']}（{town}{channel}）")[:255]
            dept_name = base["department"] if variant % 3 == 0 else f"{town}{channel}"
            conditions = base["conditions"] + ("\n" + rng.choice(EXTRA_CONDITIONS) if variant else "")
            slug = f"bench-{i:07d}"
            page = ServiceItemPage(
                title=title, draft_title=title, slug=slug, content_type_id=content_type_id,
                path=Page._get_path(catalog.path, catalog.depth + 1, next_step), depth=catalog.depth + 1,
                numchild=0, url_path=f"{catalog.url_path}{slug}/", locale_id=catalog.locale_id,
                live=True, has_unpublished_changes=False, first_published_at=now, last_published_at=now,
                item_code=base["code"] if variant == 0 else f"BM-330521-{i:07d}",
                item_type=base["item_type"], department=department(dept_name),
                serves_individuals="自然人" in base["audience"], serves_legal_persons="法人" in base["audience"],
                conditions=conditions, processing_kind=base["processing_kind"],
                legal_limit_days=base.get("legal_limit_days"), promised_limit_days=base["promised_limit_days"],
                is_charged=base["fee"]["charged"], fee_basis=base["fee"].get("basis", ""),
                result_name=base.get("result", ""), location=base.get("location", ""), window=base.get("window", ""),
                hours=base.get("hours", ""), phone=base.get("phone", ""), visits=base.get("visits", 1),
                is_online=bool(base.get("online")) ^ (variant % 4 == 1), is_reservable=bool(base.get("reservable")),
            )
            next_step += 1
            materials = [m["name"] for m in base["materials"]] + rng.sample(material_pool, k=rng.randint(0, 2))
            batch.append((page, [theme(name) for name in base["themes"]], materials, base))
            if len(batch) >= 2000:
                _insert_batch(batch, Page, ServiceItemPage, Material, LegalBasis, parse_citation)
                batch = []
        _insert_batch(batch, Page, ServiceItemPage, Material, LegalBasis, parse_citation)
        # Not catalog.get_children(): treebeard answers "none" from the stale numchild.
        children = Page.objects.filter(path__startswith=catalog.path, depth=catalog.depth + 1).count()
        Page.objects.filter(pk=catalog.pk).update(numchild=children)
    return n_items, time.perf_counter() - started


def _insert_batch(batch, Page, ServiceItemPage, Material, LegalBasis, parse_citation):
    """Multi-table inheritance in bulk: the Page rows first (bulk_create returns their ids),
    then the ServiceItemPage rows through the same low-level insert Model.save uses."""
    if not batch:
        return
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    parents = [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page, *_ in batch]
    Page.objects.bulk_create(parents)
    for (page, *_), parent in zip(batch, parents, strict=True):
        page.page_ptr_id = page.id = parent.pk
    ServiceItemPage._base_manager._insert(
        [page for page, *_ in batch], fields=ServiceItemPage._meta.local_concrete_fields,
    )
    Through = ServiceItemPage.themes.through
    links, materials, bases = [], [], []
    for page, page_themes, names, base in batch:
        links += [Through(serviceitempage_id=page.pk, theme_id=t.pk) for t in page_themes]
        materials += [Material(page_id=page.pk, name=name, sort_order=n) for n, name in enumerate(names)]
        for n, line in enumerate((base.get("basis") or "").splitlines()):
            law, article = parse_citation(line)
            bases.append(LegalBasis(page_id=page.pk, law_name=law[:200], article=article[:100], sort_order=n))
    Through.objects.bulk_create(links)
    Material.objects.bulk_create(materials)
    LegalBasis.objects.bulk_create(bases)


def percentiles(samples):
    ordered = sorted(samples)
    p95_index = max(0, int(round(0.95 * len(ordered))) - 1)
    return round(statistics.median(ordered), 2), round(ordered[p95_index], 2)


def time_queries(run, rounds):
    """One untimed warm-up round of the whole mix (caches, jieba, SQLite pages), then
    `rounds` timed rounds. `run(q)` returns how many results the query found."""
    found = {q: run(q) for q in QUERY_MIX}
    latencies, cpu_times = [], []
    for _round in range(rounds):
        for q in QUERY_MIX:
            started, cpu_started = time.perf_counter(), time.process_time()
            run(q)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
    p50, p95 = percentiles(latencies)
    # This process's CPU time per query too: on a shared machine the wall-clock tail is
    # mostly waiting for a core, which the CPU figures leave out (SQLite runs in-process,
    # so they include the stock backend's database work).
    cpu_p50, cpu_p95 = percentiles(cpu_times)
    empty = [q for q, count in found.items() if not count]
    return {"p50_ms": p50, "p95_ms": p95, "cpu_p50_ms": cpu_p50, "cpu_p95_ms": cpu_p95, "queries": len(latencies),
            "mix_with_results": len(QUERY_MIX) - len(empty), "mix_size": len(QUERY_MIX), "all_found": not empty,
            "no_results": empty}


def build_documents():
    """Our durable index: every searchable page's SearchDocument row. (documents, seconds)"""
    from search.management.commands.rebuild_search_index import rebuild_embedded

    started = time.perf_counter()
    documents = rebuild_embedded(progress=False)
    return documents, round(time.perf_counter() - started, 2)


def bench_embedded(rounds, prebuilt=None):
    import tracemalloc

    from search.backends.base import SearchRequest
    from search.backends.embedded import EmbeddedBackend, InMemoryIndex
    from search.models import IndexState
    from search.service import run_search

    if prebuilt:
        documents, table_seconds = prebuilt["documents"], prebuilt["build_table_s"]
    else:
        documents, table_seconds = build_documents()
    # The index's own memory: what one build allocates and keeps (numpy reports its buffers
    # to tracemalloc), measured apart from data generation and Django's start-up.
    EmbeddedBackend.reset()
    run_search(SearchRequest(q="身份证"))  # warm jieba and the dictionaries first
    EmbeddedBackend.reset()
    started = time.perf_counter()
    InMemoryIndex(version=IndexState.versions().get(IndexState.DOCUMENTS))
    memory_seconds = time.perf_counter() - started
    tracemalloc.start()
    index = InMemoryIndex(version=IndexState.versions().get(IndexState.DOCUMENTS))
    index_bytes, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index
    EmbeddedBackend.reset()
    stats = time_queries(lambda q: run_search(SearchRequest(q=q)).count, rounds)
    stats.update(documents=documents, build_table_s=table_seconds, build_table_unlocked=bool(prebuilt),
                 build_memory_index_s=round(memory_seconds, 2), index_memory_mb=round(index_bytes / 2**20, 1))
    return stats


# -- freshness: publish, move, unpublish, republish, delete --------------------------------

FRESHNESS_TIMEOUT_S = 10


def _hits(q):
    from search.backends.base import SearchRequest
    from search.service import run_search

    return {h.code: h.url for h in run_search(SearchRequest(q=q)).hits}


def _condition_met(hits, order):
    code = order["code"]
    if order["want"] == "absent":
        return code not in hits
    if order["want"] == "moved":
        return code in hits and hits[code] != order["old_url"]
    return code in hits


def watch():
    """The other web process: for each order read on stdin, search until the condition
    holds and answer the monotonic time it first did (CLOCK_MONOTONIC is system-wide)."""
    _hits("身份证")  # build the in-memory index before the first order
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        order = json.loads(line)
        print(json.dumps({"watching": _condition_met(_hits(order["q"]), order)}), flush=True)
        deadline = time.monotonic() + FRESHNESS_TIMEOUT_S
        seen = None
        while time.monotonic() < deadline:
            if _condition_met(_hits(order["q"]), order):
                seen = time.monotonic()
                break
            time.sleep(0.005)
        print(json.dumps({"seen": seen}), flush=True)


def _wait_here(order, started):
    deadline = started + FRESHNESS_TIMEOUT_S
    while time.monotonic() < deadline:
        if _condition_met(_hits(order["q"]), order):
            return (time.monotonic() - started) * 1000
    return None


def bench_freshness(items, samples=5):
    """Milliseconds from the start of each Wagtail operation (revision + publish, move,
    unpublish, publish again, delete; signals and all) until a search finds the new state,
    in this process and in a second, already-warm process watching the same database."""
    import subprocess

    from wagtail.models import Page

    from guides.models import Department, ServiceItemPage
    from portal.site_structure import ensure_site_structure

    catalog = ensure_site_structure().catalog
    home = catalog.get_parent()
    folder = home.get_children().filter(slug="bench-moved").first()
    if folder is None:
        folder = home.add_child(instance=Page(title="基准迁移目录", slug="bench-moved"))
        folder.save_revision().publish()
    department = Department.objects.order_by("pk").first()
    watcher = subprocess.Popen(
        [sys.executable, __file__, "--items", str(items), "--watch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env=os.environ.copy(),
    )
    assert json.loads(watcher.stdout.readline())["ready"]
    timings = {op: {"same_process": [], "other_process": []} for op in ("publish", "move", "unpublish", "republish", "delete")}
    failures = []

    def timed(op, order, action):
        watcher.stdin.write(json.dumps(order) + "\n")
        watcher.stdin.flush()
        json.loads(watcher.stdout.readline())  # the watcher has searched once: it is polling
        started = time.monotonic()
        action()
        here = _wait_here(order, started)
        seen = json.loads(watcher.stdout.readline())["seen"]
        there = (seen - started) * 1000 if seen is not None else None
        for where, value in (("same_process", here), ("other_process", there)):
            if value is None:
                failures.append(f"{op} {order['code']} {where}")
            else:
                timings[op][where].append(value)

    try:
        for n in range(samples):
            code, title = f"PB-330521-{n:04d}", f"基准测试新发布事项甲{n}号"
            ServiceItemPage.objects.filter(item_code=code).delete()
            order = {"q": title, "code": code}
            page = ServiceItemPage(
                title=title, slug=f"publish-bench-{n}", item_code=code, item_type="公共服务", department=department,
                processing_kind="即办件", promised_limit_days=0, conditions="基准测试。",
            )

            def publish(page=page):
                catalog.refresh_from_db()
                catalog.add_child(instance=page)
                page.save_revision().publish()

            timed("publish", {**order, "want": "present"}, publish)
            old_url = _hits(title)[code]
            timed("move", {**order, "want": "moved", "old_url": old_url},
                  lambda page=page: ServiceItemPage.objects.get(pk=page.pk).move(Page.objects.get(pk=folder.pk), pos="last-child"))
            timed("unpublish", {**order, "want": "absent"}, lambda page=page: ServiceItemPage.objects.get(pk=page.pk).unpublish())
            timed("republish", {**order, "want": "present"},
                  lambda page=page: ServiceItemPage.objects.get(pk=page.pk).save_revision().publish())
            timed("delete", {**order, "want": "absent"}, lambda page=page: ServiceItemPage.objects.get(pk=page.pk).delete())
    finally:
        watcher.stdin.close()
        watcher.wait(timeout=60)
    result = {}
    for op, places in timings.items():
        result[op] = {}
        for where, values in places.items():
            if values:
                p50, _p95 = percentiles(values)
                result[op][where] = {"p50_ms": p50, "max_ms": round(max(values), 1), "samples": len(values)}
    every = [v for places in timings.values() for values in places.values() for v in values]
    result.update(max_ms=round(max(every), 1) if every else None, all_found=not failures, failures=failures)
    return result


# -- Wagtail's search (Page.objects.search) --------------------------------------------------

def build_wagtail_index(backend_path):
    """Wagtail's index written with the backend's own bulk path (what `update_index` does),
    1,000 pages per batch, related rows prefetched. (pages, seconds)"""
    from modelsearch.backends import get_search_backend
    from modelsearch.index import RelatedFields

    from guides.models import ServiceItemPage

    backend = get_search_backend(backend_path)
    related = [f.field_name for f in ServiceItemPage.get_search_fields() if isinstance(f, RelatedFields)]
    started = time.perf_counter()
    backend.reset_indexes()
    index = backend.get_index_for_model(ServiceItemPage)
    ids = list(ServiceItemPage.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        pages = ServiceItemPage.objects.filter(pk__in=chunk).select_related("department").prefetch_related(*related)
        index.add_items(ServiceItemPage, list(pages))
    return len(ids), round(time.perf_counter() - started, 2)


def bench_wagtail(rounds, backend_path, label, prebuilt=None):
    """Wagtail's Page search on one backend, its index built first (or before the run)."""
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    backend = get_search_backend(backend_path)
    if prebuilt:
        pages, build_seconds = prebuilt["pages_indexed"], prebuilt["build_index_s"]
    else:
        pages, build_seconds = build_wagtail_index(backend_path)

    def run(q):
        return len(list(backend.search(q, Page.objects.live())[:10]))

    stats = time_queries(run, rounds)
    stats.update(build_index_s=build_seconds, build_index_unlocked=bool(prebuilt), backend=label, pages_indexed=pages)
    return stats


def prebuild(marker):
    """Both big index builds, outside the benchmark lock (their times are then only
    indicative): our SearchDocument table and Wagtail's stock database index."""
    documents, table_seconds = build_documents()
    pages, stock_seconds = build_wagtail_index("modelsearch.backends.database")
    figures = {"documents": documents, "build_table_s": table_seconds,
               "stock": {"pages_indexed": pages, "build_index_s": stock_seconds},
               "load_average": [round(x, 2) for x in os.getloadavg()]}
    marker.write_text(json.dumps(figures))
    print("prebuilt:", figures)


def main():
    args = parse_args()
    if args.watch:
        os.environ.setdefault("DATABASE_URL", f"sqlite:////tmp/search_bench_{args.items}.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
        import django

        django.setup()
        watch()
        return
    setup_django(args.items)
    items, generate_seconds = generate(args.items, args.seed)
    print(f"items: {items} (generated in {generate_seconds:.1f} s)", flush=True)
    if args.generate_only:
        return
    marker = ROOT / "var" / f"search_bench_{items}_{os.environ['DATABASE_URL'].split('://')[0]}.prebuilt.json"
    if args.prebuild:
        prebuild(marker)
        return
    prebuilt = json.loads(marker.read_text()) if args.reuse_prebuilt else None
    embedded = bench_embedded(args.rounds, prebuilt)
    print("embedded:", embedded, flush=True)
    wagtail = chinese = None
    if not args.skip_wagtail:
        # Wagtail's stock database backend, then ours (search.backends.wagtail_db): both write
        # modelsearch's one index table, so each is built just before it is timed.
        wagtail = bench_wagtail(args.rounds, "modelsearch.backends.database", "stock database backend",
                                prebuilt and prebuilt["stock"])
        print("wagtail stock database search:", wagtail, flush=True)
        if not args.skip_wagtail_chinese:
            chinese = bench_wagtail(args.rounds, "search.backends.wagtail_db", "search.backends.wagtail_db")
            print("wagtail search with Chinese analysis:", chinese, flush=True)
    # Last, so a publish also writes a full Wagtail index table, as in production.
    marker.unlink(missing_ok=True)  # publishes write analysed rows into the stock index
    freshness = bench_freshness(items)
    print("publish/move/unpublish/delete to searchable:", freshness, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "items": items,
        "database": os.environ["DATABASE_URL"].split("://")[0],
        "generate_s": round(generate_seconds, 1),
        "embedded": embedded,
        "wagtail_database": wagtail,
        "wagtail_chinese": chinese,
        "p95_ratio_to_stock": round(embedded["p95_ms"] / wagtail["p95_ms"], 3) if wagtail else None,
        "cpu_p95_ratio_to_stock": round(embedded["cpu_p95_ms"] / wagtail["cpu_p95_ms"], 3) if wagtail else None,
        "publish_to_searchable": freshness["publish"],
        "freshness": freshness,
        "index_memory_mb": embedded["index_memory_mb"],
        "peak_rss_mb": round(peak_mb, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
