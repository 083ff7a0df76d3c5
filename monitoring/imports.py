"""Reading and checking a file of measurements (CSV or XLSX) before anything is saved.

The measurement import is one case of the plan import: the file is read by the shared bounded
reader (``plans/uploads.py``), each problem is a ``Problem`` said by row and column ("row 14",
"valeur", "“douze” is not a number"), and the rows go in through the measurement's own create
service, all or none (``services.measurements_import``).

``read_rows`` turns an upload into a ``Table`` of raw text rows (or refuses the file as a
whole); ``check_rows`` says, row by row, what is wrong. The import runs the same check again
inside its transaction, so what was previewed is what is saved, or nothing is.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.numbers import NumberError, localized_formfield, parse_decimal
from plans.periods import Period, PeriodError, parse_period
from plans.uploads import (
    MB,
    Limits,
    Problem,
    UploadRefused,
    check_size,
    csv_rows,
    open_workbook,
    sheet_rows,
)

from .models import KPI, Measurement, measurement_date_problem

# A file of measurements is small: 2 MB, 5,000 rows; a workbook's parts unpack to 50 MB at most.
LIMITS = Limits(
    max_bytes=2 * MB,
    max_rows=5000,
    max_columns=200,
    max_entry_bytes=50 * MB,
    max_total_bytes=50 * MB,
)
MAX_BYTES = LIMITS.max_bytes
MAX_ROWS = LIMITS.max_rows
COLUMNS = {
    "kpi": ("kpi", "indicator", "indicateur"),
    "date": ("date", "period", "période", "periode"),
    "value": ("value", "valeur"),
    "note": ("note", "remarque", "comment", "commentaire"),
}


@dataclass
class Table:
    """The rows of an uploaded file as text, with the file's name and its column headers as
    written (a problem names the column the way the file does)."""

    name: str
    columns: dict  # key ("kpi", "date", "value", "note") -> the header in the file
    rows: list  # [row number, kpi, date, value, note]

    def payload(self):
        return {"file": self.name, "columns": self.columns, "rows": self.rows}

    @classmethod
    def from_payload(cls, data):
        return cls(name=data["file"], columns=data["columns"], rows=data["rows"])


@dataclass
class Row:
    line: int
    kpi_name: str
    date_text: str
    value_text: str
    note: str
    errors: list = field(default_factory=list)  # Problem
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
    """``([(row number, cells)], number language)``: the file's rows that hold something."""
    name = (upload.name or "").lower()
    check_size(upload.size, LIMITS)  # before a byte is read
    content = upload.read(LIMITS.max_bytes + 1)
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    if name.endswith(".xlsx"):
        unreadable = _("This file cannot be read as an Excel workbook (.xlsx).")
        try:
            book = open_workbook(content, LIMITS)
        except UploadRefused as refused:
            if refused.code in ("not_xlsx", "bad_xlsx"):
                raise ValidationError(unreadable) from refused
            raise
        try:
            if not book.worksheets:
                raise ValidationError(unreadable)
            table = []
            for number, values in sheet_rows(book.worksheets[0], LIMITS):
                cells = [_cell_text(c) for c in values]
                if any(cells):
                    table.append((number, cells))
        finally:
            book.close()
        return table, None
    if name.endswith(".csv") or name.endswith(".txt"):
        table, delimiter = csv_rows(content, LIMITS)
        # Spreadsheets of the languages that write "13,5" save CSV with semicolons.
        return table, "fr" if delimiter == ";" else None
    raise ValidationError(_("Upload a .csv or .xlsx file."))


def _canonical_numbers(body, index, language):
    """Values of a file written with decimal commas (a ";" CSV) as plain "13.5" text.

    Such a file's numbers are read that way, whatever the user's language. A value that does
    not read is left as written, for ``check_rows`` to report it.
    """
    for _number, row in body:
        if index < len(row) and row[index]:
            try:
                number = parse_decimal(row[index], language)
            except NumberError:
                continue
            row[index] = str(number)


def read_rows(upload):
    """The ``Table`` of an uploaded file; a ValidationError when the file as a whole is unusable."""
    table, number_language = _table_from_upload(upload)
    if not table:
        raise ValidationError(_("The file is empty."))
    header = table[0][1]
    positions, columns = {}, {}
    for key, names in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell.strip().lower() in names:
                positions[key], columns[key] = index, cell.strip()
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
    body = table[1:]
    if number_language:
        _canonical_numbers(body, positions["value"], number_language)
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

    rows = [
        [number, cell(row, "kpi"), cell(row, "date"), cell(row, "value"), cell(row, "note")]
        for number, row in body
    ]
    return Table(name=upload.name or "", columns=columns, rows=rows)


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


def where(line):
    return _("row %(row)s") % {"row": line}


def check_rows(plan, table):
    """Each row of ``table`` checked against the plan's KPIs and measurements as they stand now;
    each problem names its row and the column of the file it is in."""
    kpis = {}
    for kpi in KPI.objects.filter(plan=plan).only(
        "id", "plan_id", "name", "baseline_date", "frequency"
    ):
        kpis.setdefault(kpi.name.strip().lower(), []).append(kpi)
    existing = set(Measurement.objects.filter(plan=plan).values_list("kpi_id", "date"))
    seen = {}
    today = timezone.localdate()
    field = value_field()  # built once for the whole file, not once a row
    column = {key: table.columns.get(key, key) for key in COLUMNS}
    rows = []
    for line, kpi_name, date_text, value_text, note in table.rows:
        row = Row(line, str(kpi_name), str(date_text), str(value_text), str(note))

        def problem(key, message, row=row):
            row.errors.append(Problem(where(row.line), column[key] if key else "", message))

        matches = kpis.get(row.kpi_name.strip().lower(), [])
        if not row.kpi_name:
            problem("kpi", _("The KPI is missing."))
        elif not matches:
            problem("kpi", _("Unknown KPI: no KPI of this plan has this name."))
        elif len(matches) > 1:
            problem("kpi", _("Several KPIs of this plan have this name; rename one of them."))
        else:
            row.kpi = matches[0]
        row.period, message = parse_date(row.date_text)
        row.date = row.period.end if row.period else None
        if row.period is None:
            problem("date", message)
        elif row.period.start > today:
            problem("date", _("A measurement cannot be for a period that has not started yet."))
        elif row.kpi is not None:
            message = measurement_date_problem(row.kpi, row.period.start)
            if message:
                problem("date", message)
        row.value, message = parse_value(row.value_text, field) if row.value_text else (None, None)
        if row.value is None:
            problem("value", message or _("The value is missing."))
        if len(row.note) > 300:
            problem("note", _("The note is longer than 300 characters."))
        if row.kpi is not None and row.date is not None:
            key = (row.kpi.pk, row.date)
            if key in existing:
                problem("date", _("This KPI already has a measurement for this date or period."))
            elif key in seen:
                problem(
                    "", _("Same KPI and date as row %(line)s of the file.") % {"line": seen[key]}
                )
            else:
                seen[key] = row.line
        rows.append(row)
    return rows
