"""The cells of a RACI row, drawn in Python: a row holds a cell per team member (92 on the xl
plan), a page 40 rows, and each cell through the template engine (a label, a select of the four
roles) cost a tenth of a millisecond: 40 % of the page. The same markup as the template drew."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

CELL_CSS = {"A": " table-primary", "R": " table-info"}


@register.simple_tag
def raci_cells(row, roles, can_edit):
    task = row["task"]
    if not can_edit:
        return mark_safe(  # noqa: S308 - every value escaped
            "".join(
                f'<td class="text-center{CELL_CSS.get(c["role"], "")}">'
                f"{escape(c['role'] or '–')}</td>"
                for c in row["cells"]
            )
        )
    label = gettext("Part of %(member)s in “%(task)s”")
    title = escape(task.title)
    choices = [(escape(value), escape(name)) for value, name in roles]
    options = {}  # by the role chosen: five variants for the whole row

    def options_for(role):
        if role not in options:
            options[role] = "".join(
                f'<option value="{value}" title="{name}"{" selected" if value == role else ""}>'
                f"{value}</option>"
                for value, name in choices
            )
        return options[role]

    cells = []
    for cell in row["cells"]:
        member = cell["member"]
        field = f"raci-{int(task.pk)}-{int(member.pk)}"
        text = label % {"member": escape(member.name), "task": title}
        cells.append(
            f'<td class="text-center{CELL_CSS.get(cell["role"], "")}">'
            f'<label class="visually-hidden" for="{field}">{text}</label>'
            f'<select class="form-select form-select-sm raci-select" name="{field}" id="{field}">'
            f'<option value="">–</option>{options_for(escape(cell["role"]))}</select></td>'
        )
    return mark_safe("".join(cells))  # noqa: S308 - every value escaped
