"""{% doc_table %}: a table of the plan document, or the sentence that says it is empty."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

SOURCE = (
    "{% load planner_tags %}"
    '{% doc_table _("Goals") rows _("No goals yet.") "w-40" _("Goal") "w-60 num" "Aim" %}'
    "{% for r in rows %}<tr><td>{{ r }}</td></tr>{% endfor %}"
    "{% enddoc_table %}"
)


def render(source=SOURCE, **context):
    return Template(source).render(Context(context))


def test_rows_draw_the_table_with_its_widths_and_headings():
    html = render(rows=["Halve injuries", "<b>x</b>"])
    assert html == (
        "<h3>Goals</h3>"
        '<table class="doc-table"><colgroup><col class="w-40"><col class="w-60"></colgroup>'
        '<thead><tr><th>Goal</th><th class="num">Aim</th></tr></thead>'
        "<tbody><tr><td>Halve injuries</td></tr><tr><td>&lt;b&gt;x&lt;/b&gt;</td></tr></tbody>"
        "</table>"
    )


def test_no_rows_print_the_empty_sentence_only():
    assert render(rows=[]) == '<h3>Goals</h3><p class="muted">No goals yet.</p>'


def test_the_headings_and_sentence_are_translated():
    with translation.override("fr"):
        html = render(rows=[])
    assert html == '<h3>Objectifs</h3><p class="muted">Aucun objectif pour l’instant.</p>'


def test_no_title_draws_no_heading():
    source = SOURCE.replace('{% doc_table _("Goals")', '{% doc_table ""')
    assert render(source, rows=[]) == '<p class="muted">No goals yet.</p>'


def test_a_column_without_its_heading_is_refused_when_the_template_loads():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load planner_tags %}{% doc_table "" rows "Empty" "w-40" %}{% enddoc_table %}')
