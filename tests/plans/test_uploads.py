"""The one reader of uploaded spreadsheets, CSV files and zips: limits checked from what a file
declares before it is unpacked, rows streamed under a cap, CSV read as spreadsheets save it."""

import io
import zipfile

import pytest

from plans.uploads import (
    MB,
    Limits,
    UploadRefused,
    csv_rows,
    open_workbook,
    open_zip,
    sheet_rows,
)
from tests.plans.bombs import bounded, declaring, declaring_a_huge_part, with_zeros, xlsx

LIMITS = Limits(max_bytes=2 * MB, max_rows=100, max_columns=20)


def rows_of(content, limits=LIMITS):
    book = open_workbook(content, limits)
    return [
        (n, [v for v in values if v is not None]) for n, values in sheet_rows(book.active, limits)
    ]


def test_a_real_workbook_is_read_row_by_row_with_its_numbers():
    content = xlsx([["kpi", "date", "value"], [], ["Pupils injured", "2026-03-01", 71.3]])
    assert rows_of(content) == [
        (1, ["kpi", "date", "value"]),
        (2, []),
        (3, ["Pupils injured", "2026-03-01", 71.3]),
    ]


@pytest.mark.parametrize(
    ("bomb", "message"),
    [
        (declaring_a_huge_part, "unpacks to more than Planner reads"),
        (with_zeros, "unpacks to more than Planner reads"),
        (declaring, "declares more than 100 rows or 20 columns"),
    ],
    ids=["declared-4-GB-part", "50-MB-of-zeros", "A1:XFD1048576"],
)
def test_a_bomb_is_refused_from_what_it_declares_in_bounded_memory(bomb, message):
    content = bomb(xlsx([["kpi", "date", "value"], ["A", "2026-03-01", 1]]))
    assert len(content) < 100 * 1024

    def read():
        with pytest.raises(UploadRefused, match=message):
            rows_of(content)

    assert bounded(read) < 20


def test_a_sheet_that_hides_rows_behind_a_small_dimension_is_still_capped():
    content = declaring(xlsx([[n] for n in range(500)]), "A1:A3")

    def read():
        with pytest.raises(UploadRefused, match="declares more than 100 rows"):
            rows_of(content)

    assert bounded(read) < 20


def test_a_wrong_dimension_does_not_cut_rows_off():
    content = declaring(xlsx([[n] for n in range(1, 51)]), "A1:A3")
    assert [values for _n, values in rows_of(content)] == [[n] for n in range(1, 51)]


def test_a_small_part_of_repeated_text_is_not_taken_for_a_bomb():
    content = with_zeros(xlsx([["kpi"]]), megabytes=1)  # ratio ~1000, but only 1 MB
    assert rows_of(content) == [(1, ["kpi"])]


def test_a_zip_of_too_many_parts_is_refused_before_its_directory_is_read():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(1_001):
            archive.writestr(f"{n}", b"")
    with pytest.raises(UploadRefused, match="more than 1000 parts"):
        open_zip(io.BytesIO(out.getvalue()), LIMITS)


def test_what_is_not_a_zip_or_a_workbook_is_said_so():
    with pytest.raises(UploadRefused, match="not a zip file"):
        open_zip(io.BytesIO(b"PK\x03\x04 truncated"), LIMITS)
    with pytest.raises(UploadRefused, match="not an XLSX workbook"):
        open_workbook(b"PK\x03\x04 truncated", LIMITS)
    with pytest.raises(UploadRefused, match="larger than 2 MB"):
        open_workbook(b"PK" + bytes(2 * MB), LIMITS)


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        ("kpi;valeur\nÉcoles sûres;71,3\n".encode(), ";"),
        ("kpi;valeur\nÉcoles sûres;71,3\n".encode("utf-8-sig"), ";"),
        ("kpi;valeur\nÉcoles sûres;71,3\n".encode("cp1252"), ";"),
        ('kpi,value\nÉcoles sûres,"71,3"\n'.encode(), ","),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "comma"],
)
def test_a_csv_is_read_in_its_encoding_and_with_its_delimiter(content, delimiter):
    rows, found = csv_rows(content, LIMITS)
    assert found == delimiter
    assert rows[1] == (2, ["Écoles sûres", "71,3"])


def test_a_csv_leaves_blank_rows_out_and_keeps_the_row_numbers():
    rows, _delimiter = csv_rows(b"kpi,value\n\nA,1\n", LIMITS)
    assert rows == [(1, ["kpi", "value"]), (3, ["A", "1"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"kpi,value\n" + b"A,1\n" * 101, "more than 100 rows"),
        (b"kpi,value\n" + b"A" * (2 * MB), "larger than 2 MB"),
        (b'kpi,value\n"' + b"A" * 200_000 + b'",1\n', "a cell is too long"),
        (b"\xff\xfe\x00\x81binary\x00", "not a text file in UTF-8"),
    ],
    ids=["too-many-rows", "over-the-size-limit", "huge-cell", "binary"],
)
def test_a_csv_that_cannot_be_read_gets_a_clear_message_in_bounded_memory(content, message):
    def read():
        with pytest.raises(UploadRefused, match=message):
            csv_rows(content, LIMITS)

    assert bounded(read) < 20
