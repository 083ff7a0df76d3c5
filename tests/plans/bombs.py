"""Small files that would be huge once read: what every upload reader must refuse cheaply.

Each builder takes a real zip (an XLSX, a DOCX) and returns it changed; ``bounded`` runs a
call and gives the peak of memory Python allocated meanwhile, in MB.
"""

import io
import re
import struct
import tracemalloc
import zipfile

import openpyxl

MB = 1024 * 1024


def xlsx(rows):
    """A real workbook, as openpyxl writes it, with ``rows`` on its first sheet."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezipped(content, change=lambda name, data: data, extra=()):
    """``content`` with each part changed by ``change(name, data) -> data``, and ``extra``
    parts ``(name, writer(file))`` added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, change(entry.filename, source.read(entry.filename)))
        for name, write in extra:
            with target.open(name, "w") as part:
                write(part)
    return out.getvalue()


def declaring_a_huge_part(content, size=0xFFFFFFF0):
    """``content`` whose first part's header says it unpacks to ``size`` bytes (4 GB)."""
    data = bytearray(content)
    at = data.index(b"PK\x01\x02")  # the first entry of the central directory
    data[at + 24 : at + 28] = struct.pack("<I", size)
    return bytes(data)


def with_zeros(content, megabytes=50):
    """``content`` with a part of ``megabytes`` MB of zeros (it packs to about 50 KB)."""

    def write(part):
        for _ in range(megabytes):
            part.write(b"\0" * MB)

    return rezipped(content, extra=[("xl/media/zeros.bin", write)])


def declaring(content, dimension="A1:XFD1048576"):
    """``content`` whose sheets declare ``dimension`` (openpyxl would pad rows to it)."""

    def change(name, data):
        if name.startswith("xl/worksheets/sheet"):
            return re.sub(
                rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data, count=1
            )
        return data

    return rezipped(content, change)


def bounded(call):
    """Run ``call``; the peak of memory it allocated, in MB."""
    tracemalloc.start()
    try:
        call()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MB
