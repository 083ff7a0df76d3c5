"""Fitting text into server-drawn SVG charts.

SVG does not wrap or clip text by itself, and the server cannot measure it, so charts estimate
the width of a label from per-character widths of DejaVu Sans (the document's font, and one
of the widest common sans-serif fonts, so the estimate is generous in browsers too), then
shorten it with an ellipsis. The full text belongs in the element's ``<title>``.
"""

NARROW = set("ijlI.,:;'!|`")
SEMI = set('frt()[]{} -/\\"')
WIDE = set("mwMW@%")
ELLIPSIS = "…"
BOLD_FACTOR = 1.1


def _char_width(char):
    if char in NARROW:
        return 0.30
    if char in SEMI:
        return 0.40
    if char in WIDE:
        return 0.96
    if char.isupper():
        return 0.74
    if char.isdigit():
        return 0.64
    return 0.62


def text_width(text, font_size, *, bold=False):
    """The estimated width of ``text`` in user units at ``font_size``."""
    width = sum(_char_width(c) for c in str(text)) * font_size
    return width * BOLD_FACTOR if bold else width


def fit_text(text, max_width, font_size, *, bold=False):
    """``text``, shortened with an ellipsis so that its estimated width is at most
    ``max_width``."""
    text = str(text)
    if text_width(text, font_size, bold=bold) <= max_width:
        return text
    budget = max_width - text_width(ELLIPSIS, font_size, bold=bold)
    kept = []
    used = 0.0
    for char in text:
        width = _char_width(char) * font_size * (BOLD_FACTOR if bold else 1)
        if used + width > budget:
            break
        kept.append(char)
        used += width
    return "".join(kept).rstrip() + ELLIPSIS


def wrap_text(text, max_width, font_size, *, bold=False, lines=2):
    """``text`` in at most ``lines`` lines of at most ``max_width`` each, broken between words
    (a word wider than a line is cut); the last line ends with an ellipsis when text is left."""
    words = str(text).split()
    out = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", font_size, bold=bold) <= max_width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:  # the rest does not fit: the last line is cut with an ellipsis
        out[-1] = f"{out[-1]} {' '.join(words)}"
    return [fit_text(line, max_width, font_size, bold=bold) for line in out] or [""]
