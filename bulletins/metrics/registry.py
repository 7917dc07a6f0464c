"""The registry of bulletin metrics, one block per data source (docs/domain.md, 每月运行情况通报).

A *source* (cases, reservations, ratings and letters) runs a few grouped aggregate queries for a
month and returns additive counts per (department, item, window). A *metric* turns those counts
into one published figure: a count, a rate or an average, with its Chinese label and its exact
definition, which the page shows next to the figure. A source registers only when the app that
records its data is installed, so a metric whose data the centre does not record yet is absent
from the bulletin (never typed in, never estimated).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

COUNT, RATE, AVERAGE = "count", "rate", "average"


@dataclass(frozen=True)
class Metric:
    key: str  # English snake_case, the open-data name
    label: str
    unit: str
    definition: str
    source: str
    kind: str
    compute: Callable = field(compare=False, repr=False)
    higher_is_better: bool = True

    def value(self, counts):
        return self.compute(counts)


def count(key, label, definition, source, *, parts=None, unit="件", higher_is_better=True):
    """A count; `parts` names the counts it adds up (default: the count named `key`)."""
    names = parts or (key,)
    return Metric(key, label, unit, definition, source, COUNT, lambda c: sum(c.get(n, 0) for n in names), higher_is_better)


def rate(key, label, definition, source, numerator, denominator, *, higher_is_better=True):
    """A percentage with one decimal; None ("—" on the page) when the denominator is 0."""

    def compute(c):
        den = c.get(denominator, 0)
        return round(100 * c.get(numerator, 0) / den, 1) if den else None

    return Metric(key, label, "%", definition, source, RATE, compute, higher_is_better)


def average(key, label, definition, source, total, n, *, unit, higher_is_better=False, scale=1):
    """total ÷ n with one decimal (× `scale`, e.g. 1/60 for seconds summed, minutes shown)."""

    def compute(c):
        den = c.get(n, 0)
        return round(c.get(total, 0) * scale / den, 1) if den else None

    return Metric(key, label, unit, definition, source, AVERAGE, compute, higher_is_better)


class Source:
    """One kind of recorded activity the bulletin reads. Subclasses set key/label/metrics and
    implement `rows(month, as_of)`: an iterable of (department_id, item_id, window_id, counts)."""

    key = ""
    label = ""
    metrics: tuple = ()
    records_windows = False  # whether its rows carry the window that served the case or visit

    def available(self):
        return True

    def rows(self, month, as_of):
        raise NotImplementedError


_SOURCES: dict[str, Source] = {}


def register(source):
    _SOURCES[source.key] = source
    return source


def all_sources():
    return list(_SOURCES.values())


def active_sources():
    return [s for s in _SOURCES.values() if s.available()]


def metrics(sources=None):
    """Every metric of the given (default: active) sources, in publication order."""
    return [m for s in (sources if sources is not None else active_sources()) for m in s.metrics]


def metric_map():
    return {m.key: m for s in _SOURCES.values() for m in s.metrics}
