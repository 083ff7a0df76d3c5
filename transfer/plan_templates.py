"""Plan templates: whole plans a team starts from and then edits, one per kind of intervention
and language.

Each template is a plan file in ``plan_templates/`` (``<key>.<language>.json``), so it is read
and written exactly as an imported plan is: through ``parse`` (the schema) and ``plan_import``
(every item through its own services and checks). A template holds the skeleton of a plan, its
text and the links between its items, and nothing a team has to decide for itself: no amounts,
dates, ratings, targets, owners or frequencies. Those stay unknown until the team gives them.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .plan_file import parse, plan_import

FOLDER = Path(__file__).resolve().parent / "plan_templates"


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    title: str  # lazy: in the reader's language, as the plan file of that language titles it
    description: str  # lazy: one line, in the reader's language

    @property
    def languages(self):
        """The languages this template is written in, in the order Planner offers them."""
        return [code for code, _name in settings.LANGUAGES if self.path(code).exists()]

    def path(self, language):
        return FOLDER / f"{self.key}.{language}.json"


TEMPLATES = [
    PlanTemplate(
        "municipal-safety",
        gettext_lazy("Municipal community-safety plan"),
        gettext_lazy(
            "A town's prevention plan with its partners: hotspots, youth outreach, a local "
            "safety partnership and residents' feeling of safety."
        ),
    ),
    PlanTemplate(
        "school-climate",
        gettext_lazy("School climate and bullying prevention plan"),
        gettext_lazy(
            "A school's plan against bullying: a climate survey, a clear response to every "
            "case, trained staff, pupils and families involved."
        ),
    ),
    PlanTemplate(
        "vaccination-programme",
        gettext_lazy("Local vaccination programme"),
        gettext_lazy(
            "A public-health programme to raise vaccination coverage: reach the people who "
            "miss out, bring vaccination closer, answer doubts."
        ),
    ),
]


class TemplateNotFound(LookupError):
    """No template of that key, or not in that language."""


def template_list():
    """Every template, in the order the page shows them."""
    return list(TEMPLATES)


def template_get(key, language):
    """The template ``key`` in ``language``, or TemplateNotFound."""
    for template in TEMPLATES:
        if template.key == key and language in template.languages:
            return template
    raise TemplateNotFound(f"{key}.{language}")


def template_data(key, language):
    """The template's plan file, read and checked as any plan file is."""
    return parse(template_get(key, language).path(language).read_bytes())


def template_start(key, language, *, user):
    """A new plan owned by ``user``, started from the template ``key`` in ``language``: every
    item created through its own services, with one history entry each that says so."""
    template = template_get(key, language)
    data = parse(template.path(language).read_bytes())
    reason = _("Started from the template “%(title)s”") % {"title": data["plan"]["title"]}
    filename = template.path(language).name
    return plan_import(data, user=user, filename=filename, reason=reason).plan
