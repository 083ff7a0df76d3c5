"""An iCalendar (RFC 5545) feed of a plan's tasks and milestones, written with ``icalendar``.

All-day events: a task runs from its start date to the day after its due date (DTEND is
exclusive); a milestone is one day. Texts are the planners' own: a control character (a lone
carriage return pasted from another program, a NUL) has no place in an iCalendar TEXT value
(RFC 5545, 3.3.11: "TSAFE-CHAR"), so line breaks become one newline and other controls go;
icalendar then escapes and folds. A date no calendar could hold (before 1900 or after 2200,
``plans/dates.py``; rows written before the bound) leaves its event out, not the feed.
"""

import datetime
import re
import unicodedata

from django.utils import timezone
from icalendar import Calendar, Event

from plans.dates import in_bounds

from .charts import as_date

_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


def clean_text(text):
    """``text`` with its line breaks as "\\n" and no other control character."""
    text = _LINE_BREAKS.sub("\n", str(text or ""))
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))


def _event(uid, stamp, first, last, summary, description, url=""):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + datetime.timedelta(days=1))
    event.add("summary", clean_text(summary))
    event.add("description", clean_text(description))
    if url:
        event.add("url", url)
    return event


def calendar(*, name, tasks, milestones, host="planner", url=""):
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//Planner//Action plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean_text(name))
    for t in tasks:
        start, due = as_date(t.get("start_date")), as_date(t.get("due_date"))
        if not (start or due):
            continue
        start = start or due
        due = due or start
        if not (in_bounds(start) and in_bounds(due)):
            continue
        cal.add_component(
            _event(
                f"task-{t['id']}@{host}",
                stamp,
                start,
                due,
                t["title"],
                t.get("summary", ""),
                url,
            )
        )
    for m in milestones:
        day = as_date(m.get("date"))
        if not day or not in_bounds(day):
            continue
        cal.add_component(
            _event(
                f"milestone-{m['id']}@{host}",
                stamp,
                day,
                day,
                "◆ " + str(m["title"]),
                m.get("description", ""),
            )
        )
    return cal.to_ical().decode("utf-8")
