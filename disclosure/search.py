"""Chinese search over the 公开目录 with the project's analysis (search.analysis).

Each catalogue document keeps its jieba search-mode tokens (the same tokens the site search
indexes) in `search_tokens`, space-delimited, so a query becomes plain database conditions
that paginate and count right on SQLite and PostgreSQL, and combine with the django-filter
filters. The models also declare Wagtail `search_fields`, so the site search and Wagtail's own
backend find the same documents.
"""

from django.db.models import Q

from search.analysis import SYNONYM_WEIGHT, SynonymTable, Vocabulary, analyze_query, index_tokens


def token_text(*texts):
    """' t1 t2 … ' for the texts: delimited so `contains ' 身份证 '` matches a whole token."""
    tokens = sorted({token for text in texts for token in index_tokens(text or "")})
    return f" {' '.join(tokens)} " if tokens else ""


def _synonyms():
    from search.models import Synonym

    return SynonymTable([s.term_list for s in Synonym.objects.filter(enabled=True)])


def _condition(groups, min_weight):
    condition = Q()
    for group in groups:
        alternatives = Q()
        for term, weight in group.terms.items():
            if weight >= min_weight:
                alternatives |= Q(search_tokens__contains=f" {term} ")
        condition &= alternatives
    return condition


def search_documents(queryset, q):
    """Documents of `queryset` matching every concept of `q`: whole words and synonyms
    first; if that finds nothing, sub-words too (居民身份证 → 身份证). An 索引号 or 发文字号
    typed in full (or in part) matches too."""
    q = (q or "").strip()
    if not q:
        return queryset
    numbers = Q(index_number__icontains=q) | Q(document_number__icontains=q)
    analyzed = analyze_query(q, Vocabulary({}), _synonyms())
    groups = [group for group in analyzed.groups if group.strong and group.source != "code"]
    if not groups:
        return queryset.filter(numbers)
    for min_weight in (SYNONYM_WEIGHT, 0):
        matched = queryset.filter(_condition(groups, min_weight) | numbers)
        if matched.exists():
            return matched
    return matched
