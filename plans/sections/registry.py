"""The section registry: how the plan knows its phases without importing them.

Each phase app registers its section(s) in ``AppConfig.ready()``::

    sections.register(Section(key="risks", title=_("Risks & contingency"), order=60, ...))

The plan overview, approvals, versions and the PDF all loop over ``sections.all()``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Completeness:
    """What a section still lacks. ``missing`` holds human-readable (translated) sentences."""

    done: int
    total: int
    missing: tuple = ()

    @classmethod
    def of(cls, *checks):
        """The completeness of ``(condition, message)`` checks: each true condition is one done,
        each false one says its message (``None``: nothing to add, another check says it)::

            Completeness.of(
                (goals, _("Write at least one goal.")),
                (scope and scope.target_population, _("Describe the target population.")),
            )
        """
        missing = tuple(message for ok, message in checks if not ok and message)
        return cls(done=sum(1 for ok, _message in checks if ok), total=len(checks), missing=missing)

    @property
    def is_complete(self):
        return self.total > 0 and self.done >= self.total and not self.missing

    @property
    def percent(self):
        return 100 if self.total == 0 else round(100 * self.done / self.total)


def none_lacking(total, lacking, message, otherwise=None):
    """The check "each of the ``total`` items has it", for ``Completeness.of``: done when there
    are items and none lacks it; else ``message`` (an ``ngettext_lazy`` with ``count``) counts
    the ``lacking`` ones, or ``otherwise`` says what to do when there are no items at all."""
    return (total and not lacking, message % {"count": lacking} if lacking else otherwise)


@dataclass(frozen=True, kw_only=True)
class Section:
    key: str
    title: Any  # lazy translated string
    order: int
    guidance: Any
    snapshot: Callable[..., dict]
    completeness: Callable[..., Completeness]
    # The section's page: ``<key>:page`` unless named.
    url_name: str = ""
    # The template that prints the section: ``<app of its models>/document.html`` unless named.
    document_template: str = ""
    # Its plan-scoped models: those of its item types unless named (an item type may describe
    # another section's rows, as the action plan's team does).
    models: tuple = None
    # ``demo(plan, *, size, user, rng)`` fills the section with realistic demo content
    # (``size`` is "small", "large" or "xl"; ``plans.demo.demo_scale(size)`` says how many
    # times the large content: 0, 1, 2); used by ``manage.py seed_demo``.
    demo: Callable[..., None] | None = None
    # Sections whose demo must run first because this one links to their items (the risks
    # demo links risks to the action plan's tasks); each demo writes only its own tables.
    demo_after: tuple = ()
    # The item types whose rows the snapshot holds (``snapshot.ItemType``), one per snapshot
    # key: where the compare, the changes appendix and history find labels and display values.
    items: tuple = ()
    # Snapshot keys computed from the items (totals, chart series): the document prints them,
    # the compare does not report them (the items' own changes say what changed).
    derived: tuple = ()
    # ``reminders(plan, *, today, until)``: what falls due by ``until`` or is late, as
    # ``reminders.Due`` values (tasks due, risk reviews, measurements); see reminders.py.
    reminders: Callable[..., list] | None = None

    def __post_init__(self):
        if self.models is None:
            models = dict.fromkeys(item.model for item in self.items)
            object.__setattr__(self, "models", tuple(models))
        if not self.url_name:
            object.__setattr__(self, "url_name", f"{self.key}:page")
        if not self.document_template and self.models:
            app_label = self.models[0]._meta.app_label
            object.__setattr__(self, "document_template", f"{app_label}/document.html")

    def item_type(self, key):
        return next((item for item in self.items if item.key == key), None)

    def url(self, plan):
        try:
            return reverse(self.url_name, kwargs={"plan": plan.uuid})
        except NoReverseMatch:
            return ""


class SectionRegistry:
    def __init__(self):
        self._sections = {}
        self._editors = {}  # model -> the list or singleton that edits it

    def declare_editors(self, editors):
        """The lists and singletons a section's URLs serve (``section_urls`` calls this): the
        way every item type is created and changed, for whatever writes items besides the
        pages (the plan import)."""
        for editor in editors:
            self._editors.setdefault(editor.model, editor)

    def editor_for(self, model):
        """The list or singleton that edits ``model`` (every URL loaded first), or None."""
        if not self._editors:
            from django.urls import get_resolver

            get_resolver().url_patterns  # noqa: B018 - importing the URLs declares the lists
        return self._editors.get(model)

    def register(self, section):
        if section.key in self._sections:
            raise ValueError(f"A section with key {section.key!r} is already registered.")
        self._sections[section.key] = section
        return section

    def unregister(self, key):
        self._sections.pop(key, None)

    def all(self):
        return sorted(self._sections.values(), key=lambda s: (s.order, s.key))

    def get(self, key):
        return self._sections[key]

    def keys(self):
        return [s.key for s in self.all()]

    def __contains__(self, key):
        return key in self._sections

    def __len__(self):
        return len(self._sections)

    def section_for_model(self, model):
        for section in self._sections.values():
            if model in section.models:
                return section
        return None

    def section_key_for(self, model, name):
        """The key of the one section whose models hold ``model`` (a list's, a singleton's)."""
        owners = [s.key for s in self.all() if model in s.models]
        if len(owners) != 1:
            raise ValueError(f"{name}: say which section the list belongs to.")
        return owners[0]

    def demo_order(self):
        """Sections in guide order, each after the sections its demo links to."""
        done, ordered = set(), []

        def visit(section, path=()):
            if section.key in done:
                return
            if section.key in path:
                raise ValueError(f"Demo order loops: {' -> '.join((*path, section.key))}")
            for key in section.demo_after:
                if key in self._sections:
                    visit(self._sections[key], (*path, section.key))
            done.add(section.key)
            ordered.append(section)

        for section in self.all():
            visit(section)
        return ordered

    def snapshot(self, plan):
        """Every section's snapshot, keyed by section key, in guide order."""
        return {s.key: s.snapshot(plan) for s in self.all()}


registry = SectionRegistry()
register = registry.register
