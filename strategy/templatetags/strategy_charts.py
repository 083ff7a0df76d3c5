from django import template

from strategy.charts import logic_model_svg

register = template.Library()


@register.simple_tag
def logic_model_chart(elements):
    """``{% logic_model_chart data.logic_model %}``: the chain drawn from snapshot data."""
    return logic_model_svg(elements)
