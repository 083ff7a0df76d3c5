"""The legal & ethical compliance section: registered with the plan in ``apps.ready()``."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section

from . import selectors
from .models import (
    ConsentMethod,
    ConsentRecord,
    EthicalIssue,
    LegalBasis,
    PersonalDataRecord,
    Requirement,
    RequirementStatus,
)
from .starters import starters_for

GUIDANCE = _(
    "List the rules the intervention must respect: data protection (such as the GDPR), the "
    "rules of its sector and local law. For each, say how the plan complies, what proves it, "
    "who is responsible and when it will be checked again. Start from the list suggested for "
    "the plan's sector and adapt it.\n"
    "Describe each use of personal data: what is collected, why, on which legal basis, for how "
    "long and who can see it. Record consent by group and say where the proof is kept; the "
    "register itself holds no names, addresses or numbers.\n"
    "When a choice weighs one value against another (privacy against safety, one group's "
    "benefit against another's), write the dilemma down, the options, the principles at "
    "stake, the decision, its reasons, who took it and when."
)


def completeness(plan):
    stats = Requirement.objects.filter(plan=plan).aggregate(
        total=Count("id"),
        data_protection=Count("id", filter=Q(category="data_protection")),
        unassessed=Count("id", filter=Q(status=RequirementStatus.TO_ASSESS)),
        without_review=Count(
            "id",
            filter=Q(next_review__isnull=True) & ~Q(status=RequirementStatus.NOT_APPLICABLE),
        ),
    )
    has_data = PersonalDataRecord.objects.filter(plan=plan).exists()
    missing, done = [], 0
    if stats["data_protection"]:
        done += 1
    else:
        missing.append(_("List at least one data protection requirement."))
    if stats["total"] and not stats["unassessed"]:
        done += 1
    else:
        missing.append(_("Assess every requirement of the checklist."))
    if stats["total"] and not stats["without_review"]:
        done += 1
    else:
        missing.append(_("Give every applicable requirement a next review date."))
    if has_data:
        done += 1
    else:
        missing.append(_("Describe the personal data the intervention uses, if any."))
    return Completeness(done=done, total=4, missing=tuple(missing))


DEMO_DETAILS = {
    "gdpr-register": (
        RequirementStatus.COMPLIANT,
        "The register below lists the three processings of the project.",
        "Register reviewed by the city's data protection officer",
        "Data protection officer",
    ),
    "gdpr-legal-basis": (
        RequirementStatus.COMPLIANT,
        "Public task for traffic data; consent for the parents' survey and photographs.",
        "Opinion of the legal department",
        "Data protection officer",
    ),
    "safety-traffic-orders": (
        RequirementStatus.IN_PROGRESS,
        "The 30 km/h zone order is drafted; it goes to the council next month.",
        "Draft municipal order",
        "Traffic engineering unit",
    ),
    "safety-volunteers-insurance": (
        RequirementStatus.NOT_COMPLIANT,
        "The city's policy does not yet cover walking-bus volunteers.",
        "",
        "Risk and insurance officer",
    ),
    "gdpr-information": (
        RequirementStatus.COMPLIANT,
        "Every survey form and the volunteers' sign-up form carry a short privacy notice.",
        "Privacy notice, version of the parent survey",
        "Data protection officer",
    ),
    "gdpr-minimisation": (
        RequirementStatus.COMPLIANT,
        "The survey asks for school and class only; retention periods are set in the register.",
        "Personal data register",
        "Data protection officer",
    ),
    "gdpr-dpia": (
        RequirementStatus.IN_PROGRESS,
        "Injury reports are sensitive: a short impact assessment is being written with the police.",
        "Draft impact assessment",
        "Data protection officer",
    ),
    "procurement": (
        RequirementStatus.COMPLIANT,
        "The works go through the city's open tender; small purchases follow the purchasing guide.",
        "Tender notice for the raised crossings",
        "Purchasing department",
    ),
    "accessibility": (
        RequirementStatus.IN_PROGRESS,
        "Raised crossings have tactile paving; the route maps get a text version.",
        "Crossing design drawings",
        "Traffic engineering unit",
    ),
    "safety-cctv": (
        RequirementStatus.NOT_APPLICABLE,
        "No cameras: the steering committee chose radar without images.",
        "Steering committee decision",
        "Project coordinator",
    ),
    "safety-road-signs": (
        RequirementStatus.COMPLIANT,
        "Only regulatory signs and markings are used, checked by the traffic engineer.",
        "Signage plan",
        "Traffic engineering unit",
    ),
    "health-data-hosting": (
        RequirementStatus.COMPLIANT,
        "Survey and screening data are hosted by the agency's certified provider.",
        "Hosting contract and certificate",
        "Data protection officer",
    ),
    "health-confidentiality": (
        RequirementStatus.IN_PROGRESS,
        "Field workers sign a confidentiality charter before their first visit.",
        "Confidentiality charter",
        "Programme lead",
    ),
    "health-ethics-committee": (
        RequirementStatus.NOT_APPLICABLE,
        "The programme is a public-health service, not research on people.",
        "Opinion of the regional ethics committee's secretary",
        "Programme lead",
    ),
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
        "days": -25,
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
        "days": None,
    },
]


def demo(plan, *, size, user, rng):
    from plans.inline import item_create, item_update

    from .services import requirements_add_starters

    today = timezone.localdate()
    keys = {key for key, _c, _t in starters_for(plan.sector)}
    for requirement in requirements_add_starters(plan=plan, keys=keys, user=user):
        details = DEMO_DETAILS.get(requirement.starter_key)
        data = {"next_review": today + datetime.timedelta(days=rng.randint(20, 180))}
        if details:
            status, how, evidence, owner = details
            data.update(status=status, how_we_comply=how, evidence=evidence, owner=owner)
        item_update(instance=requirement, data=data, expected_version=1, user=user)
    extra = 40 if size == "large" else 1
    for i in range(extra):
        item_create(
            plan=plan,
            model=Requirement,
            data={
                "requirement": "Keep a record of speed checks for the council"
                + (f" ({i})" if i else ""),
                "category": "local_law",
                "how_we_comply": "Monthly summary sent to the council's mobility committee.",
                "owner": "Traffic engineering unit",
                "status": RequirementStatus.IN_PROGRESS,
                "next_review": today + datetime.timedelta(days=60 + i),
            },
            user=user,
        )
    records = [
        item_create(plan=plan, model=PersonalDataRecord, data=data, user=user) for data in DEMO_DATA
    ]
    consents = [
        (
            "Parents of Elm School pupils",
            ConsentMethod.PARENTAL,
            -40,
            "Signed forms filed at Elm School office, binder “Safer routes 2026”",
            212,
            records[0],
        ),
        (
            "Walking-bus volunteers",
            ConsentMethod.ELECTRONIC,
            -20,
            "Sign-up form archive in the project's shared drive",
            23,
            records[1],
        ),
    ]
    for group, method, days, reference, count, record in consents * (10 if size == "large" else 1):
        item_create(
            plan=plan,
            model=ConsentRecord,
            data={
                "group": group,
                "method": method,
                "date": today + datetime.timedelta(days=days),
                "document_reference": reference,
                "count": count,
                "processing": record,
            },
            user=user,
        )
    for spec in DEMO_ISSUES * (10 if size == "large" else 1):
        data = {k: v for k, v in spec.items() if k != "days"}
        data["decided_on"] = (
            today + datetime.timedelta(days=spec["days"]) if spec["days"] is not None else None
        )
        item_create(plan=plan, model=EthicalIssue, data=data, user=user)


section = Section(
    key="compliance",
    title=_("Legal & ethical compliance"),
    order=100,
    guidance=GUIDANCE,
    url_name="compliance:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="compliance/document.html",
    models=(Requirement, PersonalDataRecord, ConsentRecord, EthicalIssue),
    demo=demo,
)
