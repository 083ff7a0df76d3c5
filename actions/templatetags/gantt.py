from django import template

register = template.Library()

# The time axis in the document: narrower than on the page, so that once the chart is scaled
# to the width of A4 its labels are still about 7 pt.
DOCUMENT_CHART_WIDTH = 480


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
        chart_width=DOCUMENT_CHART_WIDTH,
    )


@register.filter
def raci_of(task, member_id):
    """``{{ task|raci_of:member.id }}``: the member's RACI letter in a snapshot task."""
    return (task.get("raci") or {}).get(str(member_id), "")
