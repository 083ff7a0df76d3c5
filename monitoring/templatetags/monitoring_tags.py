from django import template

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
