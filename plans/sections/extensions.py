"""How apps beyond the phases (approvals, discussions, history, documents) extend every plan
without plans importing them.

An extension is one object implementing ``PlanExtension``; it is registered once, in its app's
``AppConfig.ready()``::

    extensions.register(ApprovalsExtension())

and plans calls it at these points, each documented where it is called:

- ``transition_error(plan, to_status)``: a reason the plan may not move to ``to_status``, or
  None. ``plans.services.plan_transition`` refuses the move with the first reason given
  (approvals refuses an approval while a section lacks an approval of its current content).
- ``reason_required(plan, section_key)``: True when a change to the section must say why (the
  section is approved); the forms then ask for a reason, kept as the history row's reason.
- ``snapshot(plan)``: plan-level data added to every snapshot, ``{key: JSON-able}``
  (approvals adds the approvals the PDF prints).
- ``section_context(request, access, section)``: extra context of every section page; the
  template names in its ``section_panels`` list are rendered by ``plans/section_base.html``.
- ``collection_context(request, access, collection, items)``: extra context of every list
  (discussion counts and history links per row); ``items`` are the rows the list draws (its
  first page, not every row of a long list: read what they need, for them only). The template
  names in its ``row_badges`` list are drawn on every row (``partials/inline/row.html``, with
  ``item`` and ``c``).
- ``list_filters()``: filters every list offers besides its own (``filters.Exact``-like, their
  ``filter(qs, value, plan=)`` given the plan; ``hide_empty`` hides one without choices).
- ``section_badges(plan, summaries)``: extra facts set on each section summary of the
  overview, in a fixed number of queries.
- ``demo(plan, *, size, user, rng)``: demo content, after every section's demo.
- ``version_published(version)``: a version was just published, in the same transaction
  (transfer keeps the version's plan file, so that exporting it later gives exactly it).
- ``dashboard_context(user)``: extra context of the dashboard ("My plans"); the template names
  in its ``dashboard_panels`` list are drawn above the plans (approvals lists the reviews
  awaiting the person and the requests they made), in a fixed number of queries.
- ``members_context(request, access)``: extra context of the plan's members page; the
  template names in its ``members_panels`` list are drawn below the members (approvals lists
  the reviewer links sent to people outside the plan, with their use).
- ``reminders(plan, *, today, until)``: what falls due in the plan besides the sections' own
  dates, as ``plans.sections.reminders.Due`` (approvals adds the reviews due); notifications
  sends them daily.
- ``plan_reviews(plan)``: the plan's comments and approvals as plain data, ``{"comments":
  [...], "approvals": [...]}`` (discussions gives the comments, approvals the decisions; a plan
  file exported with its reviews holds them). A comment about one item names it as
  ``"item": (model, pk)``; people by their name.

Every method has a neutral default, so an extension implements only what it needs.
"""


def plan_file_person(user, outside_name=""):
    """How a person is named in ``plan_reviews``: the name a member gave (never their e-mail or
    id; None when they gave none), or, for someone who wrote through a reviewer link, the name
    the link gave (``outside_name``, already said as such)."""
    if user is not None:
        return user.display_name or user.get_full_name() or None
    return str(outside_name) or None


def plan_file_moment(moment):
    return moment.isoformat(timespec="seconds") if moment else None


class PlanExtension:
    """The protocol, with neutral defaults. Subclass it and override what the app adds."""

    name = ""

    def transition_error(self, plan, to_status):
        return None

    def reason_required(self, plan, section_key):
        return False

    def snapshot(self, plan):
        return {}

    def section_context(self, request, access, section):
        return {}

    def collection_context(self, request, access, collection, items):
        return {}

    def list_filters(self):
        return ()

    def section_badges(self, plan, summaries):
        return None

    def demo(self, plan, *, size, user, rng):
        return None

    def version_published(self, version):
        return None

    def plan_reviews(self, plan):
        return {}

    def reminders(self, plan, *, today, until):
        return []

    def dashboard_context(self, user):
        return {}

    def members_context(self, request, access):
        return {}


class Extensions:
    """The registered extensions, called in registration order."""

    def __init__(self):
        self._items = []

    def register(self, extension):
        if not isinstance(extension, PlanExtension):
            raise TypeError("An extension implements plans.sections.extensions.PlanExtension.")
        if any(e.name == extension.name for e in self._items):
            raise ValueError(f"An extension named {extension.name!r} is already registered.")
        self._items.append(extension)
        return extension

    def unregister(self, name):
        self._items = [e for e in self._items if e.name != name]

    def __iter__(self):
        return iter(list(self._items))

    def transition_error(self, plan, to_status):
        for extension in self:
            error = extension.transition_error(plan, to_status)
            if error:
                return error
        return None

    def reason_required(self, plan, section_key):
        return any(e.reason_required(plan, section_key) for e in self)

    def snapshot(self, plan):
        data = {}
        for extension in self:
            data.update(extension.snapshot(plan))
        return data

    def section_context(self, request, access, section):
        context, panels = {}, []
        for extension in self:
            extra = dict(extension.section_context(request, access, section))
            panels += extra.pop("section_panels", [])
            context.update(extra)
        context["section_panels"] = panels
        return context

    def collection_context(self, request, access, collection, items):
        context, badges = {}, []
        for extension in self:
            extra = dict(extension.collection_context(request, access, collection, items))
            badges += extra.pop("row_badges", [])
            context.update(extra)
        context["row_badges"] = badges
        return context

    def list_filters(self):
        return tuple(f for extension in self for f in extension.list_filters())

    def section_badges(self, plan, summaries):
        for extension in self:
            extension.section_badges(plan, summaries)

    def demo(self, plan, *, size, user, rng):
        for extension in self:
            extension.demo(plan, size=size, user=user, rng=rng)

    def version_published(self, version):
        for extension in self:
            extension.version_published(version)

    def dashboard_context(self, user):
        context, panels = {}, []
        for extension in self:
            extra = dict(extension.dashboard_context(user))
            panels += extra.pop("dashboard_panels", [])
            context.update(extra)
        context["dashboard_panels"] = panels
        return context

    def members_context(self, request, access):
        context, panels = {}, []
        for extension in self:
            extra = dict(extension.members_context(request, access))
            panels += extra.pop("members_panels", [])
            context.update(extra)
        context["members_panels"] = panels
        return context

    def reminders(self, plan, *, today, until):
        return [due for e in self for due in e.reminders(plan, today=today, until=until)]

    def plan_reviews(self, plan):
        found = {}
        for extension in self:
            for key, entries in extension.plan_reviews(plan).items():
                found.setdefault(key, []).extend(entries)
        return found


extensions = Extensions()
