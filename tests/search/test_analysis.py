"""Chinese analysis: segmentation, synonyms, pinyin, typo tolerance, codes."""

import pytest

from search.analysis import (
    SynonymTable,
    Vocabulary,
    analyze_query,
    dictionary_words,
    index_tokens,
    name_pinyin_tokens,
    normalize,
    seed_synonym_groups,
    words,
)


@pytest.fixture(scope="module")
def synonyms():
    return SynonymTable(seed_synonym_groups())


@pytest.fixture(scope="module")
def vocabulary(synonyms):
    doc_freq = {"营业执照": 12, "居民身份证": 30, "社会保障卡": 3, "身份证件": 2, "补领": 9}
    extra = list(dictionary_words()) + [t for g in synonyms.groups for t in g]
    return Vocabulary(doc_freq, extra_terms=extra)


def test_search_mode_emits_the_word_and_its_subwords():
    assert index_tokens("居民身份证补领") == ["居民", "身份", "身份证", "居民身份证", "补领"]


def test_government_dictionary_keeps_terms_whole():
    assert "营业执照" in words("个体户怎么办营业执照")
    assert "社保卡" in words("社保卡丢了")


def test_normalize_folds_full_width_and_case():
    assert normalize("  ＹＹＺＺ１２ ") == "yyzz12"


def test_stopwords_are_dropped_from_queries(synonyms, vocabulary):
    analyzed = analyze_query("身份证丢了怎么办", vocabulary, synonyms)
    labels = [g.label for g in analyzed.groups]
    assert "怎么办" not in labels
    assert "身份证" in labels


def test_synonyms_expand_both_ways(synonyms, vocabulary):
    short = analyze_query("身份证", vocabulary, synonyms).all_terms()
    assert "居民身份证" in short
    long = analyze_query("居民身份证", vocabulary, synonyms).all_terms()
    assert "身份证" in long
    for query, expected in [("个体户", "个体工商户"), ("环评", "环境影响评价"), ("驾照", "机动车驾驶证"),
                            ("准生证", "生育登记"), ("社保卡", "社会保障卡"), ("注册公司", "公司设立登记")]:
        assert expected in analyze_query(query, vocabulary, synonyms).all_terms(), query


def test_synonym_inside_a_longer_word_joins_its_group(synonyms, vocabulary):
    analyzed = analyze_query("开饭店办什么证", vocabulary, synonyms)
    group = next(g for g in analyzed.groups if "饭店" in g.label)
    assert "食品经营" in group.terms


def test_item_name_pinyin_full_and_initials():
    tokens = name_pinyin_tokens("居民身份证补领（遗失）")
    assert "jmsfzbl" in tokens
    assert "juminshenfenzheng" in tokens
    assert "bl" in tokens


def test_pinyin_query_becomes_the_chinese_word(synonyms, vocabulary):
    for query in ("yyzz", "yingyezhizhao", "YYZZ"):
        terms = analyze_query(query, vocabulary, synonyms).all_terms()
        assert "营业执照" in terms, query
        assert "py:yyzz" in terms or "py:yingyezhizhao" in terms


def test_wrong_character_is_corrected(synonyms, vocabulary):
    analyzed = analyze_query("营业质照", vocabulary, synonyms)
    assert ("营业质照", "营业执照") in analyzed.corrections
    assert "营业执照" in analyzed.all_terms()


def test_homophone_is_corrected(synonyms, vocabulary):
    analyzed = analyze_query("社会保章卡", vocabulary, synonyms)
    assert "社会保障卡" in analyzed.all_terms()


def test_well_formed_query_is_not_corrected(synonyms, vocabulary):
    analyzed = analyze_query("身份证丢了怎么办", vocabulary, synonyms)
    assert analyzed.corrections == []


def test_item_code_is_an_exact_code_term(synonyms, vocabulary):
    analyzed = analyze_query(" xk-330521-0001 ", vocabulary, synonyms)
    assert analyzed.code == "XK-330521-0001"
    assert analyzed.all_terms() == {"code:xk-330521-0001": 1.0}


def test_highlight_terms_leave_out_subwords_and_pinyin(synonyms, vocabulary):
    terms = analyze_query("社保卡", vocabulary, synonyms).highlight_terms
    assert "社会保障卡" in terms
    assert "社会" not in terms
