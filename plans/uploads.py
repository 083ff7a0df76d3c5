"""Reading an uploaded spreadsheet, CSV or zip in bounded memory: one reader for every upload.

A workbook is a zip of XML parts, and a small file can declare huge ones: a 50 KB part that
unpacks to 50 MB of zeros, a header that announces 4 GB, a sheet whose ``<dimension>`` says
``A1:XFD1048576`` (openpyxl's read-only mode pads every row to the declared width and every
gap to the declared height). So, in this order, before anything is unpacked or parsed:

1. the size of the upload (``Limits.max_bytes``);
2. the zip's end record: how many entries, how large a directory (read before ``zipfile``
   builds an object per entry);
3. each entry's header: its uncompressed size, the total, its compression ratio (``zipfile``
   never unpacks more than an entry declares, so the headers bound what reading can cost);
4. each sheet's declared dimension, then its rows streamed with a cap on rows and columns.

A CSV is decoded as UTF-8 (with or without its mark) or, failing that, Windows-1252, and split
on ``;`` or ``,`` (or a tab), whichever it uses. Every refusal is an ``UploadRefused`` (a
``ValidationError``) with a message a person can act on.

The transfer's plan workbook, the measurement import and the evidence upload read through
here; what a row means is theirs, reported as ``Problem`` (where, field, message).
"""

import csv
import io
import struct
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Excel's own bounds: no real sheet is larger, whatever a file declares.
SHEET_MAX_ROWS = 1_048_576
# A ratio says little about a small part (a few kilobytes of repeated XML); it is checked on
# the parts that would be large once unpacked.
RATIO_FLOOR_BYTES = MB


@dataclass
class Problem:
    """What is wrong with an imported file, said where it is: a row, a cell, the whole file."""

    where: str  # "Tasks, row 3 (task-12)", "row 14"
    field: str  # "Due date", the column "Value", or "" for the whole row
    message: str

    def __str__(self):
        if self.field:
            return f"{self.where}, {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


class UploadRefused(ValidationError):
    """The upload as a whole cannot be read; nothing of it was used."""


@dataclass(frozen=True)
class Limits:
    """How much of an upload Planner reads. Each reader names its own."""

    max_bytes: int  # the upload itself
    max_rows: int = 10_000  # rows of a sheet or a CSV, after its header rows
    max_columns: int = 200
    max_entries: int = 1_000  # parts of a zip
    max_entry_bytes: int = 100 * MB  # one part, unpacked
    max_total_bytes: int = 100 * MB  # every part, unpacked
    max_ratio: int = 100  # unpacked size / packed size of a large part


def _mb(size):
    return f"{size / MB:g}"


def check_size(size, limits):
    if size > limits.max_bytes:
        raise UploadRefused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": _mb(limits.max_bytes)},
            code="too_large",
        )


# --- zips ------------------------------------------------------------------------------------

_END = b"PK\x05\x06"
_END_SIZE = 22


def _unpacks_too_much():
    return UploadRefused(_("This file unpacks to more than Planner reads."), code="zip_bomb")


def _check_end_record(file, limits):
    """The zip's entry count and directory size, from its end record, before ``zipfile`` reads
    the directory (it builds an object for every entry it lists)."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    tail_size = min(size, _END_SIZE + 65_535)  # the record, then a comment of up to 64 KB
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return  # not a zip: ``zipfile`` says so
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    # 0xFFFF entries means a ZIP64 directory: far more parts than any document has.
    if entries > limits.max_entries or directory_size > limits.max_entries * 1024:
        raise UploadRefused(
            _("This file holds more than %(count)s parts.") % {"count": limits.max_entries},
            code="zip_entries",
        )


def open_zip(file, limits):
    """``file`` (a binary file object) as a ``ZipFile`` whose every part is within ``limits``,
    judged from the headers alone: nothing is unpacked here."""
    try:
        _check_end_record(file, limits)
        file.seek(0)
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRefused(_("This is not a zip file."), code="not_zip") from error
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRefused(
            _("This file holds more than %(count)s parts.") % {"count": limits.max_entries},
            code="zip_entries",
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if (
            entry.file_size > limits.max_entry_bytes
            or total > limits.max_total_bytes
            or (entry.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio)
        ):
            raise _unpacks_too_much()
    return archive


def read_entry(archive, name, max_bytes):
    """The first ``max_bytes`` of one part, never more, whatever it declares."""
    with archive.open(name) as part:
        return part.read(max_bytes)


# --- workbooks -------------------------------------------------------------------------------


def open_workbook(content, limits):
    """XLSX ``content`` (bytes) as a read-only openpyxl workbook, checked as the module says."""
    import openpyxl

    check_size(len(content), limits)
    try:
        open_zip(io.BytesIO(content), limits)
    except UploadRefused as refused:
        if refused.code != "not_zip":
            raise
        raise UploadRefused(_("This is not an XLSX workbook."), code="not_xlsx") from refused
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise UploadRefused(_("This workbook cannot be read."), code="bad_xlsx") from error


def sheet_rows(sheet, limits, *, header_rows=1):
    """``(row number, values)`` of each row of a read-only ``sheet``, streamed, at most
    ``header_rows + limits.max_rows`` rows of ``limits.max_columns`` cells.

    A sheet is refused by the size it declares before a row is read, and while it is read
    when it holds more rows than it declared (its declaration is then ignored, not trusted).
    """
    declared_rows = (sheet.max_row or 0) - header_rows
    if declared_rows > limits.max_rows or (sheet.max_column or 0) > limits.max_columns:
        raise _too_many_rows(sheet.title, limits)
    # Read to the sheet's real end, not to its declaration: a wrong one would cut rows off.
    sheet.reset_dimensions()
    last = header_rows + limits.max_rows
    lines = sheet.iter_rows(max_col=limits.max_columns, values_only=True)
    try:
        for number, values in enumerate(lines, start=1):
            if number > last or number > SHEET_MAX_ROWS:
                raise _too_many_rows(sheet.title, limits)
            yield number, values
    finally:
        lines.close()


def _too_many_rows(title, limits):
    return UploadRefused(
        _("The sheet “%(sheet)s” declares more than %(rows)s rows or %(cols)s columns.")
        % {"sheet": title, "rows": limits.max_rows, "cols": limits.max_columns},
        code="too_many_rows",
    )


# --- CSV -------------------------------------------------------------------------------------


def decode_text(content):
    """CSV bytes as text: UTF-8 (with or without its byte-order mark), else Windows-1252 (what
    Excel saves as "CSV" on Windows)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise UploadRefused(
        _("This file is not a text file in UTF-8. Save it as “CSV UTF-8” and try again."),
        code="not_text",
    )


def csv_rows(content, limits):
    """``(rows, delimiter)`` of CSV ``content`` (bytes): each row ``(row number, stripped
    cells)``, blank rows left out, at most ``limits.max_rows`` rows after the first."""
    check_size(len(content), limits)
    text = decode_text(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            cells = [cell.strip() for cell in row[: limits.max_columns]]
            if not any(cells):
                continue
            if len(rows) > limits.max_rows:
                raise UploadRefused(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": limits.max_rows},
                    code="too_many_rows",
                )
            rows.append((number, cells))
    except csv.Error as error:  # a cell longer than csv's limit, a stray quote
        raise UploadRefused(
            _("This file cannot be read as CSV: a cell is too long or a quote is not closed."),
            code="bad_csv",
        ) from error
    return rows, dialect.delimiter
