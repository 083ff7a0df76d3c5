from django import template
from django.utils.translation import gettext as _

from monitoring.charts import kpi_chart_svg

register = template.Library()


@register.filter
def kpi_chart(data, variant=""):
    """``{{ kpi_data|kpi_chart }}`` or ``{{ kpi_data|kpi_chart:"compact" }}``: the KPI's SVG."""
    if variant == "compact":
        return kpi_chart_svg(data, width=220, height=60, compact=True)
    return kpi_chart_svg(data)


STATUS_CLASSES = {
    "on_track": "text-bg-success",
    "at_risk": "text-bg-warning",
    "off_track": "text-bg-danger",
    "no_data": "text-bg-secondary",
}


@register.filter
def status_class(code):
    return STATUS_CLASSES.get(code, "text-bg-secondary")


@register.filter
def breakdown_text(values):
    """A measurement's values by category, ``{"Sex": {"women": "24.8"}}``, as one line per
    breakdown: "Sex: women 24.8 · men 29.1" (numbers in the active language)."""
    from plans.templatetags.planner_tags import doc_number

    lines = []
    for breakdown, categories in (values or {}).items():
        shown = " · ".join(
            f"{category} {doc_number(value)}" for category, value in categories.items()
        )
        lines.append(
            _("%(breakdown)s: %(values)s") % {"breakdown": breakdown, "values": shown}
            if breakdown
            else shown
        )
    return lines
