"""Demo content of the compliance section: the sector's checklist assessed, the personal data
register, consent records and ethical issues. It writes only this app's items."""

import datetime

from django.utils import timezone

from plans.demo import demo_count, demo_scale
from plans.sections.items import item_create, item_update

from .models import (
    ConsentMethod,
    ConsentRecord,
    EthicalIssue,
    LegalBasis,
    PersonalDataRecord,
    Requirement,
    RequirementStatus,
)
from .services import requirements_add_starters
from .starters import starters_for

# How the plan meets each starter requirement, by starter key (one not listed stays to assess).
DEMO_DETAILS = {
    "gdpr-register": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": "The register below lists the three processings of the project.",
        "evidence": "Register reviewed by the city's data protection officer",
        "owner": "Data protection officer",
    },
    "gdpr-legal-basis": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": (
            "Public task for traffic data; consent for the parents' survey and photographs."
        ),
        "evidence": "Opinion of the legal department",
        "owner": "Data protection officer",
    },
    "safety-traffic-orders": {
        "status": RequirementStatus.IN_PROGRESS,
        "how_we_comply": "The 30 km/h zone order is drafted; it goes to the council next month.",
        "evidence": "Draft municipal order",
        "owner": "Traffic engineering unit",
    },
    "safety-volunteers-insurance": {
        "status": RequirementStatus.NOT_COMPLIANT,
        "how_we_comply": "The city's policy does not yet cover walking-bus volunteers.",
        "evidence": "",
        "owner": "Risk and insurance officer",
    },
    "gdpr-information": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": (
            "Every survey form and the volunteers' sign-up form carry a short privacy notice."
        ),
        "evidence": "Privacy notice, version of the parent survey",
        "owner": "Data protection officer",
    },
    "gdpr-minimisation": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": (
            "The survey asks for school and class only; retention periods are set in the register."
        ),
        "evidence": "Personal data register",
        "owner": "Data protection officer",
    },
    "gdpr-dpia": {
        "status": RequirementStatus.IN_PROGRESS,
        "how_we_comply": (
            "Injury reports are sensitive: a short impact assessment is being written with the "
            "police."
        ),
        "evidence": "Draft impact assessment",
        "owner": "Data protection officer",
    },
    "procurement": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": (
            "The works go through the city's open tender; small purchases follow the purchasing "
            "guide."
        ),
        "evidence": "Tender notice for the raised crossings",
        "owner": "Purchasing department",
    },
    "accessibility": {
        "status": RequirementStatus.IN_PROGRESS,
        "how_we_comply": "Raised crossings have tactile paving; the route maps get a text version.",
        "evidence": "Crossing design drawings",
        "owner": "Traffic engineering unit",
    },
    "safety-cctv": {
        "status": RequirementStatus.NOT_APPLICABLE,
        "how_we_comply": "No cameras: the steering committee chose radar without images.",
        "evidence": "Steering committee decision",
        "owner": "Project coordinator",
    },
    "safety-road-signs": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": (
            "Only regulatory signs and markings are used, checked by the traffic engineer."
        ),
        "evidence": "Signage plan",
        "owner": "Traffic engineering unit",
    },
    "health-data-hosting": {
        "status": RequirementStatus.COMPLIANT,
        "how_we_comply": (
            "Survey and screening data are hosted by the agency's certified provider."
        ),
        "evidence": "Hosting contract and certificate",
        "owner": "Data protection officer",
    },
    "health-confidentiality": {
        "status": RequirementStatus.IN_PROGRESS,
        "how_we_comply": "Field workers sign a confidentiality charter before their first visit.",
        "evidence": "Confidentiality charter",
        "owner": "Programme lead",
    },
    "health-ethics-committee": {
        "status": RequirementStatus.NOT_APPLICABLE,
        "how_we_comply": "The programme is a public-health service, not research on people.",
        "evidence": "Opinion of the regional ethics committee's secretary",
        "owner": "Programme lead",
    },
}

# A requirement of local law beyond the starters (repeated, numbered, in the large demo).
DEMO_EXTRA_REQUIREMENT = {
    "requirement": "Keep a record of speed checks for the council",
    "category": "local_law",
    "how_we_comply": "Monthly summary sent to the council's mobility committee.",
    "owner": "Traffic engineering unit",
    "status": RequirementStatus.IN_PROGRESS,
}

DEMO_DATA = [
    {
        "data": "Parents' answers to the route safety survey (no names; school and class only)",
        "purpose": "Measure how safe parents feel the routes are, for the monitoring KPIs.",
        "legal_basis": LegalBasis.CONSENT,
        "special_category": False,
        "retention": "Deleted 12 months after the end of the plan",
        "access": "Project lead and the evaluation officer",
    },
    {
        "data": "Walking-bus volunteers' names and phone numbers",
        "purpose": "Organise the rota and reach volunteers when a walking bus is cancelled.",
        "legal_basis": LegalBasis.CONSENT,
        "special_category": False,
        "retention": "Deleted when the volunteer leaves, at the latest at the end of the plan",
        "access": "Community volunteer coordinator",
    },
    {
        "data": "Injury reports of pupils (age, place, time, severity)",
        "purpose": "Count injuries on school routes; no name leaves the police system.",
        "legal_basis": LegalBasis.PUBLIC_TASK,
        "special_category": True,
        "retention": "Aggregated monthly; detailed extracts deleted after 3 months",
        "access": "Road safety officer, City police",
    },
]

# ``processing`` is the index of the personal data record (in DEMO_DATA) the consent covers.
DEMO_CONSENTS = [
    {
        "group": "Parents of Elm School pupils",
        "method": ConsentMethod.PARENTAL,
        "days_ago": 40,
        "document_reference": (
            "Signed forms filed at Elm School office, binder “Safer routes 2026”"
        ),
        "count": 212,
        "processing": 0,
    },
    {
        "group": "Walking-bus volunteers",
        "method": ConsentMethod.ELECTRONIC,
        "days_ago": 20,
        "document_reference": "Sign-up form archive in the project's shared drive",
        "count": 23,
        "processing": 1,
    },
]

# ``decided_days_ago`` None: the issue is still open.
DEMO_ISSUES = [
    {
        "title": "Cameras at school crossings",
        "dilemma": "Cameras would help prove speeding near schools but film children and "
        "parents every day.",
        "options": "Cameras filming continuously\nCameras triggered by speeding only\n"
        "Radar without images plus police checks",
        "confidentiality": True,
        "consent": True,
        "non_maleficence": False,
        "fairness": False,
        "decision": "Radar without images, with monthly police checks.",
        "rationale": "It gives the figures the KPIs need without filming children.",
        "decided_by": "Steering committee",
        "decided_days_ago": 25,
    },
    {
        "title": "Walking buses only at two schools at first",
        "dilemma": "Starting where volunteers already exist is faster, but pupils of the other "
        "two schools, in poorer streets, would wait a year.",
        "options": "Start at two schools\nStart everywhere with paid supervisors\n"
        "Start at all four with fewer routes each",
        "confidentiality": False,
        "consent": False,
        "non_maleficence": False,
        "fairness": True,
        "decision": "",
        "rationale": "",
        "decided_by": "",
        "decided_days_ago": None,
    },
]


def _days_ago(today, days):
    return today - datetime.timedelta(days=days) if days is not None else None


def demo(plan, *, size, user, rng):
    today = timezone.localdate()
    keys = {key for key, _category, _text in starters_for(plan.sector)}
    starters = requirements_add_starters(plan=plan, keys=keys, user=user)
    for requirement in starters:
        data = {"next_review": today + datetime.timedelta(days=rng.randint(20, 180))}
        data.update(DEMO_DETAILS.get(requirement.starter_key, {}))
        item_update(instance=requirement, data=data, expected_version=1, user=user)
    scale = demo_scale(size)
    for i in range(demo_count(size, 40, len(starters)) or 1):
        data = dict(DEMO_EXTRA_REQUIREMENT, next_review=today + datetime.timedelta(days=60 + i))
        if i:
            data["requirement"] += f" ({i})"
        item_create(plan=plan, model=Requirement, data=data, user=user)
    records = [
        item_create(plan=plan, model=PersonalDataRecord, data=data, user=user) for data in DEMO_DATA
    ]
    for spec in DEMO_CONSENTS * (10 * scale or 1):
        item_create(
            plan=plan,
            model=ConsentRecord,
            data={
                "group": spec["group"],
                "method": spec["method"],
                "date": _days_ago(today, spec["days_ago"]),
                "document_reference": spec["document_reference"],
                "count": spec["count"],
                "processing": records[spec["processing"]],
            },
            user=user,
        )
    for spec in DEMO_ISSUES * (10 * scale or 1):
        data = {key: value for key, value in spec.items() if key != "decided_days_ago"}
        data["decided_on"] = _days_ago(today, spec["decided_days_ago"])
        item_create(plan=plan, model=EthicalIssue, data=data, user=user)
