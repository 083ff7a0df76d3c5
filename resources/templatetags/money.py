from django import template

from resources.formatting import format_money, format_number, format_percent

register = template.Library()


@register.simple_tag
def money(value, currency, language="en"):
    """``{% money line.amount currency plan.language %}``: an amount in the plan's format."""
    return format_money(value, currency, language)


@register.simple_tag
def percent(value, language="en"):
    return format_percent(value, language)


@register.simple_tag
def number(value, language="en", decimal_pos=2):
    return format_number(value, language, decimal_pos)


@register.simple_tag
def budget_chart(rows, title, currency, language="en", chart_id="budget-chart"):
    """The budget chart from snapshot rows: the same function the page uses."""
    from resources.charts import budget_chart_svg

    return budget_chart_svg(
        rows, title=title, currency=currency, language=language, chart_id=chart_id
    )
