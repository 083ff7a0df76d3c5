"""A plan as an XLSX workbook: one sheet per item type, headers in the plan's language,
dropdowns for choices, real dates and numbers, a read-me sheet. The same workbook is the
import template: it is read back into a plan file (``plan_file``) and goes in through the same
checks, with values read as a spreadsheet user types them (71,3 in French, 31/03/2025, a
choice by its name).

A sheet's second row (hidden) holds the field names and the hidden ``_planner`` sheet names the
item type of each sheet, so headers and sheet names can be in any language.
"""

import datetime
import io
import json
from decimal import Decimal

from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plans.numbers import NumberError, parse_decimal
from plans.periods import PeriodError, parse_period
from plans.uploads import Limits, Problem, UploadRefused, open_workbook, sheet_rows

from .plan_file import (
    FORMAT,
    MAX_BYTES,
    VERSION,
    PlanFileRejected,
    file_fields,
    item_models,
    label_of,
    plan_export,
)
from .progress import Progress, file_row_count

META = "_planner"
# What Planner reads of a workbook (``plans/uploads.py`` says how): the plan file's size, and
# once unpacked at most 100 MB, 10,000 rows and 200 columns a sheet.
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=10_000, max_columns=200)
MAX_ROWS = LIMITS.max_rows


def _choices(f):
    return [(str(code), str(label)) for code, label in f.flatchoices] if f.choices else []


def _sheet_title(model, used):
    title = capfirst(str(model._meta.verbose_name_plural))
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    title = title[:31]
    base, n = title, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def plan_workbook(plan, progress=None):
    """The plan as XLSX bytes, in the plan's language. ``progress(done, total)``: the plan
    file's export is the first half, writing the sheets' rows the second."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    data = plan_export(plan, progress=progress and (lambda done, total: progress(done, 2 * total)))
    rows_total = file_row_count(data)
    report = Progress(progress, rows_total, offset=rows_total, scale=2)
    exported = item_models()
    book = openpyxl.Workbook()
    readme = book.active
    with translation.override(plan.language or None):
        readme.title = _("Read me")[:31]
        meta = book.create_sheet(META)
        meta.sheet_state = "hidden"
        meta.append(["format", FORMAT, "version", VERSION, "language", plan.language])
        meta.append(["plan", *data["plan"].keys()])
        meta.append(["", *(_cell(v) for v in data["plan"].values())])
        used = {readme.title.lower(), META}
        lines = [
            _("Planner plan workbook: %(title)s") % {"title": plan.title},
            _(
                "One sheet per list of the plan. Each row is an item; the first column is its "
                "id, which other rows use to link to it (several ids separated by commas)."
            ),
            _(
                "Fill or change rows, then import the workbook as a new plan (Import a plan). "
                "Leave a cell empty when the plan does not give the value: it is kept unknown."
            ),
            _(
                "Dates as dates, numbers as numbers, choices from the list in their cell, "
                "periods as the plan writes them (2025, T1 2025, 2023-2024)."
            ),
            "",
        ]
        for line in lines:
            readme.append([line])
        readme["A1"].font = Font(bold=True, size=14)
        readme.column_dimensions["A"].width = 110
        for model in exported:
            fields = file_fields(model, exported)
            sheet = book.create_sheet(_sheet_title(model, used))
            meta.append(["sheet", sheet.title, label_of(model)])
            readme.append([f"{sheet.title}: {len(data['items'][label_of(model)])}"])
            sheet.append([_("Id"), *(capfirst(str(f.verbose_name)) for f in fields)])
            sheet.append(["id", *(f.name for f in fields)])
            sheet.row_dimensions[2].hidden = True
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "B3"
            for row in data["items"][label_of(model)]:
                sheet.append([row["id"], *(_out(f, row.get(f.name)) for f in fields)])
                report.step()
            for index, f in enumerate(fields, start=2):
                letter = openpyxl.utils.get_column_letter(index)
                sheet.column_dimensions[letter].width = 14 if f.choices else 24
                choices = _choices(f)
                if choices:
                    labels = ",".join(label.replace(",", " ") for _code, label in choices)
                    if len(labels) <= 255:  # Excel's limit for a list written in the rule
                        rule = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
                        rule.add(f"{letter}3:{letter}{MAX_ROWS + 2}")
                        sheet.add_data_validation(rule)
                if isinstance(f, models.DateField):
                    for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                        cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    report.finish()
    return out.getvalue()


def _cell(value):
    return value if not isinstance(value, (dict, list)) else str(value)


def _out(f, value):
    """A file value as a spreadsheet cell: a date, a number, a choice's name, ids joined."""
    if value is None or value == "":
        return None
    if f.many_to_many:
        return ", ".join(value) or None
    if f.is_relation:
        return value
    if f.choices:
        return dict(_choices(f)).get(str(value), value)
    if isinstance(f, models.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(f, (models.DecimalField, models.FloatField)):
        return Decimal(value)
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return value


# --- reading a workbook --------------------------------------------------------------------


def _refuse(message):
    raise PlanFileRejected([Problem(_("the workbook"), "", message)])


def _in(f, cell, language, where, problems):
    """A cell as the plan file holds it, read as a spreadsheet user writes it."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return [] if f.many_to_many else None
    name = capfirst(str(f.verbose_name))
    if f.many_to_many:
        return [part.strip() for part in str(cell).split(",") if part.strip()]
    if f.is_relation:
        return str(cell).strip()
    if f.choices:
        text = str(cell).strip()
        by_label = {label.lower(): code for code, label in _choices(f)}
        codes = {code for code, _label in _choices(f)}
        code = text if text in codes else by_label.get(text.lower())
        if code is None:
            problems.append(
                Problem(where, name, _("“%(text)s” is not one of the choices.") % {"text": text})
            )
        elif isinstance(f, (models.IntegerField, models.SmallIntegerField)):
            return int(code)
        return code
    if isinstance(f, models.BooleanField):
        if isinstance(cell, bool):
            return cell
        return str(cell).strip().lower() in ("1", "true", "yes", "oui", "vrai", "x")
    if isinstance(f, models.DateField):
        if isinstance(cell, datetime.datetime):
            return cell.date().isoformat()
        if isinstance(cell, datetime.date):
            return cell.isoformat()
        try:
            found = parse_period(str(cell))
        except PeriodError as error:
            problems.append(Problem(where, name, str(error)))
            return None
        if found is None or found.kind != "day":
            problems.append(Problem(where, name, _("“%(text)s” is not a date.") % {"text": cell}))
            return None
        return found.start.isoformat()
    if isinstance(f, (models.DecimalField, models.FloatField, models.IntegerField)):
        try:
            number = parse_decimal(cell, language)
        except NumberError as error:
            problems.append(Problem(where, name, str(error)))
            return None
        if isinstance(f, models.IntegerField):
            if number != number.to_integral_value():
                problems.append(Problem(where, name, _("A whole number is expected here.")))
                return None
            return int(number)
        return str(number)
    if isinstance(f, models.JSONField):
        try:
            return json.loads(cell) if isinstance(cell, str) else cell
        except ValueError:
            problems.append(Problem(where, name, _("This cell is not readable.")))
            return None
    return str(cell) if not isinstance(cell, str) else cell


def read_workbook(content):
    """A plan file (dict) from XLSX bytes, or PlanFileRejected saying where and why."""
    try:
        return _read_workbook(content)
    except UploadRefused as refused:
        _refuse(refused.message)


def _read_workbook(content):
    book = open_workbook(content, LIMITS)
    if META not in book.sheetnames:
        _refuse(_("This workbook was not made by Planner: export a plan to get its template."))
    meta = [values for _number, values in sheet_rows(book[META], LIMITS, header_rows=0)]
    head = dict(zip(meta[0][0::2], meta[0][1::2], strict=False)) if meta else {}
    if head.get("format") != FORMAT or head.get("version") != VERSION:
        _refuse(
            _("This workbook is not a Planner plan workbook of version %(v)s.") % {"v": VERSION}
        )
    language = head.get("language") or "en"
    plan = {}
    for name, value in zip(meta[1][1:], meta[2][1:], strict=False):
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()[:10]
        elif value is None and name not in ("start_date", "end_date"):
            value = ""  # an empty text cell
        if name:
            plan[name] = value
    sheets = {row[1]: row[2] for row in meta[3:] if row and row[0] == "sheet"}
    exported = {label_of(m): m for m in item_models()}
    items, problems = {}, []
    with translation.override(language):
        for title, label in sheets.items():
            model = exported.get(label)
            if model is None or title not in book.sheetnames:
                continue
            fields = {f.name: f for f in file_fields(model, list(exported.values()))}
            lines = sheet_rows(book[title], LIMITS, header_rows=2)
            next(lines, None)  # the headers a reader sees
            codes = list(next(lines, (2, ()))[1] or ())
            rows = []
            for number, values in lines:
                if all(v is None or v == "" for v in values):
                    continue
                where = _("Sheet “%(sheet)s”, row %(row)s") % {"sheet": title, "row": number}
                row = {}
                for code, value in zip(codes, values, strict=False):
                    if code == "id":
                        row["id"] = str(value).strip() if value else f"{label}-row{number}"
                    elif code in fields:
                        row[code] = _in(fields[code], value, language, where, problems)
                rows.append(row)
            items[label] = rows
    if problems:
        raise PlanFileRejected(problems)
    return {"format": FORMAT, "version": VERSION, "plan": plan, "items": items}
