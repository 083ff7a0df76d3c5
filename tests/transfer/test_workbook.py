"""The plan as an XLSX workbook (the import template too): written in the plan's language,
read back as a spreadsheet user types it, and refused, in bounded memory, when it is a bomb."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from tests.accounts.factories import UserFactory
from tests.plans.bombs import bounded, declaring, declaring_a_huge_part, with_zeros
from tests.real_plans.entry import fixtures as real_plan_fixtures
from tests.transfer.test_plan_file import comparable, seeded
from transfer.plan_file import PlanFileRejected, parse, plan_export, plan_import
from transfer.workbook import plan_workbook, read_workbook

pytestmark = pytest.mark.django_db


def book_of(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def saved(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_for(book, label):
    meta = book["_planner"]
    (title,) = [r[1] for r in meta.iter_rows(values_only=True) if r[0] == "sheet" and r[2] == label]
    return book[title]


def column(sheet, name):
    return [c.value for c in sheet[2]].index(name) + 1


def test_the_demo_plan_goes_out_as_a_workbook_and_back_in_unchanged():
    plan = seeded("small")
    first = plan_export(plan)
    data = read_workbook(plan_workbook(plan))
    outcome = plan_import(parse(json.dumps(data)), user=UserFactory(), filename="plan.xlsx")
    assert comparable(plan_export(outcome.plan)) == comparable(first)


@pytest.mark.parametrize("path", real_plan_fixtures(), ids=lambda p: p.stem)
def test_a_real_plan_goes_out_as_a_workbook_and_back_in_unchanged(path, client, settings, tmp_path):
    from tests.real_plans.entry import load
    from tests.real_plans.test_real_plans import enter

    settings.MEDIA_ROOT = tmp_path / "media"
    spec = load(path)
    client.force_login(UserFactory(language=spec["language"]))
    plan, refused, _invented = enter(client, spec)
    assert not refused
    data = read_workbook(plan_workbook(plan))
    outcome = plan_import(parse(json.dumps(data)), user=UserFactory())
    assert comparable(plan_export(outcome.plan)) == comparable(plan_export(plan))


def test_the_workbook_speaks_the_plan_s_language_with_dropdowns_dates_and_numbers():
    plan = seeded("small")
    plan.language = "fr"
    plan.save()
    book = book_of(plan_workbook(plan))
    assert book.sheetnames[0] == "Lisez-moi"
    tasks = sheet_for(book, "actions.task")
    assert tasks.title == "Tâches"
    assert [c.value for c in tasks[1]][:2] == ["Id", "Tâche"]
    assert tasks.row_dimensions[2].hidden
    status = column(tasks, "status")
    from django.utils import translation

    from actions.models import Status

    with translation.override("fr"):
        labels = [str(label) for label in Status.labels]
    assert "Pas commencée" in labels
    rules = [r for r in tasks.data_validations.dataValidation if r.type == "list"]
    assert f'"{",".join(labels)}"' in [r.formula1 for r in rules]
    assert tasks.cell(3, status).value in labels
    due = column(tasks, "due_date")
    assert any(
        isinstance(row[due - 1], datetime.datetime)
        for row in tasks.iter_rows(min_row=3, values_only=True)
    )
    budget = sheet_for(book, "resources.budgetline")
    amount = column(budget, "amount")
    assert all(
        isinstance(v, (int, float)) or v is None
        for (v,) in budget.iter_rows(min_row=3, min_col=amount, max_col=amount, values_only=True)
    )


def test_values_typed_as_a_french_spreadsheet_user_writes_them_are_read_as_written():
    plan = seeded("small")
    plan.language = "fr"
    plan.save()
    book = book_of(plan_workbook(plan))
    budget = sheet_for(book, "resources.budgetline")
    budget.cell(3, column(budget, "amount")).value = "52 000 000,5"
    tasks = sheet_for(book, "actions.task")
    tasks.cell(3, column(tasks, "status")).value = "en cours"  # any case
    due = tasks.cell(3, column(tasks, "due_date"))
    typed_due = due.value.date()
    due.value = typed_due.strftime("%d/%m/%Y")  # typed as text, day first
    data = read_workbook(saved(book))
    line = data["items"]["resources.budgetline"][0]
    task = data["items"]["actions.task"][0]
    assert line["amount"] == "52000000.5"
    assert (task["status"], task["due_date"]) == ("in_progress", typed_due.isoformat())
    outcome = plan_import(parse(json.dumps(data)), user=UserFactory())
    from resources.models import BudgetLine

    first = BudgetLine.objects.filter(plan=outcome.plan).order_by("position", "id").first()
    assert first.amount == Decimal("52000000.50")


def test_a_cell_that_cannot_be_read_is_refused_by_sheet_row_and_column():
    plan = seeded("small")
    book = book_of(plan_workbook(plan))
    tasks = sheet_for(book, "actions.task")
    tasks.cell(4, column(tasks, "progress")).value = "half"
    tasks.cell(5, column(tasks, "priority")).value = "Urgent"
    with pytest.raises(PlanFileRejected) as caught:
        read_workbook(saved(book))
    messages = [str(p) for p in caught.value.errors]
    assert any(
        m.startswith("Sheet “Tasks”, row 4, Progress (%): “half” is not a number.")
        for m in messages
    ), messages
    assert "Sheet “Tasks”, row 5, Priority: “Urgent” is not one of the choices." in messages


def test_a_workbook_not_made_by_planner_is_refused():
    book = openpyxl.Workbook()
    with pytest.raises(PlanFileRejected, match="not made by Planner"):
        read_workbook(saved(book))
    with pytest.raises(PlanFileRejected, match="not an XLSX workbook"):
        read_workbook(b"PK\x03\x04 not really a zip")


def test_a_sheet_declaring_a_million_rows_is_refused_by_its_declared_size_in_bounded_memory():
    content = plan_workbook(seeded("small"))
    bomb = declaring(content)
    assert len(bomb) < len(content) * 2

    def read():
        with pytest.raises(PlanFileRejected, match="declares more than 10000 rows"):
            read_workbook(bomb)

    assert bounded(read) < 20


def test_a_sheet_hiding_more_rows_than_it_declares_is_refused_while_it_is_read():
    book = book_of(plan_workbook(seeded("small")))
    sheet = sheet_for(book, "actions.task")
    for n in range(10_001):
        sheet.append([f"actions.task-x{n}", f"Task {n}"])
    content = declaring(saved(book), "A1:C3")

    def read():
        with pytest.raises(PlanFileRejected, match="declares more than 10000 rows"):
            read_workbook(content)

    assert bounded(read) < 20


@pytest.mark.parametrize(
    "bomb",
    [declaring_a_huge_part, with_zeros],
    ids=["a-part-declaring-4-GB", "50-MB-of-zeros"],
)
def test_a_part_that_would_unpack_out_of_bounds_is_refused_before_unpacking(bomb):
    content = bomb(plan_workbook(seeded("small")))
    assert len(content) < 2**20

    def read():
        with pytest.raises(PlanFileRejected, match="unpacks to more than Planner reads"):
            read_workbook(content)

    assert bounded(read) < 20


def test_a_file_over_the_size_limit_is_refused_unread():
    with pytest.raises(PlanFileRejected, match="larger than 20 MB"):
        read_workbook(b"PK" + b"\0" * (20 * 2**20))
