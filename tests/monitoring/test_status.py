import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

from monitoring.charts import kpi_chart_svg
from monitoring.models import Direction, Frequency, add_period
from monitoring.status import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, compute_status

D = datetime.date


def kpi(**changes):
    values = {
        "direction": Direction.HIGHER,
        "baseline_value": Decimal("0"),
        "baseline_date": D(2026, 1, 1),
        "target_value": Decimal("100"),
        "target_date": D(2027, 1, 1),
        "frequency": Frequency.MONTHLY,
    }
    values.update(changes)
    return SimpleNamespace(**values)


def m(date, value):
    return SimpleNamespace(date=date, value=Decimal(str(value)))


def test_a_kpi_without_measurements_has_no_data():
    status = compute_status(kpi(), [], [], D(2026, 1, 15))
    assert status.code == NO_DATA and not status.overdue


def test_a_kpi_on_its_path_is_on_track():
    points = [m(D(2026, month, 1), (month - 1) * 8.4) for month in range(2, 7)]
    assert compute_status(kpi(), points, [], D(2026, 6, 10)).code == ON_TRACK


def test_a_kpi_lagging_a_little_is_at_risk():
    points = [m(D(2026, 6, 1), 28)]  # expected about 41
    assert compute_status(kpi(), points, [], D(2026, 6, 10)).code == AT_RISK


def test_a_kpi_far_behind_with_a_flat_trend_is_off_track():
    points = [m(D(2026, month, 1), 5) for month in range(2, 8)]
    assert compute_status(kpi(), points, [], D(2026, 7, 10)).code == OFF_TRACK


def test_lower_is_better_is_judged_the_other_way_round():
    lower = kpi(direction=Direction.LOWER, baseline_value=Decimal("100"), target_value=Decimal(0))
    points = [m(D(2026, month, 1), 100 - (month - 1) * 8.4) for month in range(2, 7)]
    assert compute_status(lower, points, [], D(2026, 6, 10)).code == ON_TRACK
    rising = [m(D(2026, month, 1), 100 + month) for month in range(2, 7)]
    assert compute_status(lower, rising, [], D(2026, 6, 10)).code == OFF_TRACK


def test_a_milestone_bends_the_expected_path():
    milestones = [m(D(2026, 7, 1), 20)]  # a slow start is planned
    points = [m(D(2026, 6, 1), 17)]
    assert compute_status(kpi(), points, milestones, D(2026, 6, 10)).code == ON_TRACK
    assert compute_status(kpi(), points, [], D(2026, 6, 10)).code != ON_TRACK


def test_an_overdue_measurement_is_flagged_and_never_on_track():
    points = [m(D(2026, month, 1), (month - 1) * 8.4) for month in range(2, 7)]
    status = compute_status(kpi(), points, [], D(2026, 8, 15))
    assert status.overdue and status.next_due == D(2026, 7, 1)
    assert status.code == AT_RISK
    assert any("was due on 2026-07-01" in str(r) for r in status.reasons)


def test_a_kpi_without_data_is_overdue_one_period_after_its_baseline():
    status = compute_status(kpi(), [], [], D(2026, 3, 1))
    assert status.code == NO_DATA and status.overdue


def test_periods_clamp_to_the_end_of_the_month():
    assert add_period(D(2026, 1, 31), Frequency.MONTHLY) == D(2026, 2, 28)
    assert add_period(D(2026, 11, 30), Frequency.QUARTERLY) == D(2027, 2, 28)
    assert add_period(D(2026, 1, 1), Frequency.WEEKLY) == D(2026, 1, 8)


def test_the_chart_is_accessible_and_escapes_names():
    svg = kpi_chart_svg(
        {
            "id": 1,
            "name": "<b>Speed</b>",
            "unit": "km/h",
            "baseline_value": "42",
            "baseline_date": "2026-01-01",
            "target_value": "30",
            "target_date": "2027-01-01",
            "milestones": [{"date": "2026-07-01", "value": "36", "label": ""}],
            "measurements": [{"date": "2026-02-01", "value": "41", "note": ""}],
        }
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "&lt;b&gt;Speed&lt;/b&gt;" in svg and "<b>" not in svg
    assert "<polygon" in svg  # the milestone
    plot = re.sub(
        r'<g class="legend">.*?</g>', "", str(svg), flags=re.S
    )  # the legend's marks aside
    assert plot.count("<circle") == 2  # the target and one measurement


def test_an_empty_chart_says_so():
    svg = kpi_chart_svg({"id": 2, "name": "New", "milestones": [], "measurements": []})
    assert "No baseline, target or measurement yet." in svg
