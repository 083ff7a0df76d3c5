"""An iCalendar (RFC 5545) feed of a plan's tasks and milestones, written by hand.

All-day events: a task runs from its start date to the day after its due date (DTEND is
exclusive); a milestone is one day.
"""

import datetime

from django.utils import timezone

from .charts import as_date


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _day(value):
    return as_date(value).strftime("%Y%m%d")


def calendar(*, name, tasks, milestones, host="planner", url=""):
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Planner//Action plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for t in tasks:
        start, due = as_date(t.get("start_date")), as_date(t.get("due_date"))
        if not (start or due):
            continue
        start = start or due
        due = due or start
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{t['id']}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(start)}",
            f"DTEND;VALUE=DATE:{_day(due + datetime.timedelta(days=1))}",
            f"SUMMARY:{_escape(t['title'])}",
            f"DESCRIPTION:{_escape(t.get('summary', ''))}",
            *([f"URL:{url}"] if url else []),
            "END:VEVENT",
        ]
    for m in milestones:
        day = as_date(m.get("date"))
        if not day:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:milestone-{m['id']}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(day)}",
            f"DTEND;VALUE=DATE:{_day(day + datetime.timedelta(days=1))}",
            f"SUMMARY:{_escape('◆ ' + m['title'])}",
            f"DESCRIPTION:{_escape(m.get('description', ''))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
