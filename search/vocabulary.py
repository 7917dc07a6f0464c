"""What query analysis needs besides the text, for engines that hold no embedded index
(Wagtail's own backends, Elasticsearch): the editors' synonym table and a vocabulary of
known words (the shipped government dictionary plus every synonym) for pinyin input and
typo correction. Both are cached per process and reloaded when IndexState's synonym
version moves, so an editor's change applies at the next search everywhere."""

import threading

from .analysis import SynonymTable, Vocabulary, dictionary_words
from .models import IndexState, Synonym

_lock = threading.Lock()
_cached = {"version": None, "synonyms": None, "vocabulary": None}


def _load(version):
    synonyms = SynonymTable([s.term_list for s in Synonym.objects.filter(enabled=True)])
    extra = list(dictionary_words()) + [t for group in synonyms.groups for t in group]
    # Document frequencies are unknown here: every known word counts once.
    vocabulary = Vocabulary({term: 1 for term in extra})
    _cached.update(version=version, synonyms=synonyms, vocabulary=vocabulary)


def query_context():
    """(vocabulary, synonyms) for search.analysis.analyze_query / query_clauses."""
    version = IndexState.versions().get(IndexState.SYNONYMS, 0)
    if _cached["version"] != version or _cached["synonyms"] is None:
        with _lock:
            if _cached["version"] != version or _cached["synonyms"] is None:
                _load(version)
    return _cached["vocabulary"], _cached["synonyms"]


def reset():
    with _lock:
        _cached.update(version=None, synonyms=None, vocabulary=None)
