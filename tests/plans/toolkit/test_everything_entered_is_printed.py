"""Everything a planner can enter is printed in the plan document, or declared as not printed.

For every section and every item type it declares, each field that the item's form accepts must
be read by the section's document template (``.<field>``, or ``.<field>_label`` for a choice, from
the rows of that item type), be declared printed under another key (``printed_as``), or be named in
the item type's ``not_printed`` with the reason. A field added to a form and
forgotten in the document fails here.
"""

import re

import pytest
from django.template.loader import get_template

from plans.sections import registry
from plans.sections.forms import TOOLKIT_FIELDS
from tests.plans.item_forms import item_form_classes


def _forms_by_model():
    found = {}
    for form_class in item_form_classes():
        found.setdefault(form_class._meta.model, set()).update(
            name for name in form_class.base_fields if name not in TOOLKIT_FIELDS
        )
    return found


def _template_source(name, seen=None):
    """The document template's text with the templates it includes."""
    seen = seen if seen is not None else set()
    if name in seen:
        return ""
    seen.add(name)
    source = get_template(name).template.source
    for included in re.findall(r"{%\s*include\s+\"([^\"]+)\"", source):
        source += _template_source(included, seen)
    return source


def _cases():
    forms = _forms_by_model()
    for section in registry.all():
        for item in section.items:
            for name in sorted(forms.get(item.model, ())):
                yield pytest.param(section, item, name, id=f"{section.key}.{item.key}.{name}")


@pytest.mark.parametrize(("section", "item", "name"), list(_cases()))
def test_each_accepted_field_is_printed_or_declared_not_printed(section, item, name):
    if name in item.not_printed:
        assert str(item.not_printed[name]).strip(), "say why the field is not printed"
        return
    source = _template_source(section.document_template)
    # The names the template gives the item's rows (``{% for b in data.budget_lines %}``): the
    # field must be read from one of them, not merely from any row that has a field so named.
    loops = set(re.findall(rf"{{%\s*for\s+(\w+)\s+in\s+[\w.|:\"]*\b{item.key}\b", source))
    owners = "|".join(sorted(loops)) or r"\w+"
    key = item.printed_as.get(name, name)
    printed = re.search(rf"\b(?:{owners})\.{key}(_label)?\b", source)
    if name == "period":  # a period prints through the filter that falls back on its dates
        printed = printed or re.search(rf"\b(?:{owners})\|period_label\b", source)
    assert printed, (
        f"{section.key}: the {item.verbose_name} field “{name}” is accepted by the form but "
        f"{section.document_template} never prints it; print it, or declare it in "
        f"not_printed with the reason"
    )


def test_the_walk_covers_every_section():
    covered = {case.values[0].key for case in _cases()}
    assert covered >= {
        "objectives",
        "assessments",
        "strategy",
        "resources",
        "risks",
        "monitoring",
        "actions",
        "communication",
        "compliance",
    }
