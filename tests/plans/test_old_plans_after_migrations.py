"""Migrations keep existing data: a plan created before the work on real-plan values (numbers,
periods, unknown values) opens, edits and exports unchanged once the database is migrated.

The database is taken back to the last migration of every app before that work (commit
e97029c), a plan is written there through the historical models, as the application stored it
then, and the database is migrated forward to the latest migrations. Then, with today's models:

* every column the old plan had holds the same value, read back with plain SQL (nothing turned
  NULL, no amount rounded, no date moved, no text cut), history rows included;
* every page of the plan and of each section answers 200 and shows the old values;
* every old item goes through its edit form as a browser submits it and saves with nothing
  changed (in the database and in what the plan shows), and one real edit is saved and is the
  only difference the compare with the exported version lists;
* the document is exported: its version holds the old values and the PDF prints them.

The database is left at the latest migrations whatever happens.
"""

import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

# The last migration of every app before the change (``git show e97029c:<app>/migrations/``).
OLD = [
    ("accounts", "0001_initial"),
    ("actions", "0006_tasks_take_over_funding_and_staffing"),
    ("assessments", "0004_historicalswotitem_needs"),
    ("communication", "0002_historicalengagement_follow_up_tasks_and_more"),
    ("compliance", "0001_initial"),
    ("documents", "0001_initial"),
    ("monitoring", "0002_historicalkpi_baseline_date_and_more"),
    ("objectives", "0001_initial"),
    ("plans", "0002_planversion"),
    ("resources", "0003_remove_task_links"),
    ("reviews", "0001_initial"),
    ("risks", "0002_historicalrisk_assumptions_historicalrisk_kpis_and_more"),
    ("strategy", "0003_historicallogicelement_goals_and_more"),
]
APPS = {app for app, _name in OLD}
HTMX = {"HTTP_HX_REQUEST": "true"}
# What a save changes by design (the version counter, when and by whom), and signing in.
STAMPS = {"updated_at", "updated_by_id", "version", "last_login"}


GOAL = (
    "Halve the number of children hurt on their way to the four primary schools of the "
    "Riverside district by the end of the plan: safe crossings on the main roads, "
    "slower traffic in school streets when children arrive and leave, and "
    "more families walking or cycling to school together on the safest routes"
)
assert len(GOAL) == 300  # the longest goal the old column held


def migrate_back(executor, targets):
    """``executor.migrate(targets)``, one migration at a time: the same schema changes, each
    made on the state of its own migration's ancestors. The executor takes half a minute to
    go back, re-rendering every model at every step; this takes seconds. (Forward, the test
    runs ``executor.migrate`` itself, as ``manage.py migrate`` does.)"""
    for migration, backwards in executor.migration_plan(targets):
        assert backwards, migration
        node = (migration.app_label, migration.name)
        executor.unapply_migration(executor.loader.project_state(node, at_end=False), migration)
    executor.loader.build_graph()
    assert set(OLD) <= set(executor.loader.applied_migrations)


def history_row(model, instance, user):
    """The "created" history row simple-history wrote for ``instance`` (the migration state has
    no history signals)."""
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.name.startswith("history_") and f.name != "id"
    ]
    return model.objects.create(
        id=instance.pk,
        history_date=timezone.now(),
        history_type="+",
        history_user_id=user.pk,
        **{name: getattr(instance, name) for name in names if hasattr(instance, name)},
    )


def create_old_plan(apps):
    """A plan as the application stored it before the change, in every table whose columns
    the change altered. Returns the ids the test needs."""

    def model(label):
        return apps.get_model(*label.split("."))

    user = model("accounts.User").objects.create(
        username="ines.laurent@example.org",
        email="ines.laurent@example.org",
        password="!",
        display_name="Inès Laurent",
        language="en",
    )
    plan = model("plans.Plan").objects.create(
        title="Safer routes to school",
        problem_statement="Too many children are hurt on their way to school.",
        sector="safety",
        organisation="City of Riverside",
        geographic_area="Riverside district",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        language="en",
        created_by=user,
    )
    model("plans.Membership").objects.create(plan=plan, user=user, role="owner")
    created = []

    def add(label, /, **values):
        obj = model(label).objects.create(**values)
        created.append(obj)
        return obj

    on = {"plan": plan}
    need = add(
        "assessments.Need",
        **on,
        statement="Children cross four-lane roads with no crossing near the schools",
        affected_group="Pupils aged 6 to 11",
        severity=4,
        priority=3,
    )
    add("assessments.Cause", **on, need=need, statement="Crossings far from the school gates")
    add("assessments.SWOTItem", **on, quadrant="threat", text="Road works on the ring road")
    parents = add(
        "assessments.Stakeholder",
        **on,
        name="Riverside Parents Association",
        organisation="PTA",
        stakeholder_type="beneficiary",
        interest=4,
        influence=2,
        expectations="Safe crossings before the next school year",
        engagement_approach="A meeting every term",
    )
    add(
        "assessments.Requirement",
        **on,
        stakeholder=parents,
        statement="A crossing guard at every school gate",
        priority="must",
        status="agreed",
    )
    goal = add(
        "objectives.Goal",
        **on,
        need=need,
        statement=GOAL,
        metric="Children hurt on the way to school per school year",
        baseline=Decimal("24.00"),
        target=Decimal("12.00"),
        unit="children",
        target_date=datetime.date(2027, 6, 30),
    )
    element = add("strategy.LogicElement", **on, stage=3, statement="Safer school streets")
    element.goals.add(goal)
    add("strategy.Barrier", **on, statement="No budget for crossings", kind="financial")
    assumption = add(
        "strategy.Assumption", **on, statement="Parents walk with their children", status="holds"
    )
    method = add(
        "strategy.Method",
        **on,
        name="Walking buses with volunteer parents",
        method_type="community",
        target_group="Families of the four schools",
    )
    method.goals.add(goal)
    add(
        "resources.ResourcesSettings",
        **on,
        currency="EUR",
        budget_ceiling=Decimal("50000.00"),
        contingency_target=Decimal("7.50"),
    )
    julie = add(
        "resources.TeamMember",
        **on,
        name="Julie Moreau",
        role="Coordinator",
        organisation="City of Riverside",
        availability=Decimal("0.50"),
        cost_rate=Decimal("420.50"),
        skills="road safety, facilitation",
    )
    cushions = add(
        "resources.BudgetLine",
        **on,
        category="equipment",
        description="Speed cushions in the school streets",
        amount=Decimal("12500.75"),
        currency="EUR",
        committed=Decimal("4000.25"),
        spent=Decimal("1500.10"),
        funding_source="City road budget",
    )
    works = add(
        "actions.Task",
        **on,
        title="Install the speed cushions",
        description="Two per school street.",
        responsible=julie,
        start_date=datetime.date(2025, 3, 1),
        due_date=datetime.date(2026, 9, 30),
        status="in_progress",
        priority=3,
        progress=40,
        goal=goal,
        method=method,
    )
    works.budget_lines.add(cushions)
    # Progress 0 was the old default: it is a value, and must not become "not reported".
    survey = add(
        "actions.Task",
        **on,
        title="Survey the parents",
        start_date=datetime.date(2027, 1, 4),
        due_date=datetime.date(2027, 2, 26),
        status="not_started",
        priority=2,
        progress=0,
    )
    launch = add(
        "actions.Milestone",
        **on,
        title="Every school street slowed down",
        date=datetime.date(2026, 9, 30),
    )
    launch.tasks.add(works)
    kpi = add(
        "monitoring.KPI",
        **on,
        goal=goal,
        name="Share of pupils walking or cycling to school",
        definition="Pupils who walk or cycle, over all pupils, counted on one day each term.",
        unit="%",
        direction="higher",
        baseline_value=Decimal("38.50"),
        baseline_date=datetime.date(2025, 1, 15),
        target_value=Decimal("60.00"),
        target_date=datetime.date(2027, 12, 31),
        frequency="quarterly",
        data_source="Hands-up survey in class",
        collection_tool="survey",
        owner="Julie Moreau",
    )
    add(
        "monitoring.Milestone",
        **on,
        kpi=kpi,
        date=datetime.date(2026, 6, 30),
        value=Decimal("48.25"),
        label="Half way",
    )
    add(
        "monitoring.Measurement",
        **on,
        kpi=kpi,
        date=datetime.date(2026, 3, 31),
        value=Decimal("44.75"),
        note="Spring count",
        recorded_by=user,
    )
    risk = add(
        "risks.Risk",
        **on,
        title="Residents oppose the speed cushions",
        category="stakeholder",
        likelihood=3,
        impact=4,
        score=12,
        status="open",
        owner=julie,
        residual_likelihood=2,
        residual_impact=3,
        review_date=datetime.date(2026, 10, 15),
    )
    risk.mitigations.add(works)
    risk.kpis.add(kpi)
    risk.assumptions.add(assumption)
    add(
        "communication.CommunicationEntry",
        **on,
        audience_stakeholder=parents,
        key_messages="Which streets are slowed down, and when",
        channel="newsletter",
        frequency="monthly",
        start_date=datetime.date(2025, 2, 3),
        owner="Julie Moreau",
        feedback_mechanism="Replies to the newsletter",
    )
    meeting = add(
        "communication.Engagement",
        **on,
        kind="meeting",
        title="Term meeting with the parents",
        date=datetime.date(2025, 3, 12),
        summary="The parents asked for crossings first.",
    )
    meeting.participants.add(parents)
    add(
        "compliance.Requirement",
        **on,
        requirement="Parents agree before their children are counted",
        category="data_protection",
        status="compliant",
        owner="Julie Moreau",
    )
    add(
        "compliance.EthicalIssue",
        **on,
        title="Counting children in class",
        dilemma="A count is useful, but children may feel watched.",
    )
    # Each item's "created" history row, as the application wrote it then.
    for obj in created:
        history = apps.get_model(obj._meta.app_label, f"Historical{obj._meta.object_name}")
        history_row(history, obj, user)
    return {
        "items": sorted([obj._meta.label for obj in created] + ["plans.Plan"]),
        "user": user.pk,
        "plan": plan.pk,
        "stakeholder": parents.pk,
        "need": need.pk,
        "line": cushions.pk,
        "member": julie.pk,
        "works": works.pk,
        "survey": survey.pk,
        "kpi": kpi.pk,
        "risk": risk.pk,
    }


def stored(tables):
    """Every row of ``tables`` (``{table: primary key column}``) as the database holds it, read
    with SQL, not through a model: ``{table: {primary key: {column: value}}}``."""
    found = {}
    with connection.cursor() as cursor:
        for table, key in sorted(tables.items()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor]
            found[table] = {row[key]: row for row in rows}
    return found


def changes(before, after, may_change=()):
    """What ``after`` lost or changed of ``before``: rows gone, columns gone, values changed."""
    found = []
    for table, rows in before.items():
        if table not in after:
            found.append(f"table {table} is gone")
            continue
        for key, row in rows.items():
            now = after[table].get(key)
            if now is None:
                found.append(f"{table} row {key} is gone")
                continue
            for column, value in row.items():
                if column in may_change:
                    continue
                if column not in now:
                    found.append(f"{table}.{column} is gone")
                elif now[column] != value or str(now[column]) != str(value):
                    found.append(f"{table}.{column} of row {key}: {value!r} became {now[column]!r}")
    return found


class FormFields(HTMLParser):
    """The fields of the first form of a page, with the values a browser would submit."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.data, self._in_form, self._done = {}, False, False
        self._select = self._textarea = None
        self.feed(html)

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self._done:
            self._in_form = True
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "form":
            self._in_form, self._done = False, True
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and not self._select["multiple"] and options:
                chosen = [options[0][0]]  # a browser sends the first option
            self.data.setdefault(self._select["name"], []).extend(chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None


def plan_urls(plan):
    """Every URL of the app that takes the plan and nothing else."""

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif entry.name and set(entry.pattern.converters) == {"plan"}:
                yield f"{namespace}{entry.name}"

    names = dict.fromkeys(walk(get_resolver().url_patterns, ""))
    return {name: reverse(name, kwargs={"plan": plan.uuid}) for name in names}


def editors(plan):
    """Every item list and one-object edit the app declares, by the model it edits: those of
    the section pages, and those found by name in the apps' views (a KPI's own lists)."""
    from django.urls import resolve

    from plans.sections import registry
    from tests.real_plans.collections import declared

    found = list(declared().values())
    for section in registry.all():
        page = resolve(section.url(plan)).func
        found += [*getattr(page, "collections", ()), *getattr(page, "singletons", ())]
    by_model = {}
    for declared_edit in {id(d): d for d in found}.values():
        by_model.setdefault(declared_edit.model, []).append(declared_edit)
    return by_model


def edit_url(declared_edit, plan, item):
    from plans.sections.collection import InlineCollection

    if isinstance(declared_edit, InlineCollection):
        name = f"{declared_edit.section_key}:{declared_edit.name}_edit"
        url = reverse(name, kwargs={"plan": plan.uuid, "pk": item.pk})
        if declared_edit.parent is not None:
            url += (
                f"?{declared_edit.parent.name}={getattr(item, declared_edit.parent.name + '_id')}"
            )
        return url
    return declared_edit.edit_url(plan)


def errors_of(response):
    """The messages of a refused form."""
    html = response.content.decode().split("<form", 1)[-1]
    return re.findall(r"<strong>(.*?)</strong>", html, re.S) or [html[:2000]]


def text_of_pdf(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return squeeze(" ".join(page.extract_text() or "" for page in reader.pages))


def squeeze(text):
    """Text as PDF extraction gives it back: no white space, no hyphen."""
    return re.sub(r"[\s\u00a0\u202f\u2010\u2011\u00ad-]+", "", str(text))


@pytest.mark.django_db(transaction=True)
def test_a_plan_created_before_the_change_opens_edits_and_exports_unchanged(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    executor = MigrationExecutor(connection)
    try:
        assert all(node in executor.loader.graph.nodes for node in OLD)
        migrate_back(executor, OLD)
        old_apps = executor.loader.project_state(OLD).apps
        ids = create_old_plan(old_apps)
        tables = {
            m._meta.db_table: m._meta.pk.column
            for m in old_apps.get_models(include_auto_created=True)
            if m._meta.app_label in APPS
        }
        before = stored(tables)
        assert sum(1 for rows in before.values() if rows) >= 50  # items, history, links

        executor.migrate(executor.loader.graph.leaf_nodes())
        executor.loader.build_graph()

        # Every column the old plan had keeps its value, whatever the table.
        after = stored(tables)
        changed = changes(before, after)
        assert not changed, "\n".join(changed)
        check_values_through_todays_models(ids)
        check_every_page(client, ids)
        check_every_item_saves_unchanged(client, ids, tables, before)
        check_the_document(client, ids)
        check_an_edit(client, ids)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def check_values_through_todays_models(ids):
    from actions.models import Task
    from assessments.models import Need, Stakeholder
    from communication.models import CommunicationEntry
    from monitoring.models import KPI
    from resources.models import BudgetLine, TeamMember
    from risks.models import Risk

    stakeholder = Stakeholder.objects.get(pk=ids["stakeholder"])
    assert (stakeholder.interest, stakeholder.influence) == (4, 2)
    assert stakeholder.history.get().interest == 4
    need = Need.objects.get(pk=ids["need"])
    assert (need.severity, need.priority) == (4, 3)
    risk = Risk.objects.get(pk=ids["risk"])
    assert (risk.likelihood, risk.impact, risk.score) == (3, 4, 12)
    assert (risk.residual_likelihood, risk.residual_impact) == (2, 3)
    line = BudgetLine.objects.get(pk=ids["line"])
    assert (line.amount, line.committed, line.spent) == (
        Decimal("12500.75"),
        Decimal("4000.25"),
        Decimal("1500.10"),
    )
    assert (line.parent, line.period) == (None, "")
    member = TeamMember.objects.get(pk=ids["member"])
    assert (member.availability, member.headcount, member.as_needed) == (
        Decimal("0.50"),
        None,
        False,
    )
    assert member.cost_rate == Decimal("420.50")
    works, survey = Task.objects.get(pk=ids["works"]), Task.objects.get(pk=ids["survey"])
    assert (works.progress, survey.progress) == (40, 0)
    assert (works.start_date, works.due_date, works.period) == (
        datetime.date(2025, 3, 1),
        datetime.date(2026, 9, 30),
        "",
    )
    kpi = KPI.objects.get(pk=ids["kpi"])
    assert (kpi.baseline_value, kpi.baseline_date) == (
        Decimal("38.50"),
        datetime.date(2025, 1, 15),
    )
    (target,) = kpi.milestones.all()
    assert (target.date, target.value, target.period, target.label) == (
        datetime.date(2026, 6, 30),
        Decimal("48.25"),
        "",
        "Half way",
    )
    (measurement,) = kpi.measurements.all()
    assert (measurement.date, measurement.value) == (datetime.date(2026, 3, 31), Decimal("44.75"))
    entry = CommunicationEntry.objects.get(plan_id=ids["plan"])
    assert (entry.owner, entry.start_date) == ("Julie Moreau", datetime.date(2025, 2, 3))


def signed_in(client, ids):
    from accounts.models import User

    client.force_login(User.objects.get(pk=ids["user"]))
    return client


def check_every_page(client, ids):
    from plans.models import Plan
    from plans.sections import registry

    plan = Plan.objects.get(pk=ids["plan"])
    signed_in(client, ids)
    urls = plan_urls(plan)
    keys = registry.keys()
    for section in registry.all():
        assert section.url(plan) in urls.values(), section.key
    # Pages that take a parameter besides the plan: the one(s) the old plan gives them.
    parameters = {
        "monitoring:measurements_add": [{"kpi": ids["kpi"]}],
        "monitoring:milestones_add": [{"kpi": ids["kpi"]}],
        "approvals:section_changes": [{"section": key} for key in keys],
        "discussions:presence": [{"section": key} for key in keys],
        "approvals:review_request": [{"section": key} for key in [*keys, "all"]],
        "approvals:decide": [],  # the approvers' page: the owner is refused, whatever the plan
        "history:compare": [],  # needs a published version: after the export, below
    }
    refused = {}
    for name, url in urls.items():
        for query in parameters.get(name, [{}]):
            response = client.get(url, query)
            if response.status_code == 405:  # a button's target: POST only
                continue
            if response.status_code != 200:
                refused[name, tuple(query.values())] = response.status_code
    assert not refused, refused
    kpi_page = reverse("monitoring:kpi_detail", kwargs={"plan": plan.uuid, "pk": ids["kpi"]})
    assert client.get(kpi_page).status_code == 200

    def page(name):
        return client.get(urls[name]).content.decode()

    # No section says of an old value that it is unknown (the filters' choices aside).
    unknown = re.compile(
        "not yet rated|not yet placed|not yet known|not reported|to be determined|no planned",
        re.I,
    )
    for section in registry.all():
        html = client.get(section.url(plan)).content.decode()
        html = re.sub(r"<(option|label)\b.*?</\1>", "", html, flags=re.S)
        assert not unknown.findall(html), section.key
    assert "Riverside Parents Association" in page("stakeholders:page")
    resources = page("resources:page")
    assert "Speed cushions in the school streets" in resources
    assert "€12,500.75" in resources
    assert "Residents oppose the speed cushions" in page("risks:page")
    assert GOAL in page("objectives:page")


def check_every_item_saves_unchanged(client, ids, tables, stored_before):
    """Each old item: its row, its history and its edit form open, and the form submitted
    untouched, as a browser sends it, saves it with no value of the old plan changed but the
    version and time of change of what was saved."""
    from history.entries import model_label
    from plans.models import Plan
    from plans.sections.collection import InlineCollection
    from plans.versions import plan_snapshot

    plan = Plan.objects.get(pk=ids["plan"])
    shown = plan_snapshot(plan)
    signed_in(client, ids)
    saved, refused = [], {}
    for model, declared_edits in editors(plan).items():
        for item in model.objects.filter(plan=plan) if model is not Plan else [plan]:
            label = model._meta.label
            declared_edit = next(
                d
                for d in declared_edits
                if all(getattr(item, k) == v for k, v in getattr(d, "fixed", {}).items())
            )
            url = edit_url(declared_edit, plan, item)
            if isinstance(declared_edit, InlineCollection):
                row = url.replace(f"/{item.pk}/edit/", f"/{item.pk}/")
                history = reverse(
                    "history:item_history",
                    kwargs={"plan": plan.uuid, "label": model_label(model), "pk": item.pk},
                )
                for page in (row, history):
                    assert client.get(page, **HTMX).status_code == 200, page
            form = client.get(url, **HTMX)
            assert form.status_code == 200, url
            data = FormFields(form.content.decode()).data
            response = client.post(url, data)  # saved: back to the page; refused: 400
            if response.status_code != 302:
                # A form that cannot save what it shows is a bug (the KPI targets and
                # measurements dated before periods were, until it offered their date).
                refused[label] = errors_of(response)
                continue
            saved.append(label)
    assert not refused, refused
    assert sorted(saved) == ids["items"]  # each item of the old plan, once
    changed = changes(stored_before, stored(tables), may_change=STAMPS)
    assert not changed, "\n".join(changed)
    # Nor anything the plan shows (the compare of two versions would list it).
    assert not differences(shown, plan_snapshot(plan))


def differences(old, new):
    """What the compare of two snapshots lists, by section."""
    from plans.sections.diff import compare_snapshots
    from plans.versions import PLAN

    return {s.key: s.rows for s in compare_snapshots(old, new, plan_item_type=PLAN) if s.rows}


def check_an_edit(client, ids):
    from assessments.models import Stakeholder
    from plans.models import Plan
    from plans.versions import latest_version, plan_snapshot

    plan = Plan.objects.get(pk=ids["plan"])
    stakeholder = Stakeholder.objects.get(pk=ids["stakeholder"])
    url = reverse(
        "stakeholders:stakeholders_edit", kwargs={"plan": plan.uuid, "pk": stakeholder.pk}
    )
    data = FormFields(signed_in(client, ids).get(url, **HTMX).content.decode()).data
    assert data["interest"] == ["4"] and data["influence"] == ["2"]
    data["name"] = ["Riverside Parents and Carers"]
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert "Riverside Parents and Carers" in response.content.decode()
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.interest, stakeholder.influence) == (
        "Riverside Parents and Carers",
        4,
        2,
    )
    assert stakeholder.organisation == "PTA"
    # The version the export published against the plan now: the new name, wherever the plan
    # names the stakeholder, and nothing else.
    found = differences(latest_version(plan).snapshot, plan_snapshot(plan))
    rows = [(row.old, row.new) for rows in found.values() for row in rows]
    assert "stakeholders" in found and rows, found
    assert set(rows) == {("Riverside Parents Association", "Riverside Parents and Carers")}, found
    compare = client.get(reverse("history:compare", kwargs={"plan": plan.uuid}))
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Riverside Parents Association" in html and "Riverside Parents and Carers" in html


def check_the_document(client, ids):
    from documents.models import DocumentStatus, PlanDocument
    from plans.models import Plan

    plan = Plan.objects.get(pk=ids["plan"])
    signed_in(client, ids)
    response = client.post(reverse("documents:export", kwargs={"plan": plan.uuid}), {})
    assert response.status_code == 302
    document = PlanDocument.objects.get(plan=plan)
    assert document.status == DocumentStatus.READY, document.error
    # The version the export published holds the old values.
    sections = document.version.snapshot["sections"]
    (stakeholder,) = sections["stakeholders"]["stakeholders"]
    assert (stakeholder["interest"], stakeholder["influence"]) == (4, 2)
    assert stakeholder["quadrant"] == "keep_informed"
    (line,) = sections["resources"]["budget_lines"]
    assert (line["amount"], line["committed"], line["spent"]) == ("12500.75", "4000.25", "1500.10")
    download = reverse("documents:download", kwargs={"plan": plan.uuid, "pk": document.pk})
    response = client.get(download)
    assert response.status_code == 200
    text = text_of_pdf(b"".join(response.streaming_content))
    printed = [
        GOAL,
        "Riverside Parents Association",
        "Speed cushions in the school streets",
        "€12,500.75",
        "€4,000.25",
        "Install the speed cushions",
        "Share of pupils walking or cycling to school",
        "Residents oppose the speed cushions",
        "Which streets are slowed down, and when",
        "Julie Moreau",
    ]
    missing = [p for p in printed if squeeze(p) not in text]
    assert not missing, missing
