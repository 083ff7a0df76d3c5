"""The measurement import reads through the shared bounded reader: a bomb is refused with a
clear message, in bounded memory, and nothing is saved; problems are said by row and column;
every imported row has its history, saying which file it came from."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.imports import read_rows
from monitoring.models import Measurement
from plans.models import Role
from plans.uploads import MB
from tests.monitoring.factories import KPIFactory
from tests.plans.bombs import bounded, declaring, declaring_a_huge_part, with_zeros, xlsx

pytestmark = pytest.mark.django_db


def import_url(plan):
    return reverse("monitoring:import", kwargs={"plan": plan.uuid})


@pytest.fixture
def kpi(plan):
    return KPIFactory(plan=plan, name="Écoles sûres", baseline_date=datetime.date(2026, 2, 1))


GOOD = [["kpi", "date", "value"], ["Écoles sûres", "2026-03-01", 71.3]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.xlsx", declaring_a_huge_part(xlsx(GOOD)), "unpacks to more than Planner reads"),
        ("m.xlsx", with_zeros(xlsx(GOOD)), "unpacks to more than Planner reads"),
        ("m.xlsx", declaring(xlsx(GOOD)), "declares more than 5000 rows or 200 columns"),
        ("m.xlsx", xlsx([GOOD[0], *[GOOD[1]] * 5001]), "more than 5000 rows"),
        ("m.csv", b"kpi,date,value\n" + b"x,2026-03-01,1\n" * 5001, "more than 5000 rows"),
        ("m.csv", b"kpi,date,value\n" + b"x" * (2 * MB), "larger than 2 MB"),
    ],
    ids=["declared-4-GB", "50-MB-of-zeros", "A1:XFD1048576", "xlsx-rows", "csv-rows", "csv-size"],
)
def test_a_bomb_is_refused_in_bounded_memory_and_nothing_is_saved(
    client_for, people, plan, kpi, name, content, message
):
    c = client_for(people[Role.PLANNER])
    responses = []
    peak = bounded(
        lambda: responses.append(c.post(import_url(plan), {"file": upload(name, content)}))
    )
    assert responses[0].status_code == 400
    assert message in responses[0].content.decode()
    assert not Measurement.objects.exists()
    assert peak < 20


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_french_semicolon_csv_in_windows_1252_is_read_with_its_decimal_commas(plan, kpi):
    content = "indicateur;période;valeur;remarque\nÉcoles sûres;T1 2026;71,3;été\n"
    table = read_rows(upload("mesures.csv", content.encode("cp1252")))
    assert table.columns == {
        "kpi": "indicateur",
        "date": "période",
        "value": "valeur",
        "note": "remarque",
    }
    assert table.rows == [[2, "Écoles sûres", "T1 2026", "71.3", "été"]]


def test_a_problem_names_its_row_and_the_column_as_the_file_writes_it(
    client_for, people, plan, kpi
):
    text = "Indicateur;Date;Valeur\nÉcoles sûres;2026-03-01;71,3\n\nÉcoles sûres;2026-04-01;douze\n"
    response = client_for(people[Role.PLANNER]).post(
        import_url(plan), {"file": upload("m.csv", text.encode())}
    )
    good, bad = response.context["rows"]
    assert not good.errors
    (problem,) = bad.errors
    # The blank line is row 3 of the file: the problem is on row 4, as a spreadsheet shows it.
    assert (problem.where, problem.field) == ("row 4", "Valeur")
    assert str(problem).startswith("row 4, Valeur: “douze” is not a number.")
    assert "<strong>Valeur</strong>: “douze” is not a number." in response.content.decode()


def test_each_imported_row_goes_through_the_form_s_service_with_its_history(
    client_for, people, plan, kpi
):
    c = client_for(people[Role.PLANNER])
    text = "kpi;date;valeur\nÉcoles sûres;2026-03-01;71,3\nÉcoles sûres;T1 2026;70\n"
    preview = c.post(import_url(plan), {"file": upload("mars.csv", text.encode())})
    assert c.post(import_url(plan), {"payload": preview.context["payload"]}).status_code == 302
    stored = list(Measurement.objects.order_by("date").values_list("period", "date", "value"))
    assert stored == [
        ("", datetime.date(2026, 3, 1), Decimal("71.30")),
        ("T1 2026", datetime.date(2026, 3, 31), Decimal("70.00")),
    ]
    history = Measurement.history.order_by("date")
    assert [(h.history_type, h.history_change_reason) for h in history] == [
        ("+", "Imported from mars.csv"),
        ("+", "Imported from mars.csv"),
    ]
    assert {h.history_user for h in history} == {people[Role.PLANNER]}
    assert list(Measurement.objects.values_list("position", flat=True).order_by("date")) == [0, 1]


def test_a_row_the_service_refuses_undoes_the_whole_import(plan, kpi, people, monkeypatch):
    table = read_rows(upload("m.csv", b"kpi,date,value\nx,2026-03-01,1\nx,2026-04-01,2\n"))
    table.rows = [[n, "Écoles sûres", *rest] for n, _kpi, *rest in table.rows]
    real = services.measurement_create
    calls = []

    def refuse_the_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError({"value": "Refused by a rule of the service."})
        return real(**kwargs)

    monkeypatch.setattr(services, "measurement_create", refuse_the_second)
    with pytest.raises(services.ImportRejected) as rejected:
        services.measurements_import(plan=plan, table=table, user=people[Role.PLANNER])
    assert [str(p) for r in rejected.value.rows for p in r.errors] == [
        "row 3, value: Refused by a rule of the service."
    ]
    assert not Measurement.objects.exists()
    assert not Measurement.history.exists()


def test_a_long_file_name_still_fits_the_history(plan, kpi, people):
    name = "mesures-" + "x" * 200 + ".csv"
    table = read_rows(upload(name, "kpi,date,value\nÉcoles sûres,2026-03-01,1\n".encode()))
    services.measurements_import(plan=plan, table=table, user=people[Role.PLANNER])
    reason = Measurement.history.get().history_change_reason
    assert reason.startswith("Imported from mesures-xxx") and len(reason) == 100
