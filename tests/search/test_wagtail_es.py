"""Wagtail's Elasticsearch backend with the Chinese analysis (search.backends.wagtail_es):
mappings, documents and query bodies checked without a server; the live test runs when
ELASTICSEARCH_URL names a cluster."""

import os

import pytest
from wagtail.models import Page

from guides.models import Department, ServiceItemPage
from search.backends.wagtail_es import ChineseElasticsearchBackend

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")


def backend(analyzer="", **params):
    return ChineseElasticsearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test-wagtail-",
                                        "CHINESE_ANALYZER": analyzer, **params})


def test_mapping_stores_pre_analysed_tokens_and_adds_the_plugin_analyzer_when_present():
    plain = backend().mapping_class(ServiceItemPage).get_mapping()["properties"]
    assert plain["_all_text"]["analyzer"] == "whitespace" and "fields" not in plain["_all_text"]
    title = next(v for k, v in plain.items() if k.endswith("title") and v.get("type") == "text")
    assert title["analyzer"] == "whitespace"
    with_ik = backend("ik_max_word").mapping_class(ServiceItemPage).get_mapping()["properties"]
    assert with_ik["_all_text"]["fields"] == {"cn": {"type": "text", "analyzer": "ik_max_word"}}


def test_autocomplete_edge_ngrams_keep_whole_tokens():
    settings = backend().settings["settings"]["analysis"]["analyzer"]["edgengram_analyzer"]
    assert settings["tokenizer"] == "whitespace"


def test_document_carries_jieba_words_pinyin_and_bigrams(db):
    department = Department(name="县民政局", code="mzj")
    document = backend().mapping_class(Department).get_document(department)
    name_value = next(v for k, v in document.items() if k.endswith("name") and isinstance(v, str))
    assert name_value.split() == ["县", "民政", "政局", "民政局", "xianminzhengju", "xmzj", "minzhengju", "mzj",
                                  "县民", "民政", "政局"]


def query_body(b, q, model=Page, autocomplete=False, **kwargs):
    compiler_class = b.autocomplete_query_compiler_class if autocomplete else b.query_compiler_class
    return compiler_class(model.objects.all(), q, **kwargs).get_inner_query()


def test_query_body_is_clauses_of_token_phrases(db):
    body = query_body(backend(), "身份证丢了怎么办")
    clauses = body["bool"]["must"]
    assert len(clauses) == 2
    first = [alt["multi_match"] for alt in clauses[0]["bool"]["should"]]
    assert first[0]["query"] == "身份 份证" and first[0]["type"] == "phrase" and first[0]["analyzer"] == "whitespace"
    assert "should" not in body["bool"]  # no plugin: no extra signal


def test_query_adds_the_plugins_own_segmentation_as_a_weak_signal(db):
    body = query_body(backend("smartcn"), "身份证补领")
    assert body["bool"]["should"] == [{"match": {"_all_text.cn": {"query": "身份证补领", "boost": 0.3}}}]


def test_autocomplete_body_prefixes_the_last_clause(db):
    body = query_body(backend(), "民政", model=Department, autocomplete=True)
    alternative = body["bool"]["must"][0]["bool"]["should"][0]["multi_match"]
    assert alternative["type"] == "phrase_prefix" and alternative["query"] == "民政"
    assert alternative["fields"] == ["_edgengrams"]


def test_noise_only_query_matches_nothing(db):
    assert query_body(backend(), "的") == {"bool": {"must_not": {"match_all": {}}}}


@pytest.mark.elasticsearch_live
@pytest.mark.skipif(not LIVE_URL, reason="ELASTICSEARCH_URL 未设置：没有可用的 Elasticsearch 集群")
def test_live_cluster_finds_chinese_substrings(catalogue):
    live = ChineseElasticsearchBackend({"URLS": [LIVE_URL], "INDEX_PREFIX": "test-wagtail-live-"})
    live.reset_indexes()
    index = live.get_index_for_model(ServiceItemPage)
    index.add_model(ServiceItemPage)
    index.add_items(ServiceItemPage, list(ServiceItemPage.objects.all()))
    index.refresh()
    assert [p.title for p in live.search("补领", ServiceItemPage)] == ["居民身份证补领"]
    assert "居民身份证补领" in [p.title for p in live.autocomplete("身份", ServiceItemPage)]
    live.reset_indexes()
