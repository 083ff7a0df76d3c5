"""Reading and checking a file of measurements (CSV or XLSX) before anything is saved.

``read_rows`` turns an upload into raw rows of text (or refuses the file as a whole);
``check_rows`` says, row by row, what is wrong. The import itself (services) runs the same
check again inside its transaction, so what was previewed is what is saved, or nothing is.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.numbers import NumberError, localized_formfield, parse_decimal
from plans.periods import Period, PeriodError, parse_period

from .models import KPI, Measurement, measurement_date_problem

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = {
    "kpi": ("kpi", "indicator", "indicateur"),
    "date": ("date", "period", "période", "periode"),
    "value": ("value", "valeur"),
    "note": ("note", "remarque", "comment", "commentaire"),
}


@dataclass
class Row:
    line: int
    kpi_name: str
    date_text: str
    value_text: str
    note: str
    errors: list = field(default_factory=list)
    kpi: KPI | None = None
    date: datetime.date | None = None
    period: Period | None = None
    value: Decimal | None = None

    def raw(self):
        return [self.line, self.kpi_name, self.date_text, self.value_text, self.note]


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _table_from_upload(upload):
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB. Split it into smaller files."))
    content = upload.read()
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            table = [[_cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
            book.close()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as error:
            raise ValidationError(
                _("This file cannot be read as an Excel workbook (.xlsx).")
            ) from error
        return table, None
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("This file is not a text file in UTF-8. Save it as “CSV UTF-8” and try again.")
            ) from error
        if "\x00" in text:
            raise ValidationError(_("This file is not a CSV text file."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
        return table, "fr" if dialect.delimiter == ";" else None
    raise ValidationError(_("Upload a .csv or .xlsx file."))


def _canonical_numbers(table, positions, language):
    """Values of a file written with decimal commas (a ";" CSV) as plain "13.5" text.

    Spreadsheets of the languages that write "13,5" save CSV with semicolons: such a file's
    numbers are read that way, whatever the user's language. A value that does not read is left
    as written, for ``check_rows`` to report it.
    """
    index = positions["value"]
    for row in table[1:]:
        if index < len(row) and row[index]:
            try:
                number = parse_decimal(row[index], language)
            except NumberError:
                continue
            row[index] = str(number)


def read_rows(upload):
    """The raw rows of an uploaded file; a ValidationError when the file as a whole is unusable."""
    table, number_language = _table_from_upload(upload)
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0]]
    positions = {}
    for key, names in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell in names:
                positions[key] = index
                break
    missing = [key for key in ("kpi", "date", "value") if key not in positions]
    if missing:
        raise ValidationError(
            _(
                "The first row must name the columns kpi, date and value (and optionally note). "
                "Missing: %(columns)s."
            )
            % {"columns": ", ".join(missing)}
        )
    if number_language:
        _canonical_numbers(table, positions, number_language)
    body = table[1:]
    if not body:
        raise ValidationError(_("The file has a header row but no measurements."))
    if len(body) > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": MAX_ROWS}
        )

    def cell(row, key):
        index = positions.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    return [
        [number, cell(row, "kpi"), cell(row, "date"), cell(row, "value"), cell(row, "note")]
        for number, row in enumerate(body, start=2)
    ]


def parse_date(text):
    """A date or a period, read as the measurement form reads it (``plans/periods.py``).

    Returns ``(period, None)`` or ``(None, message)``.
    """
    try:
        period = parse_period(text)
    except PeriodError as error:
        return None, str(error)
    if period is None:
        return None, _("The date is missing.")
    return period, None


def value_field():
    """The measurement form's own value field: the import reads values exactly as it does."""
    return localized_formfield(Measurement._meta.get_field("value"))


def parse_value(text, field=None):
    """The value read exactly as the measurement form reads it (``plans/numbers.py``).

    Returns ``(value, None)`` or ``(None, message)``: "18,8" in French is 18.8, "71,3" in English is
    refused with a message that says how to write it, never read as 713.
    """
    field = field or value_field()
    try:
        return field.clean(text), None
    except ValidationError as error:
        return None, " ".join(error.messages)


def check_rows(plan, raw_rows):
    """Each raw row checked against the plan's KPIs and measurements as they stand now."""
    kpis = {}
    for kpi in KPI.objects.filter(plan=plan).only(
        "id", "plan_id", "name", "baseline_date", "frequency"
    ):
        kpis.setdefault(kpi.name.strip().lower(), []).append(kpi)
    existing = set(Measurement.objects.filter(plan=plan).values_list("kpi_id", "date"))
    seen = {}
    today = timezone.localdate()
    field = value_field()  # built once for the whole file, not once a row
    rows = []
    for line, kpi_name, date_text, value_text, note in raw_rows:
        row = Row(line, str(kpi_name), str(date_text), str(value_text), str(note))
        matches = kpis.get(row.kpi_name.strip().lower(), [])
        if not row.kpi_name:
            row.errors.append(_("The KPI is missing."))
        elif not matches:
            row.errors.append(_("Unknown KPI: no KPI of this plan has this name."))
        elif len(matches) > 1:
            row.errors.append(_("Several KPIs of this plan have this name; rename one of them."))
        else:
            row.kpi = matches[0]
        row.period, problem = parse_date(row.date_text)
        row.date = row.period.end if row.period else None
        if row.period is None:
            row.errors.append(problem)
        elif row.period.start > today:
            row.errors.append(_("A measurement cannot be for a period that has not started yet."))
        elif row.kpi is not None:
            problem = measurement_date_problem(row.kpi, row.period.start)
            if problem:
                row.errors.append(problem)
        row.value, problem = parse_value(row.value_text, field) if row.value_text else (None, None)
        if row.value is None:
            row.errors.append(problem or _("The value is missing."))
        if len(row.note) > 300:
            row.errors.append(_("The note is longer than 300 characters."))
        if row.kpi is not None and row.date is not None:
            key = (row.kpi.pk, row.date)
            if key in existing:
                row.errors.append(_("This KPI already has a measurement for this date or period."))
            elif key in seen:
                row.errors.append(
                    _("Same KPI and date as row %(line)s of the file.") % {"line": seen[key]}
                )
            else:
                seen[key] = row.line
        rows.append(row)
    return rows
