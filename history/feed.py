"""What the activity feed lists besides the items' changes, given by the apps that own it.

``history`` knows no comment nor decision: discussions and approvals each register a
``FeedSource`` in their ``AppConfig.ready()``. A source says which rows it has (a queryset of the
plan, with the lookups of its section, author and date, so that the feed's filters and its one
bounded UNION work on it) and how a page of them reads (``entries``: one query for the page).
"""

from dataclasses import dataclass, field

from plans.sections import registry


@dataclass
class FeedEntry:
    """A comment, a decision... in the activity feed (the template draws it by ``kind``)."""

    kind: str
    date: object
    user: object
    section: object
    label: str
    text: str
    url: str
    decision: str = ""
    decision_label: str = ""
    changes: list = field(default_factory=list)
    restorable: bool = False
    # Who wrote or decided, as shown: a member's name or an outside reviewer's, said as such.
    who: str = ""


@dataclass(frozen=True)
class FeedSource:
    kind: str  # the feed filter's value ("comment"), and the entries' kind
    label: object  # the filter's label
    rows: object  # (plan) -> the queryset of the plan's rows
    section: str  # lookup of the row's section key
    author: str  # lookup of the row's author (a user)
    date: str  # field of the row's date
    entries: object  # (plan, ids) -> {id: FeedEntry}, one query


SOURCES = []


def register(source):
    if any(s.kind == source.kind for s in SOURCES):
        raise ValueError(f"A feed source of kind {source.kind!r} is already registered.")
    SOURCES.append(source)
    return source


def sources():
    return list(SOURCES)


def section_of(key):
    return registry.get(key) if key in registry else None


def excerpt(text, length=200):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"
