"""Values read from a request, parsed in one place: a malformed value is refused (400, or the
form with its error) or read as absent, never passed on to the database to fail there (a 500).

PostgreSQL refuses a NUL byte in any text and an integer beyond its column's range ("bigint
out of range" for an OFFSET); ``str.isdigit()`` takes "²" and "١", which ``int()`` reads or
refuses unpredictably. Every integer a view takes from the query string or a form goes
through ``parse_int`` (or one of its names below); NUL bytes never reach a view at all
(``planner.middleware.RejectMalformedInputMiddleware``).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INT_MAX = 2**31 - 1  # PostgreSQL's integer (a version counter, a position)
BIGINT_MAX = 2**63 - 1  # bigint: the primary keys (BigAutoField)
# The last page a paginated view draws: far beyond any plan, and page × size fits any column.
MAX_PAGE = 100_000
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")

BAD_VERSION = _(
    "This form was changed on the way or comes from an old page: reload the page and try again."
)


def has_nul(text):
    return isinstance(text, str) and "\x00" in text


def parse_int(raw, *, default=None, minimum=0, maximum=INT_MAX):
    """``raw`` (text from a request, or an int) as an int within ``[minimum, maximum]``;
    ``default`` for anything else: empty, not plain ASCII digits, or out of range."""
    if isinstance(raw, bool):
        return default
    if isinstance(raw, int):
        value = raw
    else:
        text = raw.strip() if isinstance(raw, str) else ""
        if not _ASCII_DIGITS.fullmatch(text):
            return default
        value = int(text)
    return value if minimum <= value <= maximum else default


def parse_id(raw):
    """A primary key from the query string or a form: an int a bigint column can hold, or
    None (the caller treats None as "no such object": 404, or the filter ignored)."""
    return parse_int(raw, minimum=1, maximum=BIGINT_MAX)


def page_number(raw):
    """``?page=``: 1 when absent or malformed, at most ``MAX_PAGE`` (an empty page)."""
    value = parse_int(raw, default=1, minimum=1, maximum=BIGINT_MAX)
    return min(value, MAX_PAGE)


def parse_version(raw):
    """The version a form's save is based on: None when absent (the caller decides: a stale
    save), an int, or a ValidationError for a value no page ever sent."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = parse_int(raw, maximum=INT_MAX)
    if value is None:
        raise ValidationError(BAD_VERSION, code="bad_version")
    return value


def local_url(raw, *, host):
    """``raw`` when it is a path of this site ("/plans/…?x=1"), else "": never another host or
    scheme, and never a bare word, which ``redirect()`` would try to reverse as a URL name and
    fail with NoReverseMatch (a 500) — ``?next=abc``."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if not isinstance(raw, str) or not raw.startswith("/") or raw.startswith("//"):
        return ""
    if "\\" in raw or has_nul(raw):
        return ""
    return raw if url_has_allowed_host_and_scheme(raw, allowed_hosts={host}) else ""
