from django import template

register = template.Library()


@register.simple_tag
def risk_heatmap(data, chart_id="doc-heatmap"):
    """The heat map from the risks snapshot: the same function the page uses, without links."""
    from risks.charts import heatmap_svg

    counts = {}
    for r in data.get("risks", []):
        key = (r.get("likelihood"), r.get("impact"))  # None: not yet rated, counted apart
        counts[key] = counts.get(key, 0) + 1
    return heatmap_svg(counts, chart_id=chart_id)
