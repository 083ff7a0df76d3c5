"""List filters, declared once per list: parsed from the query string in the view, applied to
the list's queryset by the toolkit, rendered by ``partials/inline/filters.html``.

    ListFilter(
        prefix="tasks",                       # parameters "tasks-q", "tasks-status", ...
        search=("title", "description"),      # the search box: any of these contains the text
        exact=(
            Exact("status", _("Status"), choices=Status.choices),
            Exact("goal", _("Goal"), lookup="goal_id", choices=goal_choices),  # fn(plan)
            Flag("late", _("Only late tasks"), apply=lambda qs: qs.filter(...)),
        ),
    )

A list's filter is bound to the list (``bound``): its prefix is the list's name and an
``Exact`` on a field with choices offers the field's choices, unless they are named.

Selectors never see the request: ``parse(GET, plan=...)`` gives clean values (a value that is
not one of the choices is ignored, so a tampered URL lists everything instead of failing), and
the collection hands them to its queryset function as ``filters=``. Each list on a page has its
own prefix, so one list's search never filters another.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEARCH = "q"


@dataclass(frozen=True)
class Exact:
    """A value the list must match exactly (a select in the filter form)."""

    name: str
    label: Any
    lookup: str = ""  # the ORM lookup; the name when empty
    # [(value, label)], or ``fn(plan) -> [(value, label)]`` for choices drawn from the plan.
    choices: Any = None
    all_label: Any = None  # the empty choice: "All statuses"
    # ``fn(queryset, value) -> queryset`` for a value the database cannot match by a lookup.
    apply: Callable | None = None
    kind = "select"

    def choices_for(self, plan):
        if not callable(self.choices):
            return [(str(value), label) for value, label in (self.choices or [])]
        # Drawn from the plan: once per request however many lists filter by them (the
        # plan object lives as long as the request).
        cache = plan.__dict__.setdefault("_filter_choices", {}) if plan is not None else {}
        if self.choices not in cache:
            cache[self.choices] = [(str(v), label) for v, label in self.choices(plan) or []]
        return cache[self.choices]

    def bound(self, model):
        """This filter with the choices of ``model``'s field when it names none."""
        if self.choices is not None or self.apply is not None:
            return self
        try:
            choices = model._meta.get_field(self.lookup or self.name).choices
        except FieldDoesNotExist:
            return self
        return replace(self, choices=choices) if choices else self

    def clean(self, raw, plan):
        raw = (raw or "").strip()
        if not raw:
            return ""
        if self.choices is not None and raw not in {v for v, _ in self.choices_for(plan)}:
            return ""
        return raw

    def filter(self, qs, value, plan=None):
        if self.apply:
            return self.apply(qs, value)
        return qs.filter(**{self.lookup or self.name: value})


@dataclass(frozen=True)
class Flag:
    """A checkbox: when ticked, ``apply(queryset)`` narrows the list."""

    name: str
    label: Any
    apply: Callable = None
    kind = "checkbox"

    def choices_for(self, plan):
        return []

    def bound(self, model):
        return self

    def clean(self, raw, plan):
        return "1" if (raw or "").strip() else ""

    def filter(self, qs, value, plan=None):
        return self.apply(qs)


@dataclass(frozen=True)
class ListFilter:
    prefix: str = ""  # the list's name when bound to it
    search: tuple = ()
    exact: tuple = ()
    search_label: Any = field(default=_("Search"))

    def bound(self, *, prefix, model):
        """This filter as a list uses it: its prefix (unless named), its ``Exact``s' choices."""
        exact = tuple(f.bound(model) for f in self.exact)
        return replace(self, prefix=self.prefix or prefix, exact=exact)

    def param(self, name):
        return f"{self.prefix}-{name}"

    @property
    def filters(self):
        """The list's own filters, then those the extensions add to every list (transfer's
        "compared with the previous cycle")."""
        from .extensions import extensions

        return (*self.exact, *extensions.list_filters())

    @property
    def names(self):
        return ([SEARCH] if self.search else []) + [f.name for f in self.filters]

    def parse(self, query, *, plan=None):
        """Clean values by name (without the prefix); every name present, "" when unset."""
        values = {}
        if self.search:
            values[SEARCH] = (query.get(self.param(SEARCH)) or "").strip()[:200]
        for f in self.filters:
            values[f.name] = f.clean(query.get(self.param(f.name)), plan)
        return values

    def apply(self, qs, values, plan=None):
        text = (values or {}).get(SEARCH, "")
        if text and self.search:
            condition = Q()
            for name in self.search:
                condition |= Q(**{f"{name}__icontains": text})
            qs = qs.filter(condition)
            if any("__" in name for name in self.search):
                qs = qs.distinct()  # a search across a to-many relation repeats rows
        for f in self.filters:
            value = (values or {}).get(f.name, "")
            if value:
                qs = f.filter(qs, value, plan=plan)
        return qs

    def is_active(self, values):
        return any(values.get(name) for name in self.names)

    def query(self, values):
        """The query-string pairs that reproduce ``values`` (for links that keep the filter)."""
        return {self.param(k): v for k, v in values.items() if v}

    def fields(self, plan, values):
        """What ``partials/inline/filters.html`` draws: one entry per input."""
        rows = []
        if self.search:
            rows.append(
                {
                    "kind": "search",
                    "param": self.param(SEARCH),
                    "label": self.search_label,
                    "value": values.get(SEARCH, ""),
                }
            )
        for f in self.filters:
            if getattr(f, "hide_empty", False) and not f.choices_for(plan):
                continue  # nothing to choose for this plan (no previous cycle)
            rows.append(
                {
                    "kind": f.kind,
                    "param": self.param(f.name),
                    "label": f.label,
                    "all_label": getattr(f, "all_label", None) or _("All"),
                    "value": values.get(f.name, ""),
                    "choices": f.choices_for(plan),
                }
            )
        return rows
