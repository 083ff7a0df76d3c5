"""Amounts stay in their cell: a budget in the thousands of billions, in French and in English,
prints every amount whole, on one line, inside its column, and the budget charts show their
labels and amounts whole."""

import re
from decimal import Decimal

import pytest

from documents.rendering import document_html, render_pdf
from plans.versions import version_publish
from resources import charts
from resources.models import Category
from tests.documents.pdf_layout import open_pdf, words, words_by_cell
from tests.plans.factories import MembershipFactory, PlanFactory
from tests.resources.factories import BudgetLineFactory, ResourcesSettingsFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

HUGE = Decimal("52000000000000.00")  # 52 000 000 000 000,00: a national programme, in CAD
LINES = [
    (Category.PERSONNEL, "Salaries of the national programme", HUGE, Decimal("5207900000000.55")),
    (Category.EQUIPMENT, "Vehicles", Decimal("999999999999.99"), Decimal("1")),
    (Category.SERVICES, "Consulting and evaluation", Decimal("1234567890123.45"), None),
]
# An amount as a cell prints it: "52 000 000 000 000,00 CAD", "CAD 52,000,000,000,000.00".
AMOUNT = re.compile(r"^(CAD )?\d{1,3}([ ,]\d{3})*[.,]\d{2}( CAD)?$")
PT = 0.75  # the chart's user unit (a CSS px) in points
PLANNED = (0.619608, 0.772549, 0.996078)  # the planned bars' #9ec5fe, as the PDF gives it
PLANNED_COLOUR = (0.619608, 0.772549, 0.996078)  # #9ec5fe, as the PDF gives it


@pytest.fixture(params=["fr", "en"])
def rendered(request):
    plan = PlanFactory(language=request.param)
    owner = MembershipFactory(plan=plan, role="owner").user
    ResourcesSettingsFactory(plan=plan, currency="CAD", budget_ceiling=HUGE * 2)
    TeamMemberFactory(plan=plan, cost_rate=Decimal("1250000000.00"))
    for category, description, amount, spent in LINES:
        BudgetLineFactory(
            plan=plan,
            category=category,
            description=description,
            amount=amount,
            committed=amount,
            spent=spent,
            currency="CAD",
            funding_source="Federal programme",
        )
    html = document_html(version_publish(plan=plan, user=owner))
    with open_pdf(render_pdf(html).content) as pdf:
        yield {"html": html, "pages": pdf.pages}


def text_of(cell_words):
    return " ".join(w["text"] for w in sorted(cell_words, key=lambda w: (w["top"], w["x0"])))


def test_no_word_crosses_the_right_edge_of_its_cell(rendered):
    amounts = 0
    for number, page in enumerate(rendered["pages"], start=1):
        for cell, found in words_by_cell(page).items():
            for word in found:
                assert word["x1"] <= cell[2] + 0.5, (number, word["text"], text_of(found))
            amounts += bool(AMOUNT.match(text_of(found)))
    # The team's rate, 12 by category (with the totals), 3 by source, 8 on the budget lines.
    assert amounts >= 24, "the budget tables' amounts were not found in their cells"


def test_no_amount_is_split_over_two_lines(rendered):
    for number, page in enumerate(rendered["pages"], start=1):
        for found in words_by_cell(page).values():
            text = text_of(found)
            if AMOUNT.match(text) or "CAD" in text.split():
                lines = {round(w["top"]) for w in found}
                assert len(lines) == 1, (number, text)


def test_the_totals_are_printed_whole(rendered):
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in rendered["pages"]))
    total = sum(amount for _c, _d, amount, _s in LINES)
    whole, cents = f"{total:.2f}".split(".")
    french = f"{int(whole):,}".replace(",", " ") + f",{cents} CAD"
    english = f"CAD {total:,.2f}"
    assert french in text or english in text


def charts_on(page):
    """Each budget chart on ``page`` as ``(left, right, top, bottom)``: found by its planned
    bars (the legend's swatch is smaller), rows one after the other."""
    bars = sorted(
        (r for r in page.rects if r.get("non_stroking_color") == PLANNED and r["height"] > 15),
        key=lambda r: r["top"],
    )
    groups = []
    for bar in bars:
        if groups and bar["top"] - groups[-1][-1]["bottom"] < charts.ROW * PT:
            groups[-1].append(bar)
        else:
            groups.append([bar])
    for group in groups:
        left = min(r["x0"] for r in group) - charts.LABEL_W * PT
        yield left, left + charts.WIDTH * PT, group[0]["top"], group[-1]["bottom"]


def test_the_budget_charts_keep_their_labels_and_amounts_inside(rendered):
    """In the PDF, clipped text is still there, outside the chart: every word of a chart's
    rows lies between its left and right sides."""
    checked = 0
    for page in rendered["pages"]:
        for left, right, top, bottom in charts_on(page):
            for word in words(page):
                if top - 2 <= word["top"] and word["bottom"] <= bottom + 2:
                    assert left - 0.5 <= word["x0"] and word["x1"] <= right + 0.5, word["text"]
                    checked += 1
    assert checked >= 6, "the budget charts were not found"
