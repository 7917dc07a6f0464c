"""Safe highlighting: the text is HTML-escaped piece by piece and only our own <mark>
tags are added, so a page or query containing markup can never inject it."""

import html
import re
from functools import lru_cache

from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 90
SNIPPET_FIELDS = ("materials", "conditions", "result", "body", "department", "themes")


def escape(text):
    """Django's escape without its lazy-string wrapper (the same html.escape underneath),
    called for every piece of every shown hit."""
    return html.escape(text, quote=True)


# The characters html.escape(quote=True) replaces: a text without any needs no escaping.
_SPECIAL = re.compile("[&<>\"']")


def _pattern(terms):
    return _pattern_for(tuple(terms))


@lru_cache(maxsize=512)
def _pattern_for(terms):
    """Each shown hit asks twice (title and snippet) with the same terms: sort them once."""
    return _compiled(tuple(sorted({t for t in terms if t and ":" not in t}, key=lambda t: (-len(t), t))))


@lru_cache(maxsize=512)
def _compiled(terms):
    """One pattern per distinct term set: a result page marks ten titles and ten snippets
    with the same terms, and popular queries repeat."""
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def mark(text, terms):
    """Escape `text` and wrap every occurrence of a term in <mark>."""
    pattern = _pattern(terms)
    text = text or ""
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just above
    if _SPECIAL.search(text) is None:
        # Nothing to escape (the usual case): the same marks, in one pass of the regex engine.
        return mark_safe(pattern.sub(r"<mark>\g<0></mark>", text).replace("</mark><mark>", ""))  # noqa: S308 - no markup characters
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    # Adjacent words (特殊 + 证明) read as one marked phrase.
    return mark_safe("".join(out).replace("</mark><mark>", ""))  # noqa: S308 - every piece escaped above


def _window(text, start, length):
    begin = max(0, start - length // 3)
    end = min(len(text), begin + length)
    snippet = text[begin:end].replace("\n", "；")
    return ("…" if begin > 0 else "") + snippet + ("…" if end < len(text) else "")


def snippet(texts, terms, fallback="", length=SNIPPET_LENGTH):
    """The field passage with the most query terms, cut around the first one, marked."""
    pattern = _pattern(terms)
    best, best_count = None, 0
    if pattern is not None:
        for field_name in SNIPPET_FIELDS:
            text = texts.get(field_name) or ""
            matches = pattern.findall(text)
            if len(set(matches)) > best_count:
                best, best_count = (text, pattern.search(text).start()), len(set(matches))
    if best is None:
        text = fallback or texts.get("body", "") or ""
        return mark(_window(text, 0, length), terms)
    text, start = best
    return mark(_window(text, start, length), terms)
