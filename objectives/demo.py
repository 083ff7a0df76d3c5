"""Demo content of the objectives section: goals of a school-route safety plan, its scope."""

import datetime
from decimal import Decimal

from plans.demo import demo_count
from plans.sections.items import item_create

from .models import Goal, Scope

DEMO_GOALS = [
    {
        "statement": "Halve the number of children injured on the way to school",
        "specific_outcome": "Fewer road injuries among pupils of the four Riverside primary "
        "schools between 7:30 and 9:00 and between 16:00 and 17:30.",
        "metric": "Pupils injured per school year (police and hospital records)",
        "baseline": Decimal("14"),
        "target": Decimal("7"),
        "unit": "injuries",
        "achievable_rationale": "Comparable districts that combined 30 km/h zones with "
        "supervised crossings cut injuries by 40 to 60 % within two years.",
        "relevance": "Answers the first need identified with parents and the police.",
        "days": 600,
    },
    {
        "statement": "Double the share of pupils who walk or cycle to school",
        "specific_outcome": "More children travel actively, which lowers traffic at the gates.",
        "metric": "Share of pupils arriving on foot or by bike (annual hands-up survey)",
        "baseline": Decimal("31"),
        "target": Decimal("60"),
        "unit": "%",
        "achievable_rationale": "Walking buses run by volunteers already work at Elm School.",
        "relevance": "Less car traffic makes the routes safer for everyone.",
        "days": 650,
    },
    {
        "statement": "Every school crossing supervised at peak times",
        "specific_outcome": "",
        "metric": "Crossings with a trained supervisor at both peaks",
        "baseline": Decimal("3"),
        "target": Decimal("12"),
        "unit": "crossings",
        "achievable_rationale": "",
        "relevance": "",
        "days": 300,
    },
]


def demo(plan, *, size, user, rng):
    # Each demo goal answers one demo need, and each copy of it in the large plan the same
    # need (the assessments demo runs first).
    Need = Goal._meta.get_field("need").related_model
    needs = list(Need.objects.filter(plan=plan).order_by("position", "id")[: len(DEMO_GOALS)])
    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    goals = list(DEMO_GOALS)
    goals += [
        {
            **DEMO_GOALS[i % 3],
            "statement": f"{DEMO_GOALS[i % 3]['statement']} (area {i})",
            "days": 100 + i * 5,
        }
        for i in range(demo_count(size, 40, len(DEMO_GOALS)))
    ]
    for n, spec in enumerate(goals):
        data = {k: v for k, v in spec.items() if k != "days"}
        data["target_date"] = start + datetime.timedelta(days=spec["days"])
        data["need"] = needs[n % len(needs)] if needs else None
        item_create(plan=plan, model=Goal, data=data, user=user)
    item_create(
        plan=plan,
        model=Scope,
        data={
            "in_scope": "Routes within 800 m of the four primary schools\n"
            "Morning and afternoon school runs\nPupils, parents and crossing supervisors",
            "out_of_scope": "Secondary schools\nSchool transport by bus\n"
            "Road works on the ring road",
            "target_population": "Pupils aged 5 to 11 of the four Riverside primary schools "
            "and the adults who accompany them.",
            "population_size": 1850,
            "geographic_areas": "Riverside north\nRiverside south\nCanal Street corridor",
            "areas_of_impact": "Road safety\nActive travel and children's health\nAir quality",
            "overlaps": "The regional 'Clean Air Schools' programme measures pollution at two "
            "of the schools; we share its counts and avoid duplicate surveys.",
        },
        user=user,
    )
