"""Chinese text analysis shared by both search backends.

Indexing: `index_tokens(text)` = NFKC + lower-case + jieba *search mode* (a word and its
sub-words, 居民身份证 → 居民 身份 身份证 居民身份证) with our government-terms dictionary.
The same tokens go into the embedded index and into Elasticsearch's whitespace fields, so
both backends agree without Chinese plugins on the cluster.

Querying: `analyze_query(q, vocabulary)` turns what a citizen typed into term *groups*: one
group per word (precise mode), each group holding weighted alternatives: the word itself,
its sub-words, its editor-managed synonyms, and, for a wrong or homophone character, the
vocabulary words with the same pinyin or one edit away. Pinyin input ("yyzz",
"yingyezhizhao") becomes the vocabulary words whose initials / full pinyin match.
"""

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jieba
from pypinyin import Style, lazy_pinyin

# jieba sets its own logger to DEBUG at import and announces every dictionary load on stderr.
jieba.setLogLevel(logging.WARNING)

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_QUERY_LENGTH = 200
DICTIONARY_WORDS_FILE = "gov_dict.txt"
SYNONYM_WORD_FREQ = 1000

CJK_RE = re.compile(r"[\u3400-\u9fff]+")
WORD_RE = re.compile(r"[\w\u3400-\u9fff-]", re.UNICODE)
ASCII_QUERY_RE = re.compile(r"^[a-z][a-z\s']*$")
ITEM_CODE_RE = re.compile(r"^[0-9a-z][0-9a-z-]{3,39}$")

# Weights of alternatives inside a group, relative to the word the citizen typed.
SUBWORD_WEIGHT = 0.4
SYNONYM_WEIGHT = 0.8
TYPO_WEIGHT = 0.7
PINYIN_WEIGHT = 0.9
WEAK_WEIGHT = 0.3
HIGHLIGHT_MIN_WEIGHT = 0.5

_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """One jieba Tokenizer with the shipped dictionary, created on first use (loading
    jieba's dictionary takes about a second, which import time should not pay)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(DATA_DIR / DICTIONARY_WORDS_FILE))
                # The shipped synonyms are words too: indexed whole, 食品经营 in 食品经营许可申请书
                # can then match the 饭店 ⇄ 食品经营 synonym as a word, not as loose characters.
                for group in seed_synonym_groups():
                    for term in group:
                        if CJK_RE.fullmatch(term) and len(term) >= 2 and not tok.FREQ.get(term):
                            tok.add_word(term, freq=SYNONYM_WORD_FREQ)
                _tokenizer = tok
    return _tokenizer


@lru_cache(maxsize=1)
def stopwords():
    lines = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def dictionary_words():
    lines = (DATA_DIR / DICTIONARY_WORDS_FILE).read_text(encoding="utf-8").splitlines()
    return tuple(line.split()[0] for line in lines if line.strip())


def seed_synonym_groups():
    """Synonym groups shipped in search/data/synonyms_seed.txt (used by the data migration)."""
    from .models import split_terms

    lines = (DATA_DIR / "synonyms_seed.txt").read_text(encoding="utf-8").splitlines()
    return [split_terms(line) for line in lines if line.strip() and not line.startswith("#")]


def normalize(text):
    """Full-width → half-width (NFKC), lower case, trimmed."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def _is_word(token):
    return bool(token) and bool(WORD_RE.search(token))


def index_tokens(text):
    """Tokens to index for a text: jieba search mode, punctuation and blanks dropped."""
    text = normalize(text)
    if not text:
        return []
    return [tok for tok in (t.strip() for t in tokenizer().cut_for_search(text, HMM=False)) if _is_word(tok)]


def words(text):
    """Precise-mode words (no overlapping sub-words), for queries and highlighting."""
    text = normalize(text)
    return [tok for tok in (t.strip() for t in tokenizer().cut(text, HMM=False)) if _is_word(tok)]


@lru_cache(maxsize=200_000)
def pinyin_full(text):
    return "".join(lazy_pinyin(text, errors="ignore"))


@lru_cache(maxsize=200_000)
def pinyin_initials(text):
    return "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore") if s)


def name_pinyin_tokens(name):
    """Pinyin tokens for an item name: full and initials of the whole name (brackets
    dropped) and of each word, so "yyzz", "jmsfz" and "shehuibaozhangka" all match."""
    base = re.sub(r"[（(].*?[）)]", "", normalize(name))
    pieces = {base, *(w for w in words(base) if CJK_RE.fullmatch(w) and len(w) >= 2)}
    tokens = []
    for piece in sorted(pieces):
        for value in (pinyin_full(piece), pinyin_initials(piece)):
            if value and value not in tokens:
                tokens.append(value)
    return tokens


@dataclass
class TermGroup:
    """One concept of the query and its weighted alternative index terms."""

    label: str
    terms: dict = field(default_factory=dict)
    strong: bool = True
    source: str = "word"

    def add(self, term, weight):
        if term and weight > self.terms.get(term, 0):
            self.terms[term] = weight


@dataclass
class AnalyzedQuery:
    text: str
    groups: list
    code: str = ""
    corrections: list = field(default_factory=list)

    @property
    def highlight_terms(self):
        """Chinese/latin words worth marking in results (not pinyin or code terms)."""
        terms = set()
        for group in self.groups:
            for term, weight in group.terms.items():
                # Sub-words (社会 of 社会保障卡) would light up unrelated text.
                if ":" in term or weight < HIGHLIGHT_MIN_WEIGHT or term in stopwords():
                    continue
                if len(term) >= 2 or (group.strong and CJK_RE.fullmatch(term)):
                    terms.add(term)
        return sorted(terms, key=len, reverse=True)

    @property
    def strong_count(self):
        return sum(1 for g in self.groups if g.strong)

    def minimum_should_match(self, relaxed=False):
        """Every concept must match; if that finds nothing, half of them (at least one)."""
        strong = self.strong_count
        if not relaxed:
            return max(1, strong)
        return max(1, (strong + 1) // 2)

    def all_terms(self):
        merged = {}
        for group in self.groups:
            for term, weight in group.terms.items():
                merged[term] = max(weight, merged.get(term, 0))
        return merged


class SynonymTable:
    """Synonym groups as a term → group map; `expand` finds every synonym term that occurs
    in the query text (substring, so 社保卡办理 finds 社保卡 whatever jieba does)."""

    def __init__(self, groups):
        self.groups = [g for g in groups if len(g) >= 2]
        self.by_term = {}
        for group in self.groups:
            for term in group:
                self.by_term.setdefault(term, set()).update(group)
        # Longest first, so 居民身份证 wins over 身份证 when both occur.
        self.terms = sorted(self.by_term, key=len, reverse=True)

    def matches(self, text):
        found, taken = [], []
        for term in self.terms:
            start = text.find(term)
            if start < 0:
                continue
            end = start + len(term)
            if any(s <= start and end <= e for s, e in taken):
                continue
            taken.append((start, end))
            found.append((term, sorted(self.by_term[term] - {term})))
        return found


EMPTY_SYNONYMS = SynonymTable([])


class Vocabulary:
    """The indexed terms with their document frequency, plus pinyin maps for typo and
    pinyin-input tolerance. Built by the embedded index; the ES backend builds one from the
    SearchDocument table too, so both correct queries the same way."""

    def __init__(self, doc_freq, extra_terms=()):
        self.doc_freq = doc_freq
        self.by_full = {}
        self.by_initials = {}
        self.by_length = {}
        candidates = {t for t in doc_freq if CJK_RE.fullmatch(t) and 2 <= len(t) <= 8}
        candidates.update(t for t in extra_terms if CJK_RE.fullmatch(t) and 2 <= len(t) <= 8)
        for term in candidates:
            self.by_full.setdefault(pinyin_full(term), []).append(term)
            self.by_initials.setdefault(pinyin_initials(term), []).append(term)
            self.by_length.setdefault(len(term), []).append(term)

    def __contains__(self, term):
        return term in self.doc_freq

    def df(self, term):
        return self.doc_freq.get(term, 0)

    def homophones(self, text):
        return [t for t in self.by_full.get(pinyin_full(text), []) if t != text]

    def near(self, text, max_distance=1):
        """Vocabulary words of the same length one character away (营业质照 → 营业执照)."""
        from rapidfuzz import process
        from rapidfuzz.distance import Hamming

        pool = self.by_length.get(len(text), [])
        if not pool or len(text) < 4:
            return []
        found = process.extract(text, pool, scorer=Hamming.distance, score_cutoff=max_distance, limit=5)
        return [term for term, _distance, _ in found if term != text]


def analyze_query(q, vocabulary, synonyms=EMPTY_SYNONYMS):
    """Query text → AnalyzedQuery (see the module docstring)."""
    text = normalize(q)[:MAX_QUERY_LENGTH]
    analyzed = AnalyzedQuery(text=text, groups=[])
    if not text:
        return analyzed
    if ITEM_CODE_RE.match(text) and "-" in text:
        analyzed.code = text.upper()
        analyzed.groups.append(TermGroup(label=text, terms={f"code:{text}": 1.0}, source="code"))
        return analyzed
    compact = text.replace(" ", "").replace("'", "")
    if ASCII_QUERY_RE.match(text):
        analyzed.groups.extend(_pinyin_groups(compact, vocabulary, synonyms))
        if analyzed.groups:
            return analyzed
    stop = stopwords()
    for word in words(text):
        if word in stop:
            continue
        group = TermGroup(label=word)
        # A lone character (证, 开) says little: it adds a little score but does not count
        # towards "enough of the query matched".
        group.strong = len(word) >= 2 or not CJK_RE.fullmatch(word)
        group.add(word, 1.0 if group.strong else WEAK_WEIGHT)
        for sub in index_tokens(word):
            if sub not in stop and sub != word:
                group.add(sub, SUBWORD_WEIGHT)
        analyzed.groups.append(group)
    _add_synonyms(analyzed, synonyms)
    _add_typo_corrections(analyzed, vocabulary, synonyms)
    if not any(g.strong for g in analyzed.groups):
        for group in analyzed.groups:
            group.strong = True
    return analyzed


def _add_synonyms(analyzed, synonyms):
    for term, others in synonyms.matches(analyzed.text):
        # A word that contains the synonym (开饭店 ⊃ 饭店) takes its alternatives.
        group = next((g for g in analyzed.groups if g.source == "word" and term in g.label), None)
        if group is None:
            # The synonym spans or splits jieba's words (社保卡 → 社保 + 卡): the words it covers
            # are folded into this one group so the concept counts once.
            group = TermGroup(label=term, source="synonym")
            group.add(term, 1.0)
            for sub in index_tokens(term):
                if sub not in stopwords():
                    group.add(sub, SUBWORD_WEIGHT)
            covered = [g for g in analyzed.groups if g.source == "word" and g.label in term]
            for g in covered:
                analyzed.groups.remove(g)
            analyzed.groups.append(group)
        group.strong = True
        for other in others:
            group.add(other, SYNONYM_WEIGHT)
            for sub in index_tokens(other):
                if sub not in stopwords():
                    group.add(sub, SUBWORD_WEIGHT * SYNONYM_WEIGHT)


def _cjk_windows(text, sizes=(6, 5, 4, 3)):
    """(offset in text, window) for every CJK window of the given sizes."""
    for run in CJK_RE.finditer(text):
        for size in sizes:
            for start in range(run.start(), run.end() - size + 1):
                yield start, text[start:start + size]


def _loose_characters(text):
    """Offsets of characters that jieba left as one-character words."""
    loose, pos = set(), 0
    for token in tokenizer().cut(text, HMM=False):
        if len(token) == 1 and CJK_RE.fullmatch(token):
            loose.add(pos)
        pos += len(token)
    return loose


def _add_typo_corrections(analyzed, vocabulary, synonyms):
    """Windows of the query that are not words we know, but sound like one (same pinyin)
    or are one character away from one, become an extra group (营业质照 → 营业执照)."""
    if vocabulary is None:
        return
    # Characters jieba could not attach to any word are where typos show: 营业质照 splits
    # into 营业 质 照. A one-character-away guess is only tried over two or more of them,
    # so a well-formed 身份证丢了 is never "corrected" to 身份证件; a same-pinyin guess is
    # safer and is always tried.
    loose = _loose_characters(analyzed.text)
    seen = set()
    for start, window in _cjk_windows(analyzed.text):
        if window in vocabulary or window in synonyms.by_term or window in seen:
            continue
        seen.add(window)
        candidates = vocabulary.homophones(window)
        if not candidates and sum(1 for i in range(start, start + len(window)) if i in loose) >= 2:
            candidates = vocabulary.near(window)
        candidates = [c for c in candidates if c not in analyzed.text]
        if not candidates:
            continue
        best = max(candidates, key=lambda c: (vocabulary.df(c), c))
        group = TermGroup(label=best, source="typo")
        group.add(best, TYPO_WEIGHT)
        for other in synonyms.by_term.get(best, ()):
            group.add(other, TYPO_WEIGHT * SYNONYM_WEIGHT)
        analyzed.groups.append(group)
        analyzed.corrections.append((window, best))
        # The mistyped characters' own groups would now demand matches that cannot exist.
        for g in analyzed.groups:
            if g.source == "word" and g.label in window:
                g.strong = False


def _pinyin_groups(compact, vocabulary, synonyms):
    """Latin letters: name pinyin tokens (py:…) plus vocabulary words with that pinyin."""
    group = TermGroup(label=compact, source="pinyin")
    group.add(f"py:{compact}", 1.0)
    if vocabulary is not None:
        matches = vocabulary.by_initials.get(compact, []) + vocabulary.by_full.get(compact, [])
        for term in sorted(set(matches), key=lambda t: -vocabulary.df(t))[:3]:
            group.add(term, PINYIN_WEIGHT)
            for other in synonyms.by_term.get(term, ()):
                group.add(other, PINYIN_WEIGHT * SYNONYM_WEIGHT)
    if len(group.terms) == 1 and len(compact) < 2:
        return []
    return [group]


# -- the same analysis for Wagtail's own search backends (search/backends/wagtail_db.py) -------
# Wagtail's database and Elasticsearch backends index a field value as one string and match
# a query against it. The string we hand them is the value already analysed: jieba search-
# mode words, pinyin for names, then the value's CJK character bigrams in order, so that any
# Chinese substring of two or more characters matches as a phrase of bigrams (民政 → 县民政局)
# even where jieba cut the text differently. See docs/domain.md, "中文搜索".

NON_WORD_RE = re.compile(r"[^\w]+")
NAME_LENGTH = 40  # values this short (names, titles) also get pinyin tokens


def clean_token(token):
    """A token as Wagtail's engines will tokenise it: word characters only (SQLite FTS5,
    PostgreSQL's parser and Elasticsearch's whitespace analyzer then all agree)."""
    return NON_WORD_RE.sub("", token)


def cjk_bigrams(text):
    """Overlapping character pairs of every CJK run (a lone character stands for itself)."""
    grams = []
    for run in CJK_RE.findall(text):
        grams.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
    return grams


def analysed_field_text(value, name=False):
    """A field value as Wagtail's index should store it (see above)."""
    text = normalize(value)
    if not text:
        return ""
    tokens = [t for t in (clean_token(tok) for tok in index_tokens(text)) if t]
    if name or len(text) <= NAME_LENGTH:
        tokens.extend(name_pinyin_tokens(text))
    tokens.extend(cjk_bigrams(text))
    return " ".join(tokens)


@dataclass
class QueryClause:
    """One concept of a query: any of its alternatives matches. An alternative is a tuple
    of tokens that must appear in this order (a bigram phrase, or a single token)."""

    label: str
    alternatives: list


def _alternative(term):
    if term.startswith("py:"):
        return (term[3:],)
    if CJK_RE.fullmatch(term):
        return tuple(cjk_bigrams(term))
    # Mixed text (a code such as qr-330521-0003): its pieces in order.
    pieces = [t for t in (clean_token(tok) for tok in index_tokens(term)) if t]
    return tuple(pieces)


def _join_loose_characters(groups, text):
    """Characters jieba left loose side by side (份证 → 份 + 证) are searched as the
    substring they form, which the bigram index can match."""
    joined, run = [], []

    def flush():
        label = "".join(g.label for g in run)
        if len(run) >= 2 and label in text:
            group = TermGroup(label=label, source="word")
            group.add(label, 1.0)
            joined.append(group)
        else:
            joined.extend(run)
        run.clear()

    for group in groups:
        if group.source == "word" and len(group.label) == 1 and CJK_RE.fullmatch(group.label):
            run.append(group)
            continue
        flush()
        joined.append(group)
    flush()
    return joined


def query_clauses(q, vocabulary=None, synonyms=EMPTY_SYNONYMS):
    """The query as clauses for a Wagtail backend: one per concept the analyser found
    (synonyms, pinyin and typo corrections included as alternatives; sub-words left out,
    they would make 社会保障卡 match every text that says 社会)."""
    analyzed = analyze_query(q, vocabulary, synonyms)
    # A typo correction already explains loose characters (营业质照 → 营业执照).
    groups = analyzed.groups if analyzed.corrections else _join_loose_characters(analyzed.groups, analyzed.text)
    groups = [g for g in groups if g.strong] or groups
    clauses = []
    for group in groups:
        alternatives = []
        for term, weight in group.terms.items():
            if term.startswith("code:"):
                term = term[5:]
            elif weight < HIGHLIGHT_MIN_WEIGHT and term != group.label:
                continue
            alternative = _alternative(term)
            if alternative and alternative not in alternatives:
                alternatives.append(alternative)
        if group.source == "pinyin" and (group.label,) not in alternatives:
            alternatives.append((group.label,))  # latin words that are not pinyin (APP, CA)
        if alternatives:
            clauses.append(QueryClause(label=group.label, alternatives=alternatives))
    return clauses
