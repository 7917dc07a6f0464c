"""One normalisation for every number a person types (phone, ID number, code, receipt number).

Browsers and input methods send full-width digits (１３８), Arabic-Indic digits and spaces or
dashes inside numbers. NFKC folds the compatibility forms (full-width → ASCII); spaces and
dashes are removed; whatever non-ASCII digit is left (e.g. "١") is *not* turned into a digit,
so the validators that accept only [0-9] refuse it. Without this the same person could
register twice (13812341234 and １３８１２３４１２３４) and pass per-phone limits.
"""

import re
import unicodedata

SEPARATORS_RE = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d]+")


def normalize_number(value) -> str:
    """NFKC, drop spaces and dashes, upper-case (the ID number's X)."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return SEPARATORS_RE.sub("", text).upper()


def is_ascii_digits(value: str) -> bool:
    """str.isdigit() is true for "١" and "²" too; only 0-9 count here."""
    return bool(value) and value.isascii() and value.isdigit()
