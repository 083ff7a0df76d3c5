"""Markdown in comments, sanitised on the server: a comment can never run a script or add markup.

Mentions are written ``@email`` of a plan member; the autocomplete inserts them.
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


def render_markdown(body, mentioned=None):
    """``body`` as safe HTML; ``mentioned`` maps e-mail -> display name of members mentioned."""
    html = markdown.markdown(body or "", extensions=["fenced_code", "tables", "sane_lists"])
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    if mentioned:

        def replace(match):
            email = match.group(1).rstrip(".").lower()
            name = mentioned.get(email)
            if name is None:
                return match.group(0)
            tail = match.group(1)[len(email) :]
            return f'<span class="mention" title="{escape(email)}">@{escape(name)}</span>{tail}'

        # Mentions become markup in text only: one inside an attribute (a link's address or
        # title) stays as written, or its quotes would break out of the attribute.
        pieces, last = [], 0
        for tag in TAG_RE.finditer(html):
            pieces += [MENTION_RE.sub(replace, html[last : tag.start()]), tag.group(0)]
            last = tag.end()
        pieces.append(MENTION_RE.sub(replace, html[last:]))
        html = "".join(pieces)
    return html
