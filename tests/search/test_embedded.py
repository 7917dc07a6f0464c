"""The embedded backend through the shared query interface (real database, no mocks)."""

from search.backends.base import SearchRequest
from search.service import autocomplete, did_you_mean, facet_options, run_search
from tests import factories


def codes(result):
    return [hit.code for hit in result.hits]


def test_finds_items_by_name_synonym_and_question(catalogue):
    assert codes(run_search(SearchRequest(q="居民身份证补领")))[0] == "QR-330521-0003"
    assert codes(run_search(SearchRequest(q="身份证丢了怎么办")))[0] == "QR-330521-0003"
    assert codes(run_search(SearchRequest(q="个体户")))[0] == "XK-330521-0007"
    assert codes(run_search(SearchRequest(q="开饭店办什么证")))[0] == "XK-330521-0013"


def test_pinyin_typo_and_code(catalogue):
    assert "XK-330521-0007" in codes(run_search(SearchRequest(q="yyzz")))
    assert "XK-330521-0007" in codes(run_search(SearchRequest(q="营业质照")))
    assert codes(run_search(SearchRequest(q="jmsfzbl")))[0] == "QR-330521-0003"
    assert codes(run_search(SearchRequest(q="xk-330521-0013"))) == ["XK-330521-0013"]


def test_name_outranks_materials(catalogue):
    # 营业执照 is the *result* of the licence item and only a material of the food item.
    result = run_search(SearchRequest(q="营业执照"))
    assert codes(result)[:2] == ["XK-330521-0007", "XK-330521-0013"]


def test_facets_count_and_filters_combine(catalogue):
    everything = run_search(SearchRequest(q="居民身份证"))
    assert everything.facets["department"] == {"gaj": 2, "scjgj": 1}
    assert everything.facets["online"] == {"yes": 2, "no": 1}
    filtered = run_search(SearchRequest(q="居民身份证", filters={"department": "gaj", "online": "yes"}))
    assert codes(filtered) == ["QR-330521-0003"]
    # Each facet is counted under the *other* filters: department counts ignore the
    # department filter but honour online=yes.
    assert filtered.facets["department"] == {"gaj": 1, "scjgj": 1}
    assert filtered.facets["online"] == {"yes": 1, "no": 1}
    theme = run_search(SearchRequest(q="居民身份证", filters={"theme": "kaiban"}))
    assert codes(theme) == ["XK-330521-0007"]
    legal = run_search(SearchRequest(q="许可", filters={"audience": "法人", "processing_kind": "承诺件"}))
    assert codes(legal) == ["XK-330521-0013"]


def test_facet_options_have_labels_and_selection(catalogue):
    result = run_search(SearchRequest(q="居民身份证", filters={"department": "gaj"}))
    options = {f["name"]: f["options"] for f in facet_options(result.facets, {"department": "gaj"})}
    police = next(o for o in options["department"] if o["value"] == "gaj")
    assert police == {"value": "gaj", "label": "县公安局", "count": 2, "selected": True}
    assert {o["label"] for o in options["online"]} == {"可网上办理", "需到现场办理"}


def test_pagination_reports_the_true_total(structure):
    dept = factories.department()
    for n in range(23):
        factories.service_item(f"测试证明开具{n:02d}", f"GG-330521-{n + 100:04d}", dept=dept)
    first = run_search(SearchRequest(q="证明开具", page=1, per_page=10))
    third = run_search(SearchRequest(q="证明开具", page=3, per_page=10))
    assert first.count == third.count == 23
    assert first.num_pages == 3
    assert len(first.hits) == 10 and len(third.hits) == 3
    assert not set(codes(first)) & set(codes(third))


def test_highlight_escapes_html(structure):
    factories.service_item(
        "<script>alert(1)</script>特殊证明", "GG-330521-0999",
        conditions="须提交<b>特殊证明</b>原件 & 复印件。",
    )
    hit = run_search(SearchRequest(q="特殊证明")).hits[0]
    assert "<script>" not in hit.title_highlight
    assert "&lt;script&gt;" in hit.title_highlight
    assert "<mark>特殊证明</mark>" in hit.title_highlight
    assert "<b>" not in hit.highlight
    assert "&lt;b&gt;<mark>特殊证明</mark>&lt;/b&gt;" in hit.highlight
    assert "&amp;" in hit.highlight


def test_cancelled_items_hidden_unless_asked(catalogue):
    item = catalogue["id_first"]
    item.status = "已取消"
    item.save_revision().publish()
    assert "QR-330521-0001" not in codes(run_search(SearchRequest(q="居民身份证")))
    shown = run_search(SearchRequest(q="居民身份证", filters={"status": "已取消"}))
    assert codes(shown) == ["QR-330521-0001"]


def test_other_public_pages_are_searchable(structure):
    from portal.models import NoticePage

    notice = NoticePage(title="关于春节期间办理不动产登记的通知", date="2026-01-20", summary="春节假期安排")
    structure.notices.add_child(instance=notice)
    notice.save_revision().publish()
    result = run_search(SearchRequest(q="春节不动产登记"))
    assert result.hits[0].page_id == notice.pk
    assert result.hits[0].kind == "notice"


def test_nothing_found_gives_did_you_mean(catalogue):
    from search.backends.base import SearchResult

    empty = run_search(SearchRequest(q="量子力学"))
    assert empty.count == 0 and empty.hits == []
    nothing = SearchResult(count=0, hits=[], facets={})
    # The closest item name when the words themselves are unknown…
    assert did_you_mean("个体工商户设立登计", nothing) == "个体工商户设立登记"
    # …and nothing to suggest when the search found something.
    assert did_you_mean("个体工商户设立", run_search(SearchRequest(q="个体工商户设立"))) == ""


def test_autocomplete_by_name_synonym_and_initials(catalogue):
    assert [r["name"] for r in autocomplete("身份证")] == ["居民身份证补领", "居民身份证首次申领"]
    assert autocomplete("gtgsh")[0]["code"] == "XK-330521-0007"
    assert autocomplete("jumin")[0]["name"].startswith("居民身份证")
    assert autocomplete("个体户")[0]["code"] == "XK-330521-0007"
    suggestion = autocomplete("yyzz")[0]
    assert suggestion["name"] == "营业执照" and suggestion["url"].startswith("/search/?q=")


def test_index_moved_forward_counts_like_a_fresh_build(catalogue):
    """A publish or unpublish moves the built index forward (InMemoryIndex.apply): dead
    rows, a theme set and a department first seen in an appended row must be counted as a
    full build counts them (facets use per-snapshot caches and per-set theme counts)."""
    from search.backends.embedded import EmbeddedBackend, InMemoryIndex

    requests = [SearchRequest(q="居民身份证"), SearchRequest(q="许可"),
                SearchRequest(q="居民身份证", filters={"theme": "kaiban"}),
                SearchRequest(q="居民身份证", filters={"status": "all", "online": "yes"})]
    run_search(requests[0])
    builds = InMemoryIndex.builds
    themes = [factories.theme("户籍办理", "huji"), factories.theme("开办企业", "kaiban")]
    factories.service_item("居民身份证换领（异地）", "QR-330521-0009", dept=factories.department("县政务服务中心", "zwfw"),
                           themes=themes, is_online=True)
    catalogue["id_first"].unpublish()

    def seen():
        return [(r.count, r.facets, sorted(codes(r))) for r in map(run_search, requests)]

    moved = seen()
    assert InMemoryIndex.builds == builds  # moved forward, not rebuilt
    assert moved[0][1]["theme"] == {"huji": 2, "kaiban": 2}
    EmbeddedBackend.reset()
    assert seen() == moved
