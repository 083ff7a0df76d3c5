"""Starter checklists: requirements most plans of a sector must look at.

They are prompts written in our own words, not legal advice: the plan's team adapts each item
and says how it applies. Keys keep an item from being added twice to a plan.
"""

from django.utils.translation import gettext_lazy as _

from plans.models import Sector

from .models import Category

COMMON = [
    (
        "gdpr-register",
        Category.DATA_PROTECTION,
        _("Keep a register of the personal data the intervention processes (GDPR art. 30)"),
    ),
    (
        "gdpr-legal-basis",
        Category.DATA_PROTECTION,
        _("Identify a legal basis for each processing of personal data"),
    ),
    (
        "gdpr-information",
        Category.DATA_PROTECTION,
        _("Inform the people concerned of what is collected, why, and of their rights"),
    ),
    (
        "gdpr-minimisation",
        Category.DATA_PROTECTION,
        _("Collect only the data the purpose needs and set how long it is kept"),
    ),
    (
        "gdpr-dpia",
        Category.DATA_PROTECTION,
        _("Check whether a data protection impact assessment is required"),
    ),
    (
        "procurement",
        Category.LOCAL_LAW,
        _("Follow public procurement rules for purchases and service contracts"),
    ),
    (
        "accessibility",
        Category.LOCAL_LAW,
        _("Make public information and places accessible to people with disabilities"),
    ),
]

BY_SECTOR = {
    Sector.URBAN: [
        ("urban-permit", Category.SECTOR, _("Obtain the planning permissions the works require")),
        (
            "urban-consultation",
            Category.LOCAL_LAW,
            _("Hold the public consultation the law requires before the works"),
        ),
        (
            "urban-environment",
            Category.SECTOR,
            _("Assess the environmental impact of the works where required"),
        ),
    ],
    Sector.EDUCATION: [
        (
            "edu-child-protection",
            Category.SECTOR,
            _("Check the background of every adult working with children"),
        ),
        (
            "edu-parental-consent",
            Category.DATA_PROTECTION,
            _("Collect parents' consent before photographing or surveying pupils"),
        ),
        (
            "edu-school-rules",
            Category.SECTOR,
            _("Agree activities on school grounds with the school authorities"),
        ),
    ],
    Sector.HEALTH: [
        (
            "health-data-hosting",
            Category.DATA_PROTECTION,
            _("Host health data with a certified provider"),
        ),
        (
            "health-confidentiality",
            Category.SECTOR,
            _("Respect medical confidentiality in every exchange about patients"),
        ),
        (
            "health-ethics-committee",
            Category.SECTOR,
            _("Seek an ethics committee's opinion for research involving people"),
        ),
    ],
    Sector.SAFETY: [
        (
            "safety-traffic-orders",
            Category.LOCAL_LAW,
            _("Have traffic and parking changes adopted by a municipal order"),
        ),
        (
            "safety-cctv",
            Category.DATA_PROTECTION,
            _("Authorise and signpost any video surveillance of public space"),
        ),
        (
            "safety-road-signs",
            Category.SECTOR,
            _("Use regulatory road signs and markings for crossings and speed limits"),
        ),
        (
            "safety-volunteers-insurance",
            Category.SECTOR,
            _("Insure volunteers who supervise children in public space"),
        ),
    ],
    Sector.EMERGENCY: [
        (
            "emergency-civil-protection",
            Category.LOCAL_LAW,
            _("Align with the municipal civil protection plan"),
        ),
        (
            "emergency-alerts",
            Category.SECTOR,
            _("Use the official channels for alerting the population"),
        ),
        (
            "emergency-vital-data",
            Category.DATA_PROTECTION,
            _("Document when personal data is shared to protect lives"),
        ),
    ],
    Sector.OTHER: [],
}


def starters_for(sector):
    """The starter items for a sector: ``[(key, category, requirement)]``."""
    return [*COMMON, *BY_SECTOR.get(sector, [])]
