import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from monitoring.imports import check_rows, read_rows
from monitoring.models import Measurement
from plans.models import Role
from tests.monitoring.factories import KPIFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def import_url(plan):
    return reverse("monitoring:import", kwargs={"plan": plan.uuid})


def csv_file(text, name="measurements.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="measurements.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def kpi(plan):
    return KPIFactory(plan=plan, name="Pupils injured", baseline_date=datetime.date(2026, 2, 1))


def test_the_preview_shows_every_row_problem_and_saves_nothing(client_for, people, plan, kpi):
    text = (
        "kpi,date,value,note\n"
        "Pupils injured,2026-03-01,13,ok\n"
        "Pupils injured,31/02/2026,12,\n"
        "Pupils injured,2026-04-01,twelve,\n"
        "Unknown indicator,2026-04-01,12,\n"
        "Pupils injured,2026-01-15,12,\n"
    )
    response = client_for(people[Role.PLANNER]).post(import_url(plan), {"file": csv_file(text)})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Rows with a problem: 3. Nothing has been saved" in content
    assert "“31/02/2026” is not a period Planner can read" in content
    assert "“twelve” is not a number" in content
    assert "Unknown KPI" in content
    # A value from before the baseline (2026-02-01) is the KPI's history: no problem.
    rows = response.context["rows"]
    assert rows[4].date == datetime.date(2026, 1, 15) and not rows[4].errors
    assert 'name="payload"' not in content  # no way to import a file with problems
    assert not Measurement.objects.exists()


def test_a_clean_file_is_previewed_then_imported_whole(client_for, people, plan, kpi):
    c = client_for(people[Role.PLANNER])
    text = (
        "KPI;Date;Value;Note\n"
        "Pupils injured;2026-03-01;13,5;March\n"
        "pupils injured ;01/04/2026;12;\n"
    )
    preview = c.post(import_url(plan), {"file": csv_file(text)})
    assert "Rows ready to be imported: 2." in preview.content.decode()
    assert not Measurement.objects.exists()
    payload = preview.context["payload"]
    done = c.post(import_url(plan), {"payload": payload})
    assert done.status_code == 302
    values = list(Measurement.objects.order_by("date").values_list("date", "value", "note"))
    assert values == [
        (datetime.date(2026, 3, 1), Decimal("13.50"), "March"),
        (datetime.date(2026, 4, 1), Decimal("12.00"), ""),
    ]
    assert all(m.recorded_by == people[Role.PLANNER] for m in Measurement.objects.all())
    assert Measurement.history.filter(history_user=people[Role.PLANNER]).count() == 2


def test_an_excel_file_is_read_like_a_csv(client_for, people, plan, kpi):
    rows = [["kpi", "date", "value"], ["Pupils injured", datetime.datetime(2026, 5, 1), 11.5]]
    preview = client_for(people[Role.PLANNER]).post(import_url(plan), {"file": xlsx_file(rows)})
    assert preview.context["payload"]
    assert preview.context["rows"][0].date == datetime.date(2026, 5, 1)
    assert preview.context["rows"][0].value == Decimal("11.50")


def test_the_confirmation_checks_the_rows_again_and_saves_nothing_if_they_fail(
    client_for, people, plan, kpi
):
    c = client_for(people[Role.PLANNER])
    text = "kpi,date,value\nPupils injured,2026-03-01,13\nPupils injured,2026-04-01,12\n"
    payload = c.post(import_url(plan), {"file": csv_file(text)}).context["payload"]
    MeasurementFactory(kpi=kpi, date=datetime.date(2026, 4, 1))  # someone typed it meanwhile
    response = c.post(import_url(plan), {"payload": payload})
    assert response.status_code == 409
    assert "nothing was imported" in response.content.decode()
    assert Measurement.objects.count() == 1


def test_a_tampered_preview_is_refused(client_for, people, plan, kpi):
    response = client_for(people[Role.PLANNER]).post(import_url(plan), {"payload": "forged"})
    assert response.status_code == 400
    assert "expired or was altered" in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("m.csv", b"\xff\xfe\x00\x81garbage\x00"), "not a text file in UTF-8"),
        (SimpleUploadedFile("m.xlsx", b"PK\x03\x04 not really a workbook"), "Excel workbook"),
        (SimpleUploadedFile("m.pdf", b"%PDF-1.4"), "Upload a .csv or .xlsx file."),
        (csv_file("name,when,amount\nx,2026-01-01,3\n"), "Missing: kpi, date, value."),
        (csv_file("kpi,date,value\n"), "header row but no measurements"),
        (csv_file(""), "The submitted file is empty."),
        (csv_file("\n\n"), "The file is empty."),
    ],
    ids=["binary", "broken-xlsx", "pdf", "no-header", "header-only", "empty", "blank-lines"],
)
def test_a_malformed_upload_gets_a_clear_message(client_for, people, plan, kpi, upload, message):
    response = client_for(people[Role.PLANNER]).post(import_url(plan), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


def test_viewers_cannot_import(client_for, people, plan, kpi):
    response = client_for(people[Role.VIEWER]).post(
        import_url(plan), {"file": csv_file("kpi,date,value\nPupils injured,2026-03-01,1\n")}
    )
    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_the_template_lists_the_plan_kpis(client_for, people, plan, kpi):
    response = client_for(people[Role.VIEWER]).get(
        reverse("monitoring:import_template", kwargs={"plan": plan.uuid})
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[:2][1].startswith("Pupils injured,")


def test_values_are_read_by_the_forms_parser_never_misread(client_for, people, plan, kpi):
    """The import and the measurement form agree: "71,3" is 71.3 or refused, never 713."""
    c = client_for(people[Role.PLANNER])
    text = 'kpi,date,value\nPupils injured,2026-03-01,"71,3"\nPupils injured,2026-04-01,"1,547"\n'
    rows = c.post(import_url(plan), {"file": csv_file(text)}).context["rows"]
    assert rows[0].value is None  # in English a comma groups thousands: "71,3" is not a number
    assert "groups of three digits" in rows[0].errors[0].message
    assert rows[1].value == Decimal("1547")
    with translation.override("fr"):  # a French user: the comma is the decimal mark
        rows = check_rows(plan, read_rows(csv_file(text)))
    assert rows[0].value == Decimal("71.3")
    assert rows[1].value is None  # 1,547 is 1.547 in French: more decimals than a value keeps
    assert "2" in rows[1].errors[0].message


def test_a_semicolon_file_is_read_with_decimal_commas_whatever_the_language(plan, kpi):
    text = "kpi;date;valeur\nPupils injured;2026-03-01;18,8\nPupils injured;2026-04-01;1 547,5\n"
    for language in ("en", "fr"):
        with translation.override(language):
            rows = check_rows(plan, read_rows(csv_file(text)))
        assert [r.value for r in rows] == [Decimal("18.8"), Decimal("1547.5")], language
