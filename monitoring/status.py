"""Where a KPI stands: on track, at risk, off track or without data.

The expected path runs from the baseline through the milestones to the target (straight lines
between them). A KPI is judged on two things: how far its latest value is from that path, and
where the trend of its recent values leads by the target date. A measurement that is overdue
(the last one is older than one period of its frequency) is flagged and never counts as on track.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Direction, add_period

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"

STATUS_LABELS = {
    ON_TRACK: gettext_lazy("On track"),
    AT_RISK: gettext_lazy("At risk"),
    OFF_TRACK: gettext_lazy("Off track"),
    NO_DATA: gettext_lazy("No data"),
}
STATUS_ORDER = [OFF_TRACK, AT_RISK, NO_DATA, ON_TRACK]

# Share of the baseline-to-target distance a KPI may lag behind its path and still be on track,
# and beyond which it is off track.
TOLERANCE = 0.10
OFF_TRACK_GAP = 0.25
TREND_POINTS = 6


@dataclass
class KPIStatus:
    code: str
    reasons: list = field(default_factory=list)
    overdue: bool = False
    next_due: object = None
    expected: float | None = None
    projected: float | None = None

    @property
    def label(self):
        return STATUS_LABELS[self.code]


def expected_on(path, date):
    """The value the path ``[(date, value), ...]`` (sorted by date) expects on ``date``."""
    if date <= path[0][0]:
        return path[0][1]
    for (d0, v0), (d1, v1) in zip(path, path[1:], strict=False):
        if d0 <= date <= d1:
            span = (d1 - d0).days
            return v1 if span == 0 else v0 + (v1 - v0) * (date - d0).days / span
    return path[-1][1]


def trend_projection(points, date):
    """Least-squares line through ``points`` [(date, value)], evaluated on ``date``."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [(d - origin).days for d, _v in points]
    ys = [v for _d, v in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    var = sum((x - mean_x) ** 2 for x in xs)
    if var == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var
    return mean_y + slope * ((date - origin).days - mean_x)


def compute_status(kpi, measurements, milestones, today):
    """The status of ``kpi`` given its measurements and milestones (already loaded)."""
    measurements = sorted(measurements, key=lambda m: m.date)
    if kpi.baseline_date:
        # Values from before the baseline are the KPI's history, not progress.
        measurements = [m for m in measurements if m.date >= kpi.baseline_date]
    last_date = measurements[-1].date if measurements else kpi.baseline_date
    next_due = add_period(last_date, kpi.frequency) if last_date else None
    overdue = next_due is not None and next_due < today
    status = KPIStatus(code=NO_DATA, overdue=overdue, next_due=next_due)
    if overdue:
        status.reasons.append(
            _("A measurement was due on %(date)s and has not been recorded.")
            % {"date": next_due.isoformat()}
        )
    if not measurements:
        status.reasons.insert(0, _("No measurement has been recorded yet."))
        return status
    if None in (kpi.baseline_value, kpi.baseline_date, kpi.target_value, kpi.target_date):
        status.reasons.insert(0, _("Give a baseline and a target to judge the progress."))
        return status

    sign = 1 if kpi.direction == Direction.HIGHER else -1
    baseline, target = float(kpi.baseline_value), float(kpi.target_value)
    span = abs(target - baseline)
    path = [(kpi.baseline_date, baseline)]
    path += [
        (m.date, float(m.value))
        for m in sorted(milestones, key=lambda m: m.date)
        if m.value is not None and kpi.baseline_date < m.date < kpi.target_date
    ]
    path.append((kpi.target_date, target))
    latest = measurements[-1]
    expected = expected_on(path, latest.date)
    gap = (float(latest.value) - expected) * sign / span
    recent = [(m.date, float(m.value)) for m in measurements[-TREND_POINTS:]]
    projected = trend_projection(recent, kpi.target_date)
    projected_gap = None if projected is None else (projected - target) * sign / span
    status.expected, status.projected = expected, projected

    if gap >= -TOLERANCE:
        code = ON_TRACK
        status.reasons.insert(0, _("The latest value is on the expected path."))
        if projected_gap is not None and projected_gap < -OFF_TRACK_GAP:
            code = AT_RISK
            status.reasons.insert(1, _("The recent trend will not reach the target in time."))
    elif gap >= -OFF_TRACK_GAP or (projected_gap is not None and projected_gap >= 0):
        code = AT_RISK
        status.reasons.insert(0, _("The latest value lags behind the expected path."))
    else:
        code = OFF_TRACK
        status.reasons.insert(0, _("The latest value is far behind the expected path."))
    if overdue and code == ON_TRACK:
        code = AT_RISK
    status.code = code
    return status
