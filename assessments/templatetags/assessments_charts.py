from django import template

from assessments.charts import power_interest_svg

register = template.Library()


@register.simple_tag
def power_interest_grid(stakeholders):
    """``{% power_interest_grid data.stakeholders %}``: the grid drawn from snapshot data."""
    return power_interest_svg(stakeholders)
