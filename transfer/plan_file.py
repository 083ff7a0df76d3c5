"""A whole plan as one JSON file: written from the sections' declarations, read back through
the items' own services, so that a file goes in with exactly the checks a form applies.

The format (``docs/plan-file.md``, schema ``docs/plan-file.schema.json``)::

    {"format": "planner-plan", "version": 1,
     "source": {"plan": "<uuid>", "title": "...", "exported_at": "..."},
     "plan": {"title": "...", "language": "fr", ...},
     "items": {"objectives.goal": [{"id": "objectives.goal-12", "need": "assessments.need-3"}],
               "actions.task": [{"id": "actions.task-7", "depends_on": ["actions.task-5"]}]}}

Every plan-scoped model of every registered section has its list under its label, its rows in
list order. A row's ``id`` is stable within the file: a link to another item is that item's
id, a many-to-many link a list of ids. Values are as stored: ISO dates, decimals as strings,
choices by their code, empty for unknown. Accounts, uploaded files and the history are not
part of a plan: a team member's account, a measurement's author and an evidence file stay
behind (``NOT_IN_PLAN_FILE`` on a model names what else stays).
"""

import datetime
import functools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plans.concurrency import ConflictError
from plans.models import Membership, Plan
from plans.permissions import Capability, role_can
from plans.sections.extensions import extensions
from plans.sections.items import item_create, item_update
from plans.sections.registry import registry
from plans.sections.singleton import singleton_save
from plans.services import plan_create, plan_update
from plans.uploads import Problem

from .progress import Progress, file_row_count, plan_item_count

FORMAT = "planner-plan"
VERSION = 1
SCHEMA = Path(settings.BASE_DIR) / "docs" / "plan-file.schema.json"
# What every item has that is the app's bookkeeping, not the plan's content.
BOOKKEEPING = {"id", "plan", "position", "version", "created_at", "updated_at"}
MAX_BYTES = 20 * 1024 * 1024  # a large plan's file is about 1 MB


class PlanFileRejected(Exception):
    """The file cannot go in; ``errors`` says where and why, nothing was written."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class Outcome:
    plan: Plan
    created: dict = field(default_factory=dict)  # label -> count
    made: dict = field(default_factory=dict)  # the file's id of each row -> the item made
    # A merge (``plan_merge``) also says what it changes and what it leaves as it is.
    changed: dict = field(default_factory=dict)  # label -> [(file id, [field names])]
    names: dict = field(default_factory=dict)  # file id -> what a changed item is called
    unchanged: dict = field(default_factory=dict)  # label -> count
    plan_changed: list = field(default_factory=list)  # the plan's own fields, by name
    # The version of every item the file names, as the preview saw it ("plan": the plan's):
    # the confirmation refuses an item changed since (``expected=``).
    versions: dict = field(default_factory=dict)
    # The file carries comments and approvals (``plan_export(reviews=True)``): never imported.
    ignored_reviews: bool = False


# --- what goes in the file -----------------------------------------------------------------


def item_models():
    """Every plan-scoped model the sections declare, each once, in guide order."""
    found = []
    for section in registry.all():
        found += [m for m in section.models if m not in found]
    return found


def label_of(model):
    return model._meta.label_lower


def file_fields(model, exported):
    """The fields of ``model`` a plan file holds: its content and its links to other items."""
    left_out = set(getattr(model, "NOT_IN_PLAN_FILE", ()))
    found = []
    for f in model._meta.get_fields():
        if f.name in BOOKKEEPING or f.name in left_out or (f.auto_created and not f.concrete):
            continue
        if f.is_relation:
            if f.related_model in exported:
                found.append(f)
        elif f.concrete and not isinstance(f, models.FileField):
            found.append(f)
    return found


def ref(obj):
    """An item's id in the file: its type's label and its number ("actions.task-7"); two
    types may share a name (the needs assessment's and the compliance requirements)."""
    return f"{obj._meta.label_lower}-{obj.pk}"


def _value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _row(obj, fields):
    row = {"id": ref(obj)}
    for f in fields:
        if f.many_to_many:  # prefetched
            row[f.name] = sorted((ref(o) for o in getattr(obj, f.name).all()), key=_by_pk)
        elif f.is_relation:  # by its id: no query per row
            target = getattr(obj, f.attname)
            label = f.related_model._meta.label_lower
            row[f.name] = f"{label}-{target}" if target is not None else None
        else:
            row[f.name] = _value(getattr(obj, f.attname))
    return row


def _by_pk(file_id):
    return int(file_id.rsplit("-", 1)[1])


def plan_export(plan, *, reviews=False, progress=None):
    """The plan, every item of every section and their links, as a plan file (a dict);
    with ``reviews``, also its comments and approvals (``reviews_section``).
    ``progress(done, total)`` is told how many items are written (``transfer.progress``)."""
    exported = item_models()
    items = {}
    report = Progress(progress, plan_item_count(plan) if progress else None)
    for model in exported:
        fields = file_fields(model, exported)
        rows = model.objects.filter(plan=plan).order_by("position", "id")
        rows = rows.prefetch_related(*(f.name for f in fields if f.many_to_many))
        items[label_of(model)] = [_row(obj, fields) for obj in rows]
        report.step(len(items[label_of(model)]))
    report.finish()
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": {
            "plan": str(plan.uuid),
            "title": plan.title,
            "exported_at": timezone.now().isoformat(timespec="seconds"),
        },
        "plan": {name: _value(getattr(plan, name)) for name in Plan.EDITABLE_FIELDS},
        "items": items,
    } | ({"reviews": reviews_section(plan, items)} if reviews else {})


def plan_export_json(plan, *, reviews=False, progress=None):
    data = plan_export(plan, reviews=reviews, progress=progress)
    return json.dumps(data, ensure_ascii=False, indent=1)


def reviews_section(plan, items):
    """The plan's comments and approvals, from the extensions that keep them (reviews), each
    attached to its section and, when it is about one item in ``items``, to that item's id.
    People are named as they show themselves (no e-mail, no account id). For readers only:
    an import never reads them back."""
    in_file = {row["id"] for rows in items.values() for row in rows}
    found = extensions.plan_reviews(plan)
    for entry in found.get("comments", []):
        target = entry.pop("item", None)  # (model, pk) or None
        item = f"{label_of(target[0])}-{target[1]}" if target else None
        entry["item"] = item if item in in_file else None
    return {"comments": found.get("comments", []), "approvals": found.get("approvals", [])}


# --- reading a file ------------------------------------------------------------------------


def _schema_problems(data):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or _("the file")
        problems.append(Problem(where, "", _schema_message(error)))
    return problems[:50]


def _schema_message(error):
    """What is wrong with the file's shape, in the reader's language."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in value if name not in (error.instance or {})]
        return _("“%(name)s” is missing.") % {"name": ", ".join(missing)}
    if kind == "additionalProperties":
        return _("“%(name)s” is not expected here.") % {
            "name": ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        }
    if kind in ("type", "oneOf"):
        return _("This value is not of the expected kind (%(value)s).") % {
            "value": json.dumps(error.instance, ensure_ascii=False)[:80]
        }
    if kind in ("maxItems", "maxProperties"):
        return _("Too many entries: at most %(limit)s.") % {"limit": value}
    if kind in ("maxLength", "minLength"):
        return _("This text is too long or empty.")
    if kind in ("pattern", "propertyNames"):
        return _("“%(value)s” is not written as expected.") % {"value": str(error.instance)[:80]}
    return error.message


def parse(content):
    """The plan file in ``content`` (bytes or text), or PlanFileRejected saying why not."""
    if len(content) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        message = _("The file is larger than %(limit)s MB.") % {"limit": limit}
        raise PlanFileRejected([Problem(_("the file"), "", message)])
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        message = _("This is not a JSON file (%(error)s).") % {"error": error}
        raise PlanFileRejected([Problem(_("the file"), "", message)]) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = _("This is not a Planner plan file.")
        raise PlanFileRejected([Problem(_("the file"), "", message)])
    if data.get("version") != VERSION:
        message = _("This plan file is of version %(found)s; Planner reads version %(version)s.")
        found = {"found": data.get("version"), "version": VERSION}
        raise PlanFileRejected([Problem(_("the file"), "", message % found)])
    problems = _schema_problems(data)
    if problems:
        raise PlanFileRejected(problems)
    return data


def read_upload(content):
    """A plan file from uploaded bytes: a workbook (a zip, "PK...") or JSON."""
    if content[:2] == b"PK":
        from .workbook import read_workbook

        return read_workbook(content)
    return parse(content)


def import_order(exported):
    """``exported`` with every model after those it must link to when created (a required
    link); the other links are set once every item exists."""
    needs = {
        m: {
            f.related_model
            for f in file_fields(m, exported)
            if f.many_to_one and not f.null and f.related_model is not m
        }
        for m in exported
    }
    ordered = []
    while len(ordered) < len(exported):
        ready = [m for m in exported if m not in ordered and needs[m] <= set(ordered)]
        if not ready:
            raise ValueError("required links loop between item types")
        ordered += ready
    return ordered


def _messages(error):
    if hasattr(error, "message_dict"):
        return [(name, m) for name, messages in error.message_dict.items() for m in messages]
    return [("", m) for m in error.messages]


def _verbose(model, name):
    if name in ("", "__all__"):
        return ""
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a message about a name that is not a field
        return name


def _is_singleton(editor):
    """A page's one object of its kind (the budget's settings), not a list of items."""
    return editor is not None and not hasattr(editor, "create")


def _stale():
    return _("This item was changed by someone else since the file was checked: check it again.")


class _Reader:
    def __init__(self, plan, user, reason, progress=None):
        self.plan, self.user, self.reason = plan, user, reason
        self.progress = progress
        self.made = {}  # file id -> saved item
        self.seen = set()  # file ids of the rows read so far
        self.failed = set()  # file ids of rows that could not go in
        self.problems = []
        self.later = []  # (item, model, where, links to set once every item exists)

    def where(self, model, index, row):
        name = capfirst(model._meta.verbose_name_plural)
        return _("%(list)s, row %(row)s (%(id)s)") % {
            "list": name,
            "row": index + 1,
            "id": row.get("id", "?"),
        }

    def target(self, f, value, where):
        found = self.made.get(value)
        if found is None or not isinstance(found, f.related_model):
            if value in self.failed:
                message = _("It links to “%(id)s”, which could not go in (see that row).")
            else:
                message = _("No item “%(id)s” of the right kind in the file.")
            self.problems.append(Problem(where, capfirst(f.verbose_name), message % {"id": value}))
        return found

    def decode(self, model, fields, row, where):
        """The row as the item services take it, and the links to set in a second pass."""
        data, later = {}, {}
        names = {f.name: f for f in fields}
        for name in row:
            if name != "id" and name not in names:
                message = _("“%(name)s” is not a field of this item.") % {"name": name}
                self.problems.append(Problem(where, "", message))
        for name, value in row.items():
            f = names.get(name)
            if f is None:
                continue
            if f.many_to_many:
                ids = value or []
                waiting = [i for i in ids if i not in self.made and i not in self.failed]
                if f.related_model is model or waiting:
                    later[name] = ids
                else:
                    data[name] = [self.target(f, i, where) for i in ids]
            elif f.is_relation:
                if value is None:
                    data[name] = None
                elif value in self.made or value in self.failed:
                    data[name] = self.target(f, value, where)
                else:
                    later[name] = value
            else:
                try:
                    data[name] = self.scalar(f, value)
                except ValidationError as error:
                    for message in error.messages:
                        self.problems.append(Problem(where, capfirst(f.verbose_name), message))
        return data, later

    @staticmethod
    def scalar(f, value):
        if value is None and not f.null:
            value = "" if isinstance(f, (models.CharField, models.TextField)) else value
        if value is None:
            return None
        if isinstance(f, models.JSONField):
            return value
        return f.to_python(value)

    def save(self, model, data, where, instance=None, expected_version=None):
        """Create (or, for the links set last, update) the item through its list's services;
        an update checks ``expected_version`` (the instance's own when None)."""
        editor = registry.editor_for(model)
        kwargs = {"data": data, "user": self.user, "reason": self.reason}
        if instance is not None and expected_version is None:
            expected_version = instance.version
        if instance is not None and _is_singleton(editor) and editor.save:
            write = editor.save  # its own rules (the budget's currency)
            kwargs.update(plan=self.plan, expected_version=expected_version)
        elif instance is not None:
            write = getattr(editor, "update", None) or item_update
            kwargs.update(instance=instance, expected_version=expected_version)
        elif editor is None or hasattr(editor, "create"):  # a list, or a page of its own (RACI)
            write = getattr(editor, "create", None) or item_create
            kwargs.update(plan=self.plan, model=model)
        else:  # a singleton: its own save (the budget's currency rule) or the generic one
            write = editor.save or functools.partial(singleton_save, model=model)
            kwargs.update(plan=self.plan, expected_version=None)
        try:
            return write(**kwargs)
        except ValidationError as error:
            for name, message in _messages(error):
                self.problems.append(Problem(where, _verbose(model, name), message))
            return None
        except ConflictError:
            self.problems.append(Problem(where, "", _stale()))
            return None

    def read(self, items):
        created = {}
        exported = item_models()
        report = Progress(self.progress, file_row_count({"items": items}))
        for model in import_order(exported):
            fields = file_fields(model, exported)
            rows = items.get(label_of(model), [])
            for index, row in enumerate(rows):
                report.step()
                where = self.where(model, index, row)
                if row.get("id") in self.seen:
                    self.problems.append(Problem(where, "", _("This id is used twice.")))
                    continue
                self.seen.add(row.get("id"))
                if self.match(model, row, where) is not None:
                    continue  # an item of the plan: updated once every item exists (merge)
                before = len(self.problems)
                data, later = self.decode(model, fields, row, where)
                obj = self.save(model, data, where) if len(self.problems) == before else None
                if obj is None:
                    self.failed.add(row.get("id"))
                    continue
                self.made[row["id"]] = obj
                created[label_of(model)] = created.get(label_of(model), 0) + 1
                if later:
                    self.later.append((obj, model, fields, where, later))
        unknown = set(items) - {label_of(m) for m in exported}
        for label in sorted(unknown):
            message = _("Planner has no list “%(label)s”.") % {"label": label}
            self.problems.append(Problem(_("the file"), "", message))
        self.set_later_links()
        report.finish()
        return created

    def match(self, model, row, where):
        """The plan's item that ``row`` updates: none, as every row makes a new item."""
        return None

    def targets(self, fields, links, where):
        """``{field: the item (or items) of the new plan}`` for links given by file id."""
        names = {f.name: f for f in fields}
        data = {}
        for name, value in links.items():
            f = names[name]
            if f.many_to_many:
                data[name] = [self.target(f, i, where) for i in value]
            else:
                data[name] = self.target(f, value, where)
        return data

    def set_later_links(self):
        for obj, model, fields, where, later in self.later:
            if self.problems:
                break
            data = self.targets(fields, later, where)
            if not self.problems:
                obj.refresh_from_db()
                self.save(model, data, where, instance=obj)


def _plan_fields(data, problems):
    fields = {}
    for name in Plan.EDITABLE_FIELDS:
        if name not in data:
            continue
        f = Plan._meta.get_field(name)
        try:
            fields[name] = _Reader.scalar(f, data[name])
        except ValidationError as error:
            problems += [
                Problem(_("The plan"), capfirst(f.verbose_name), m) for m in error.messages
            ]
    return fields


def _read_all(reader, data, dry_run):
    """Every row of the file through ``reader``; on any problem, nothing of the transaction
    stays and PlanFileRejected says why. A dry run (the preview) keeps nothing either."""
    created = reader.read(data.get("items", {}))
    if reader.problems:
        transaction.set_rollback(True)
        raise PlanFileRejected(reader.problems)
    if dry_run:
        transaction.set_rollback(True)
    return created


def _reason(filename):
    return _("Imported from %(file)s") % {"file": filename or _("a plan file")}


@transaction.atomic
def plan_import(
    data,
    *,
    user,
    filename="",
    dry_run=False,
    reason=None,
    into=None,
    expected=None,
    progress=None,
    **overrides,
):
    """A new plan owned by ``user`` from the plan file ``data`` (as ``parse`` returns it), with
    every item created through its own services and every link set, or PlanFileRejected and
    nothing written. ``dry_run`` checks everything and writes nothing (the preview).
    ``reason`` is each item's history entry ("Imported from <filename>" unless given).
    ``into``: the file is merged into that existing plan instead (``plan_merge``).
    ``progress(done, total)`` is told how many rows are read (``transfer.progress``)."""
    if into is not None:
        return plan_merge(
            data, user=user, into=into, filename=filename, dry_run=dry_run, expected=expected
        )
    if reason is None:
        reason = _reason(filename)
    problems = []
    fields = {**_plan_fields(data.get("plan", {}), problems), **overrides}
    if problems:
        raise PlanFileRejected(problems)
    try:
        plan = plan_create(user=user, **fields)
    except ValidationError as error:
        raise PlanFileRejected(
            [Problem(_("The plan"), _verbose(Plan, n), m) for n, m in _messages(error)]
        ) from error
    reader = _Reader(plan, user, reason, progress)
    created = _read_all(reader, data, dry_run)
    return Outcome(
        plan=plan, created=created, made=reader.made, ignored_reviews=bool(data.get("reviews"))
    )


# --- merging a file into an existing plan --------------------------------------------------


class _Merger(_Reader):
    """Reads a file into an existing plan: a row whose id names an item of this plan (same
    type, same number) updates it where the file differs; any other row is a new item. Links
    resolve to both. Items the file leaves out stay as they are: a merge never deletes."""

    def __init__(self, plan, user, reason, expected):
        super().__init__(plan, user, reason)
        self.expected = expected  # file id -> version the preview saw, or None
        self.matched = []  # (item, model, row, where), in import order
        self.changed, self.unchanged, self.versions, self.names = {}, {}, {}, {}
        self.existing = {}
        exported = item_models()
        for model in exported:
            many = [f.name for f in file_fields(model, exported) if f.many_to_many]
            for obj in model.objects.filter(plan=plan).prefetch_related(*many):
                self.existing[ref(obj)] = obj
        self.made.update(self.existing)  # links to the plan's items, in the file or not
        self.singletons = {}
        for obj in self.existing.values():
            if _is_singleton(registry.editor_for(type(obj))):
                self.singletons[type(obj)] = obj

    def match(self, model, row, where):
        found = self.existing.get(row.get("id"))
        if found is None or type(found) is not model:
            # The plan's one object of its kind takes the file's, whatever its id.
            found = self.singletons.get(model)
        if found is None:
            return None
        self.made[row["id"]] = found
        self.matched.append((found, model, row, where))
        return found

    def read(self, items):
        self.problems += self.expected_missing()
        created = super().read(items)
        if not self.problems:
            self.update_matched()
        return created

    def expected_missing(self):
        """Items the preview saw that are gone since: their rows would now be new items."""
        if self.expected is None:
            return []
        gone = sorted(i for i in self.expected if i != "plan" and i not in self.existing)
        message = _("This item was deleted since the file was checked: check it again.")
        return [Problem(_("Item %(id)s") % {"id": i}, "", message) for i in gone]

    def update_matched(self):
        exported = item_models()
        for obj, model, row, where in self.matched:
            fields = file_fields(model, exported)
            before = len(self.problems)
            data, later = self.decode(model, fields, row, where)
            data.update(self.targets(fields, later, where))
            names = {f.name: f for f in fields}
            if len(self.problems) > before:
                continue
            key = ref(obj)
            self.versions[key] = obj.version
            expected = obj.version if self.expected is None else self.expected.get(key)
            differing = {n: v for n, v in data.items() if _differs(obj, names[n], v)}
            label = label_of(model)
            if not differing:
                self.unchanged[label] = self.unchanged.get(label, 0) + 1
                continue
            if expected is None:  # not named by the preview: not checked, not written
                self.problems.append(Problem(where, "", _stale()))
                continue
            saved = self.save(model, differing, where, instance=obj, expected_version=expected)
            if saved is not None:
                shown = [_verbose(model, n) for n in names if n in differing]
                self.changed.setdefault(label, []).append((key, shown))
                self.names[key] = str(saved)[:100]


def _differs(obj, f, value):
    """Whether the decoded ``value`` of ``f`` is not what ``obj`` holds."""
    if f.many_to_many:
        return {o.pk for o in getattr(obj, f.name).all()} != {o.pk for o in value if o}
    if f.is_relation:
        return getattr(obj, f.attname) != (value.pk if value is not None else None)
    return getattr(obj, f.attname) != value


def can_merge(plan, user):
    """Only a member who may edit the plan (a planner, an owner) merges a file into it."""
    membership = Membership.objects.filter(plan=plan, user=user).first()
    return membership is not None and role_can(membership.role, Capability.EDIT)


@transaction.atomic
def plan_merge(data, *, user, into, filename="", dry_run=False, expected=None):
    """The plan file ``data`` merged into the existing plan ``into``, or PlanFileRejected and
    nothing written: its items are updated where the file differs (under the version check:
    ``expected`` holds the versions the preview saw, ``Outcome.versions``), the file's other
    rows are created, the plan's own fields updated where they differ; nothing is deleted.
    PermissionDenied unless ``user`` may edit the plan."""
    if not can_merge(into, user):
        raise PermissionDenied
    reason = _reason(filename)
    plan = Plan.objects.select_for_update().get(pk=into.pk)
    problems = []
    fields = _plan_fields(data.get("plan", {}), problems)
    if problems:
        raise PlanFileRejected(problems)
    plan_version = plan.version if expected is None else expected.get("plan")
    differing = {n: v for n, v in fields.items() if getattr(plan, n) != v}
    if differing:
        try:
            if plan_version is None:
                raise ConflictError(plan)
            plan = plan_update(
                plan=plan, user=user, expected_version=plan_version, reason=reason, **differing
            )
        except ValidationError as error:
            raise PlanFileRejected(
                [Problem(_("The plan"), _verbose(Plan, n), m) for n, m in _messages(error)]
            ) from error
        except ConflictError as error:
            message = _("The plan was changed by someone else since the file was checked.")
            raise PlanFileRejected([Problem(_("The plan"), "", message)]) from error
    merger = _Merger(plan, user, reason, expected)
    created = _read_all(merger, data, dry_run)
    return Outcome(
        plan=plan,
        created=created,
        changed=merger.changed,
        names=merger.names,
        unchanged=merger.unchanged,
        plan_changed=[_verbose(Plan, n) for n in Plan.EDITABLE_FIELDS if n in differing],
        versions={"plan": plan_version if differing else plan.version, **merger.versions},
        ignored_reviews=bool(data.get("reviews")),
    )


@transaction.atomic
def plan_clone(plan, *, user, title=None, invite_members=False, data=None):
    """A new plan owned by ``user`` with every item and link of ``plan`` (of the plan file
    ``data`` when given: a published version's): no comments, approvals, versions or history.
    ``invite_members``: the plan's other members are invited to the copy with their roles."""
    from plans.services import invitation_create

    data = plan_export(plan) if data is None else data
    title = title or _("Copy of %(title)s") % {"title": plan.title}
    limit = Plan._meta.get_field("title").max_length
    copy = plan_import(data, user=user, filename=plan.title, title=title[:limit]).plan
    if invite_members:
        members = Membership.objects.filter(plan=plan).exclude(user=user).select_related("user")
        for membership in members.order_by("pk"):
            if membership.user.email:
                invitation_create(
                    plan=copy, email=membership.user.email, role=membership.role, user=user
                )
    return copy
