"""From a published version to PDF bytes: the document's HTML, then WeasyPrint.

The HTML is built from the version's snapshot only, through each registered section's document
template, in guide order. WeasyPrint fetches resources through ``AppResourceFetcher``: only the
app's own document stylesheet, images and fonts can be loaded, so a URL or ``file:`` path typed
by a user into any field is never fetched.
"""

import io
import mimetypes
import re
from dataclasses import dataclass
from html import unescape as html_unescape
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from plans.models import APPROVED_STATUSES, PlanVersion
from plans.sections import registry
from plans.sections.diff import compare_snapshots
from plans.versions import PLAN, section_hash

from .fitting import fit_tables

# Resources the document may load: ``appstatic:<path>`` names a file found by the static
# files finders, under one of these folders, with one of these types.
APP_SCHEME = "appstatic:"
ALLOWED_FOLDERS = ("css/", "fonts/", "img/")
ALLOWED_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
PDF_VARIANT_ARCHIVAL = "pdf/a-3b"


# The document's charts, handed to WeasyPrint as images of this render (``charts_as_images``).
CHART_SCHEME = "chart:"
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)
SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'


class BlockedResource(ValueError):
    """The document asked for something outside the app's own static files."""


def resolve_app_resource(url):
    """The local path of an allowed resource URL, or ``BlockedResource``."""
    if not isinstance(url, str) or not url.startswith(APP_SCHEME):
        raise BlockedResource(f"blocked resource: {url!r}")
    name = url[len(APP_SCHEME) :].split("?")[0].split("#")[0]
    if (
        not name.startswith(ALLOWED_FOLDERS)
        or ".." in name.split("/")
        or "\\" in name
        or Path(name).suffix.lower() not in ALLOWED_TYPES
    ):
        raise BlockedResource(f"blocked resource: {url!r}")
    path = finders.find(name)
    if not path:
        raise BlockedResource(f"unknown resource: {url!r}")
    return Path(path)


def fetch_app_resource(url):
    """What WeasyPrint receives for ``url``: the file's bytes and type (raises when blocked)."""
    path = resolve_app_resource(url)
    mime = ALLOWED_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return {"body": path.read_bytes(), "mime_type": mime, "url": url}


def charts_as_images(html):
    """The document's HTML with each chart (an inline ``<svg>``, drawn by the sections' own
    code) replaced by an ``<img>`` of it, and the charts by address (``chart:<n>``), for the
    fetcher of this render. The chart is drawn the same, and its title is the image's
    alternative text, but WeasyPrint no longer parses its markup as HTML nor runs the
    document's cascade over its thousands of elements: it reads it as SVG, with its XML parser.
    """
    charts = {}

    def to_image(match):
        svg = match.group(0)
        if "<svg" in svg[4:]:
            return svg  # a chart inside a chart: left as it is
        if SVG_NAMESPACE not in svg[: svg.index(">")]:
            svg = "<svg " + SVG_NAMESPACE + svg[4:]
        address = f"{CHART_SCHEME}{len(charts)}"
        charts[address] = svg.encode("utf-8")
        title = _SVG_TITLE.search(svg)
        alt = _TAG.sub("", title.group(1)).strip() if title else ""
        # The title is already escaped as the chart's text; it stays so in the attribute.
        return f'<img class="doc-chart-image" src="{address}" alt="{alt}">'

    return _SVG.sub(to_image, html), charts


def make_url_fetcher(charts=None):
    """WeasyPrint's fetcher for a render: the app's own files, and this render's charts."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    charts = charts or {}

    class AppResourceFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url in charts:
                return URLFetcherResponse(url, charts[url], {"Content-Type": "image/svg+xml"})
            found = fetch_app_resource(url)
            return URLFetcherResponse(
                found["url"], found["body"], {"Content-Type": found["mime_type"]}
            )

    return AppResourceFetcher(timeout=1, allow_redirects=False)


@dataclass
class RenderedPdf:
    content: bytes
    page_count: int


def css_string(text):
    """``text`` as a quoted CSS string; every character but letters and digits is written as
    a hex escape, so user text (a version label) cannot end the string. Spaces too: a space
    after an escape would be read as the escape's end and dropped ("1 – First" printed as
    "1 –First")."""
    out = []
    for char in str(text):
        if char.isalnum():
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


def css_content(template, **counters):
    """A CSS ``content`` value from a translated sentence with ``%(name)s`` placeholders,
    each replaced by a CSS function (``counter(page)``)."""
    pieces = []
    rest = str(template)
    while rest:
        positions = [(rest.find(f"%({n})s"), n) for n in counters if f"%({n})s" in rest]
        if not positions:
            pieces.append(css_string(rest))
            break
        index, name = min(positions)
        if index:
            pieces.append(css_string(rest[:index]))
        pieces.append(counters[name])
        rest = rest[index + len(f"%({name})s") :]
    return " ".join(pieces)


def is_approved(meta):
    """No DRAFT mark on the documents of a plan that was approved."""
    return meta.get("status") in APPROVED_STATUSES


def _decision(entry, data):
    """One decision as the approvals page prints it; ``differs``: the section as printed
    (``data``) is not the content the decision was made on (its hash differs)."""
    content_hash = entry.get("content_hash") or ""
    return {
        "decision": entry.get("decision") or "",
        "decided_by": entry.get("decided_by") or "",
        "decided_at": entry.get("decided_at") or "",
        "version": entry.get("version"),
        "bound": bool(content_hash),
        "differs": bool(content_hash) and section_hash(data) != content_hash,
    }


def approval_rows(snapshot, parts):
    """One row per section of the document, with the decisions made on it: the latest of each
    person (approved or changes requested), by whom, when and on which version, and whether
    the section as printed is the content decided on (a decision's ``differs``: its hash is not
    the one the approver saw). ``decision`` is the section's latest decision, ``approved``
    whether it is an approval, and the row's ``differs`` says that the section was approved,
    but never as printed.

    Snapshots published before decisions were bound to versions carry only the latest
    approval, with no hash: their decision says it is not tied to a version, and ``differs``
    follows the change they recorded."""
    given = {a.get("section_key"): a for a in (snapshot.get("approvals") or [])}
    sections = snapshot.get("sections") or {}
    rows = []
    for part in parts:
        approval = given.get(part["key"]) or {}
        data = sections.get(part["key"])
        if "decisions" in approval:
            decisions = [_decision(entry, data) for entry in approval["decisions"]]
            latest = approval.get("decision") or ""
        else:  # an older snapshot: its latest approval only
            state = approval.get("state")
            latest = {"approved": "approved", "changed": "approved"}.get(state, "")
            latest = "changes_requested" if state == "changes_requested" else latest
            decisions = []
            if latest:
                old = _decision(
                    {
                        "decision": latest,
                        "decided_by": approval.get("approved_by"),
                        "decided_at": approval.get("approved_at"),
                    },
                    data,
                )
                old["differs"] = bool(approval.get("changed_since"))
                decisions = [old]
        approvals = [d for d in decisions if d["decision"] == "approved"]
        as_printed = any(not d["differs"] for d in approvals)
        rows.append(
            {
                "title": part["title"],
                "decision": latest,
                "approved": latest == "approved",
                "decisions": decisions,
                # Approved, but never on the content printed.
                "differs": bool(approvals) and not as_printed,
            }
        )
    return rows


def section_part(section, data, *, meta, published_on=None):
    """One section rendered by its document template, as it prints: ``{"key", "title", "html",
    "subsections"}``."""
    html = render_to_string(
        section.document_template,
        {
            "data": data,
            "section": section,
            "title": section.title,
            "meta": meta,
            "published_on": published_on,
        },
    )
    html, subsections = _subsections(section.key, fit_tables(html))
    return {
        "key": section.key,
        "title": str(section.title),
        "html": mark_safe(html),  # noqa: S308 - rendered by an autoescaping template
        "subsections": subsections,
    }


def section_parts(snapshot, *, published_on=None):
    """Each registered section present in the snapshot, rendered by its document template
    (``published_on``: the version's publication date, the day its charts are drawn as of)."""
    meta = snapshot.get("plan", {})
    data = snapshot.get("sections", {})
    return [
        section_part(section, data[section.key], meta=meta, published_on=published_on)
        for section in registry.all()
        if section.key in data  # else the section did not exist when this version was published
    ]


_H3 = re.compile(r"<h3(?P<attrs>[^>]*)>(?P<body>.*?)</h3>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


def _subsections(key, html):
    """The section's ``<h3>`` headings, the contents' second level: each gets an id to link
    to (``part-<key>-<n>``, unless it has one), and ``[{"id", "title"}]`` lists them."""
    found = []

    def number(match):
        attrs = match.group("attrs")
        has = _ID.search(attrs)
        anchor = has.group(1) if has else f"part-{key}-{len(found) + 1}"
        title = html_unescape(_TAG.sub("", match.group("body"))).strip()
        found.append({"id": anchor, "title": " ".join(title.split())})
        if has:
            return match.group(0)
        return f'<h3 id="{anchor}"{attrs}>{match.group("body")}</h3>'

    return _H3.sub(number, html), found


def snapshot_items(snapshot):
    """How many rows the document of ``snapshot`` prints: every entry of every list in its
    sections, child lists included. A render's time and memory grow with it."""

    def count(value):
        if isinstance(value, list):
            return len(value) + sum(count(v) for v in value if isinstance(v, (list, dict)))
        if isinstance(value, dict):
            return sum(count(v) for v in value.values() if isinstance(v, (list, dict)))
        return 0

    return count(snapshot.get("sections") or {})


def too_large_reason(version):
    """Why the document of ``version`` is not produced (more items than
    ``DOCUMENT_MAX_ITEMS``, the size the worker's memory was measured for), or ``None``."""
    items, limit = snapshot_items(version.snapshot), settings.DOCUMENT_MAX_ITEMS
    if items <= limit:
        return None
    return _(
        "This version is too large to be printed in one document: it holds %(items)s items "
        "and a document may hold %(limit)s. Export the plan file or the workbook instead, "
        "or ask your administrator to raise the limit (DOCUMENT_MAX_ITEMS)."
    ) % {
        "items": formats.number_format(items, force_grouping=True),
        "limit": formats.number_format(limit, force_grouping=True),
    }


def document_language(version):
    """The language the document of ``version`` is written in: its plan's."""
    return version.snapshot.get("plan", {}).get("language") or settings.LANGUAGE_CODE


def render_version(version, *, format="pdf", archival=False, identifier=None):
    """The document of ``version`` as a file: a PDF (``RenderedPdf``) or, with
    ``format="docx"``, a Word file (``documents.word.RenderedDocx``) of the same HTML."""
    if archival and format != "pdf":
        raise ValueError("only a PDF can be archival")
    html = document_html(version, archival=archival)
    if format == "docx":
        from .word import render_docx

        return render_docx(html, language=document_language(version))
    return render_pdf(html, archival=archival, identifier=identifier)


def document_html(version, *, archival=False):
    """The final HTML of the document of ``version``, in the plan's language."""
    snapshot = version.snapshot
    meta = snapshot.get("plan", {})
    with translation.override(document_language(version)):
        published_on = timezone.localdate(version.created_at) if version.created_at else None
        parts = section_parts(snapshot, published_on=published_on)
        previous = (
            PlanVersion.objects.filter(plan_id=version.plan_id, number__lt=version.number)
            .order_by("-number")
            .only("number", "label", "created_at", "snapshot")
            .first()
        )
        changes = None
        if previous:
            diffs = compare_snapshots(
                previous.snapshot, snapshot, plan_item_type=PLAN, summaries=False
            )
            changes = [d for d in diffs if d.rows]
        approvals = approval_rows(snapshot, parts)
        page_text = _("Page %(page)s of %(pages)s")
        version_text = _("Version %(number)s") % {"number": version.number} + (
            f" – {version.label}" if version.label else ""
        )
        context = {
            "meta": meta,
            "version": version,
            "published_at": timezone.localtime(version.created_at),
            "author": (version.author.name if version.author else ""),
            "parts": parts,
            "approvals": approvals,
            "approvals_differ": [row["title"] for row in approvals if row["differs"]],
            "previous": previous,
            "changes": changes,
            "draft": not is_approved(meta),
            "archival": archival,
            "language": translation.get_language(),
            "footer_page": mark_safe(  # noqa: S308 - css_content escapes every character
                css_content(page_text, page="counter(page)", pages="counter(pages)")
            ),
            "footer_version": mark_safe(  # noqa: S308 - css_string escapes every character
                css_string(version_text)
            ),
            "footer_page_text": page_text,
            "footer_version_text": version_text,
        }
        return render_to_string("documents/pdf/document.html", context)


def render_pdf(html, *, archival=False, identifier=None):
    """PDF bytes and page count. Tagged for accessibility; PDF/A-3b when archival."""
    from weasyprint import HTML

    from . import pdf_engine

    pdf_engine.install()
    options = {"pdf_tags": True}
    if archival:
        options["pdf_variant"] = PDF_VARIANT_ARCHIVAL
    if identifier:
        options["pdf_identifier"] = identifier
    html, charts = charts_as_images(html)
    fetcher = make_url_fetcher(charts)
    out = io.BytesIO()
    with pdf_engine.collector_paused():
        document = HTML(string=html, url_fetcher=fetcher, base_url=None).render(**options)
        # Its boxes are let go once the tagging pass has read them (pdf_engine, fix 4).
        document.release_boxes_after_tags = True
        document.write_pdf(out, **options)
    return RenderedPdf(content=out.getvalue(), page_count=len(document.pages))
