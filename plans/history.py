"""Many-to-many relations in simple-history, one history row per change.

The section models that users link to other items name those links in ``_history_m2m_fields``
(their history is inherited from ``PlanScopedModel``), so each history row also stores the links
the item had at that moment. Left alone, simple-history writes a new row for every m2m signal:
one ``set()`` is a removal and an addition, so a single edit would read as three changes, the
last two without the change reason. Services therefore set the links with history off, then copy
them onto the row their own save wrote (``m2m_set``). Bulk writes (demo data) call
``record_m2m`` once at the end.
"""

import functools

from django.db.models import Max


@functools.cache
def history_model(model):
    """The historical model of ``model`` (None when it has no history), resolved once: reading
    ``model.history`` builds simple-history's manager class anew each time, which costs."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def history_rows(model):
    """All history rows of ``model``, as ``model.history.all()`` gives them, without building
    the manager (``history_model``)."""
    return history_model(model)._default_manager.all()


def m2m_fields(model):
    """The many-to-many fields whose links the model's history keeps."""
    historical = history_model(model)
    if historical is None:
        return ()
    return tuple(getattr(historical, "_history_m2m_fields", ()))


def m2m_history_model(model, field):
    """The table that holds ``field``'s links for each history row of ``model``."""
    return getattr(history_model(model), field.name).model


def m2m_set(instance, values):
    """Set ``{field name: objects}`` on a saved instance; its last history row gets the links."""
    if not values:
        return
    instance.skip_history_when_saving = True
    try:
        for name, value in values.items():
            getattr(instance, name).set(value)
    finally:
        del instance.skip_history_when_saving
    record_m2m(type(instance), [instance.pk])


def record_m2m(model, pks):
    """Store the current links of the items ``pks`` on the newest history row of each.

    A fixed number of queries: one for the history rows, then three per tracked field.
    """
    fields = m2m_fields(model)
    if not fields or not pks:
        return
    latest = dict(
        model.history.filter(id__in=pks)
        .values("id")
        .annotate(last=Max("history_id"))
        .values_list("id", "last")
        .order_by()
    )
    for field in fields:
        through = field.remote_field.through
        source = field.m2m_field_name()
        m2m_history = m2m_history_model(model, field)
        m2m_history.objects.filter(history_id__in=latest.values()).delete()
        names = [f.attname for f in through._meta.concrete_fields]
        rows = through.objects.filter(**{f"{source}_id__in": list(latest)}).values(*names)
        m2m_history.objects.bulk_create(
            [
                m2m_history(history_id=latest[row[f"{source}_id"]], **row)
                for row in rows
                if row[f"{source}_id"] in latest
            ]
        )


def section_last_changes(plan, keys=None):
    """{section key: datetime of its latest history row}, one query (a UNION of the models)."""
    from django.db import connection
    from django.db.models import IntegerField, Value

    from plans.sections import registry

    pairs = [
        (s.key, m)
        for s in registry.all()
        if keys is None or s.key in keys
        for m in s.models
        if history_model(m) is not None
    ]
    result = {}
    if not pairs:
        return result
    parts = [
        history_rows(model)
        .filter(plan_id=plan.pk)
        .order_by("-history_date")
        .annotate(source=Value(i, output_field=IntegerField()))
        .values("source", "history_date")[:1]
        for i, (_key, model) in enumerate(pairs)
    ]
    if connection.features.supports_slicing_ordering_in_compound and len(parts) > 1:
        rows = list(parts[0].union(*parts[1:], all=True))
    else:
        rows = [row for part in parts for row in part]
    for row in rows:
        key = pairs[row["source"]][0]
        if result.get(key) is None or row["history_date"] > result[key]:
            result[key] = row["history_date"]
    return result


def section_last_change(request, plan, key):
    """The time of the section's latest change, read once per request however many panels of
    the page ask for it (the review state, the presence heartbeat)."""
    memo = request.__dict__.setdefault("_section_last_changes", {})
    if key not in memo:
        memo[key] = section_last_changes(plan, {key}).get(key)
    return memo[key]


def section_token(last_change):
    """What a reader saw of a section: the time of its latest change, as a string. A decision
    or a heartbeat that brings back another token was made on an older state of the section."""
    return last_change.isoformat() if last_change else "-"


# The fields that name an item, in the order they are tried.
LABEL_FIELDS = ("title", "name", "statement", "label", "description", "audience", "summary")


def item_label(record, model):
    """A readable name for an item, from its own fields (no query, unlike ``__str__``)."""
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    return f"{str(model._meta.verbose_name).capitalize()} #{record.id}"


# simple-history's ``history_change_reason`` column.
CHANGE_REASON_MAX = 100


def change_reason(text):
    """``text`` as a history row can hold it: a reason Planner writes itself ("Imported from
    <a long file name>") is shortened with an ellipsis rather than failing the whole save in
    the database. (A reason a person types is refused past the limit by its form.)"""
    text = str(text)
    if len(text) <= CHANGE_REASON_MAX:
        return text
    return text[: CHANGE_REASON_MAX - 1] + "…"
