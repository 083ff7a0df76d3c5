"""Evidence files: what they are is read from their first bytes, never from their name.

A file called ``report.pdf`` that is really an HTML page or a program is refused. Accepted:
PDF, PNG, JPEG, GIF, WebP, Office Open XML and OpenDocument files, and plain UTF-8 text (CSV).
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plans.uploads import Limits, UploadRefused, open_zip, read_entry

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# An office document is a zip: what its parts may declare once unpacked (plans/uploads.py).
ZIP_LIMITS = Limits(max_bytes=MAX_EVIDENCE_BYTES)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT = "text/plain"

EXTENSIONS = {
    PDF: ".pdf",
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    WEBP: ".webp",
    DOCX: ".docx",
    XLSX: ".xlsx",
    PPTX: ".pptx",
    ODT: ".odt",
    ODS: ".ods",
    TEXT: ".txt",
}

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {ODT.encode(): ODT, ODS.encode(): ODS}


def _head(file, size):
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(size)
    file.seek(position)
    return data


def _zip_type(file):
    """The office type of a zip, judged from its directory and at most a few bytes of one part;
    a zip whose parts would unpack out of bounds is refused (``UploadRefused``), not opened."""
    try:
        archive = open_zip(file, ZIP_LIMITS)
    except UploadRefused as refused:
        if refused.code == "not_zip":
            return None
        raise
    try:
        names = archive.namelist()
        if "mimetype" in names:
            return _ODF.get(read_entry(archive, "mimetype", 200).strip())
        if "[Content_Types].xml" in names:
            for prefix, content_type in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return content_type
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    return None


def _is_text(data):
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may cut a multi-byte character in two at its very end.
        if error.start < len(data) - 3:
            return False
    lowered = data.lstrip().lower()
    # Markup could run as a page if it were ever served inline: not "plain text".
    return not lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script"))


def sniff_content_type(file):
    """The content type found in the file's first bytes, or None if it is not accepted."""
    head = _head(file, 2048)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(file)
    if head and _is_text(head):
        return TEXT
    return None


def validate_evidence_file(value):
    """Field validator: size and type (by content) of a newly uploaded file."""
    if not value or getattr(value, "_committed", True):
        return  # a file already stored was checked when it was uploaded
    if value.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(value.size), "limit": filesizeformat(MAX_EVIDENCE_BYTES)},
            code="file_too_large",
        )
    try:
        content_type = sniff_content_type(value)
    except UploadRefused as refused:
        raise ValidationError(refused.messages, code="file_unpacks") from refused
    if content_type is None:
        raise ValidationError(
            _(
                "This type of file is not accepted. Attach a PDF, an image (PNG, JPEG, GIF, "
                "WebP), an office document (Word, Excel, PowerPoint, OpenDocument) or plain text."
            ),
            code="file_type",
        )
