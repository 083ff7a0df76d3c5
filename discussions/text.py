"""Markdown in comments, sanitised on the server: a comment can never run a script or add markup.

A mention is written ``@`` and a plan member's name (``@Claire Martin``), as the autocomplete
inserts it; ``@email`` of a member is read too (comments written before names were). The comment
keeps its text as written and the people it mentions as references (``Comment.mentions``).
"""

import re

import markdown
import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr", "del", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
MENTION_RE = re.compile(r"(?<![\w.+-])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
# A tag of the sanitised HTML, its quoted attribute values included (they may hold ``>``).
TAG_RE = re.compile(r"""<(?:[^"'>]|"[^"]*"|'[^']*')*>""")


def mentioned_emails(body):
    """The e-mail addresses mentioned in ``body``, lower-cased, in order, without repeats."""
    seen = []
    for match in MENTION_RE.finditer(body or ""):
        email = match.group(1).rstrip(".").lower()
        if email not in seen:
            seen.append(email)
    return seen


def _name_pattern(names):
    """``@`` and one of ``names`` (longest first, any case), not inside a word or address and
    not followed by more of a word."""
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w.+-])@({alternatives})(?![\w])", re.IGNORECASE)


def find_mentions(body, people):
    """The people of ``people`` (members: ``.name``, ``.email``) that ``body`` mentions, in
    order, without repeats: ``[(person, as_written)]``. A name two of them share is returned
    as ``(None, name)``: the caller asks which one."""
    body = body or ""
    by_email = {p.email.lower(): p for p in people if p.email}
    by_name = {}
    for person in people:
        by_name.setdefault(person.name.casefold(), []).append(person)
    found = []
    for match in MENTION_RE.finditer(body):
        email = match.group(1).rstrip(".").lower()
        found.append((match.start(), by_email.get(email), email))
    pattern = _name_pattern(p.name for p in people)
    if pattern is not None:
        for match in pattern.finditer(body):
            same = by_name.get(match.group(1).casefold(), [])
            found.append((match.start(), same[0] if len(same) == 1 else None, match.group(1)))
    result, seen = [], set()
    for _start, person, written in sorted(found, key=lambda f: f[0]):
        key = person.pk if person is not None else ("?", written.casefold())
        if key not in seen:
            seen.add(key)
            result.append((person, written))
    return result


def render_markdown(body, mentioned=None, names=None):
    """``body`` as safe HTML; ``mentioned`` maps e-mail -> display name of members mentioned
    by address, ``names`` the names of members mentioned by name."""
    html = markdown.markdown(body or "", extensions=["fenced_code", "tables", "sane_lists"])
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    name_pattern = _name_pattern(escape(n) for n in (names or ()))
    if mentioned or name_pattern is not None:
        mentioned = mentioned or {}

        def by_name(match):
            return f'<span class="mention">@{match.group(1)}</span>'

        def replace(match):
            email = match.group(1).rstrip(".").lower()
            name = mentioned.get(email)
            if name is None:
                return match.group(0)
            tail = match.group(1)[len(email) :]
            return f'<span class="mention" title="{escape(email)}">@{escape(name)}</span>{tail}'

        # Mentions become markup in text only: one inside an attribute (a link's address or
        # title) stays as written, or its quotes would break out of the attribute.
        def text(segment):
            segment = MENTION_RE.sub(replace, segment)
            if name_pattern is not None:
                # Only in text outside the spans just made (a name inside an address was
                # replaced with it).
                parts = re.split(r"(<span class=\"mention\"[^>]*>[^<]*</span>)", segment)
                segment = "".join(
                    p if p.startswith("<span") else name_pattern.sub(by_name, p) for p in parts
                )
            return segment

        pieces, last = [], 0
        for tag in TAG_RE.finditer(html):
            pieces += [text(html[last : tag.start()]), tag.group(0)]
            last = tag.end()
        pieces.append(text(html[last:]))
        html = "".join(pieces)
    return html
