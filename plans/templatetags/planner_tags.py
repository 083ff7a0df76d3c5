"""Template helpers shared by every app: inline collections, lookups, and the ``doc_*`` filters
that print snapshot values (ISO dates, decimal strings) the way the active language writes them.

The plan document is rendered with the plan's language active, so in a section's document
template ``{{ g.target_date|doc_date }}`` prints "2 oct. 2026" in French and "Oct. 2, 2026" in
English, and ``{{ line.amount|doc_money:data.currency }}`` prints "43 700,00 €" or "€43,700.00".
Values that cannot be read are printed as given, never an error: a snapshot is history.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format

from plans.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_percent,
)

register = template.Library()


@register.simple_tag
def inline_url(c, action, item=None):
    """The URL of an inline collection's action (add, row, edit, delete, move)."""
    return c["collection"].url(action, c["plan"], item.pk if item is not None else None)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dictionary lookup with a variable key."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)


@register.filter
def nested_items(rows, key):
    """``(row, item)`` for each item in each row's list ``key``: one loop over nested snapshot
    lists, so a template can say when there are none (``{% empty %}``)."""
    return [(row, item) for row in rows or () for item in (row.get(key) or ())]


@register.filter
def having(rows, key):
    """The rows whose ``key`` is set (not empty): ``{% for n in needs|having:"causes" %}``."""
    return [row for row in rows or () if row.get(key)]


def _as_date_or_datetime(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value
    if not value:
        return None
    text = str(value)
    try:
        if "T" in text or " " in text:
            parsed = datetime.datetime.fromisoformat(text)
            return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _as_decimal(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


_NO_ARGUMENT = object()


def _number_filter(function):
    """A ``doc_*`` filter of numbers: ``function(number, language, *args)`` for a value that
    reads as a number; any other value printed as given (``None`` as nothing)."""

    def wrapper(value, arg=_NO_ARGUMENT):
        number = _as_decimal(value)
        if number is None:
            return value if value is not None else ""
        args = () if arg is _NO_ARGUMENT else (arg,)
        return function(number, translation.get_language(), *args)

    # Not functools.wraps: Django reads the filter's own signature (one optional argument).
    wrapper.__name__, wrapper.__doc__ = function.__name__, function.__doc__
    return register.filter(function.__name__, wrapper)


@register.filter
def doc_date(value):
    """An ISO date (or date) as a date in the active language ("2 oct. 2026")."""
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return value or ""
    if isinstance(parsed, datetime.datetime):
        parsed = parsed.date()
    return format_date(parsed)


@register.filter
def doc_long_date(value):
    """A date with the month in full where the language has it ("2 octobre 2026"): for a
    cover or a heading, where there is room."""
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return value or ""
    if isinstance(parsed, datetime.datetime):
        parsed = parsed.date()
    return date_format(parsed, "DATE_FORMAT")


@register.filter
def doc_datetime(value):
    """An ISO datetime as date and time in the active language (and time zone when aware)."""
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return value or ""
    if not isinstance(parsed, datetime.datetime):
        return doc_date(parsed)
    return format_datetime(parsed)


@_number_filter
def doc_amount(number, language, places=2):
    """A decimal amount with the active language's separators and grouping ("43 700,00")."""
    return format_number(number, language, int(places))


@_number_filter
def doc_money(number, language, currency=""):
    """An amount in ``currency`` the way the active language writes money ("43 700,00 €");
    without a currency, the bare amount."""
    if not currency:
        return format_number(number, language, 2)
    return format_money(number, currency, language)


@_number_filter
def doc_percent(number, language, places=1):
    """A percentage ("8,1 %" in French, with the space French puts before the sign)."""
    return format_percent(number, language, int(places))


@_number_filter
def doc_number(number, language):
    """A measured value with only the decimals it needs ("14", "12,5"), in the active language."""
    places = max(0, -number.normalize().as_tuple().exponent)
    return format_number(number, language, min(places, 4))


@register.filter
def period_label(item):
    """When a dated item is for: its period as the plan wrote it ("2023-2024", "T1 2025"), else
    its date in the active language. ``item`` is a model instance or a snapshot row."""
    from plans.periods import period_display

    def get(name):
        return item.get(name) if isinstance(item, dict) else getattr(item, name, None)

    return period_display(
        get("period"), _as_date_or_datetime(get("period_start")), _as_date_or_datetime(get("date"))
    )


@register.filter
def and_also(first, second):
    """``{{ task.responsible|and_also:task.responsible_other }}``: the names given, joined ("Samir
    Haddad, Rectorat", "Rectorat"), or "" when neither is; a team member and an outside owner."""
    return ", ".join(str(name) for name in (first, second) if name)


@register.inclusion_tag("plans/partials/subpage_header.html", takes_context=True)
def subpage_header(context, title, back, back_label):
    """The heading of a page under a section (a calendar, a matrix, a dashboard) and the way
    back: ``{% subpage_header _("RACI matrix") "actions:page" _("Back to the action plan") %}``."""
    return {"plan": context["plan"], "title": title, "back": back, "back_label": back_label}


class DocTableNode(template.Node):
    def __init__(self, title, rows, empty, columns, nodelist):
        self.title, self.rows, self.empty = title, rows, empty
        self.columns, self.nodelist = columns, nodelist

    def render(self, context):
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        title = self.title.resolve(context)
        heading = format_html("<h3>{}</h3>", title) if title else ""
        if not self.rows.resolve(context):
            return heading + format_html('<p class="muted">{}</p>', self.empty.resolve(context))
        # A column's classes: "w-22" for its width, "w-22 num" for figures (heading aligned too).
        columns = [(w.resolve(context).split(), head.resolve(context)) for w, head in self.columns]
        widths = [(classes[0],) for classes, _head in columns]
        heads = mark_safe(  # noqa: S308 - every part is escaped by format_html
            "".join(
                format_html('<th class="{}">{}</th>', " ".join(classes[1:]), head)
                if classes[1:]
                else format_html("<th>{}</th>", head)
                for classes, head in columns
            )
        )
        return heading + format_html(
            '<table class="doc-table"><colgroup>{}</colgroup><thead><tr>{}</tr></thead>'
            "<tbody>{}</tbody></table>",
            format_html_join("", '<col class="{}">', widths),
            heads,
            self.nodelist.render(context),
        )


@register.tag
def doc_table(parser, token):
    """A table of the plan document, or the sentence that says it is empty::

        {% doc_table _("Goals") data.goals _("No goals yet.") "w-40" _("Goal") "w-60" _("Aim") %}
          {% for g in data.goals %}<tr>...</tr>{% endfor %}
        {% enddoc_table %}

    A heading (``""`` for none), the rows (the table is drawn only when there are some), the
    empty sentence, then a width class and a heading per column; the body gives the rows.
    """
    bits = token.split_contents()[1:]
    if len(bits) < 5 or len(bits) % 2 == 0:
        raise template.TemplateSyntaxError(
            "doc_table takes a title, the rows, the empty sentence, then width/heading pairs"
        )
    title, rows, empty, *rest = (parser.compile_filter(bit) for bit in bits)
    nodelist = parser.parse(("enddoc_table",))
    parser.delete_first_token()
    return DocTableNode(title, rows, empty, list(zip(rest[::2], rest[1::2], strict=True)), nodelist)


@register.filter
def moment(value):
    """A date and time as people read it in their language, in a ``<time>`` element that
    machines read: ``{{ comment.created_at|moment }}``. Aware values are shown in the current
    time zone."""
    if not value:
        return ""
    from django.utils import dateformat
    from django.utils.html import format_html
    from django.utils.timezone import template_localtime

    value = template_localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        dateformat.format(value, "c"),
        date_format(value, "SHORT_DATETIME_FORMAT"),
    )
