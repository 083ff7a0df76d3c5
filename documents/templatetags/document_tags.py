"""The document's filters: they live in ``plans.templatetags.planner_tags`` so that the phase
apps' document templates can use them without depending on the documents app; this library
re-exports them for the document's own templates."""

from django import template

from plans.templatetags import planner_tags

FILTERS = (
    "doc_amount",
    "doc_date",
    "doc_datetime",
    "doc_long_date",
    "doc_money",
    "doc_number",
    "doc_percent",
)

register = template.Library()

for _name in FILTERS:
    register.filter(_name, getattr(planner_tags, _name))
