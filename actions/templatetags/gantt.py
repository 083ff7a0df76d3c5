from django import template

register = template.Library()


@register.simple_tag
def gantt_chart(data, chart_id="doc-gantt"):
    """The Gantt chart from the actions snapshot: the same function the page uses."""
    from actions.charts import gantt_svg

    return gantt_svg(
        data.get("tasks", []),
        data.get("milestones", []),
        start=(data.get("range") or {}).get("start"),
        end=(data.get("range") or {}).get("end"),
        chart_id=chart_id,
    )


@register.filter
def raci_of(task, member_id):
    """``{{ task|raci_of:member.id }}``: the member's RACI letter in a snapshot task."""
    return (task.get("raci") or {}).get(str(member_id), "")
