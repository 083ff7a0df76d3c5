"""Seven fixes under WeasyPrint, installed before every render (``install``), and the render
run with the garbage collector paused (``collector_paused``, the eighth).

1. pydyf's page references (the PDF writer).

pydyf's ``PDF.page_references`` builds the tuple of every page's reference each time it is
read, and WeasyPrint's tagging pass (``pdf_tags``, which the document uses) reads it once per
tagged box: on the large demo plan, 66,000 reads of a 272-item tuple, 18 million references
built, about 6 % of the whole render, and a cost that grows with boxes x pages (twice the plan,
four times the cost). The fix keeps the tuple until a page is added (pages are only ever
appended, by ``add_page``), so each read is a lookup. The bytes written are the same.

2. WeasyPrint's SVG text (``weasyprint.svg.text.text``, version 70): each ``<text>`` or
``<tspan>`` is laid out and drawn one letter at a time, a Pango layout per letter, so that a
letter can have its own ``x``, ``y``, ``dx``, ``dy`` or ``rotate``. The document's charts
never position single letters: on the large demo plan, 17,000 letters in 1,300 labels, about
half of the charts' drawing. ``_svg_text`` lays such a run out once, as one line, and draws
it in one go; any node that positions letters (more than one value in ``x``, ``y``, ``dx``
or ``dy``, a ``rotate``, ``textLength``, ``letter-spacing``, right-to-left, a line break) is
handed to WeasyPrint's own function. Letters drawn one by one are shaped alone, without
kerning or ligatures: the run is shaped without them too, so each letter keeps the advance,
hence the place, it had (tested against WeasyPrint's own drawing).

3. A page's content stream written as soon as the page is drawn (``_paint``): WeasyPrint keeps
every page's drawing operators, a list of small bytes and strings per page, until the whole
file is written, after the tagging pass; the large plan's 267 pages held about 40 MB of them
at the render's peak. Once the page is drawn, nothing adds to its stream, so its bytes (the
ones pydyf writes, compression included) are made then, and the list let go. The file is
byte for byte the same (tested).

4. The laid-out pages let go once the tagging pass has read them (``_add_tags``), for a
document that asks for it (``release_boxes_after_tags``, set by ``render_pdf``): WeasyPrint
keeps every page's boxes until the document object goes, so they live on while the file is
written, the last step of the render and its peak (about 55 MB on the large plan). Nothing
after the tagging pass reads them; the document keeps its pages (their size, their count),
not their boxes. The file is byte for byte the same (tested).

5. Pseudo-element styles computed only for the elements that can have the pseudo-element
(``_set_computed_styles``): WeasyPrint's own stylesheet styles ``::marker``,
``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker`` and
``::note-callback`` for every element, so the cascade computes six styles per element that
nothing reads: WeasyPrint asks for a marker's style only for a list item (or for the
``::before``/``::after`` of an element, which may be one), for the footnote ones only for an
element floated as a footnote, for the note ones only for an element positioned as a note. On
the large plan, 168,000 of the 173,000 styles of the render. Those styles are now computed for
those elements only; the file is byte for byte the same (tested).

6. A box's named-page values found from its first and last children (``_page_values``):
WeasyPrint's ``ParentBox.page_values`` lists every child in the flow to use only the first and
the last, and the block layout asks it of every child on every page it lays out, so each page
walked the long lists of the section it was in again (about 5 % of the large plan's render).
The first and last children in the flow are now found from each end; same values, so the same
file (tested). ``Box.is_in_normal_flow``, asked of every child by the block layout, reads the
box's ``float`` and ``position`` once instead of through five methods (same answers).

7. A text box's Pango context and font description made once per font (``_layout_setup``):
WeasyPrint's ``Layout.setup`` creates a Pango context, a font description and the font
features for every text box it lays out, and again for every one it draws. They depend only
on the font properties, the language and the direction, and Pango copies a description into
each layout and never changes a context after it is set up, so one of each per font serves
every layout of the render (the cache lives on the render's font configuration). The file is
byte for byte the same (tested).

8. No automatic garbage collection while a document renders (``collector_paused``): a render
builds millions of objects that all live until the end (boxes, styles, the tree of the HTML),
and Python's collector, triggered by their number, traverses the growing heap again and again
to find almost nothing: on the large plan 6,300 collections, 18 of them of the whole heap, 13 s
of a 67 s render (``gc.callbacks``). Paused, the render holds as much memory at its peak
(758 MB against 751 MB: what the collector would have found is garbage made in the last
moments, mostly the boxes that fix 4 lets go and collects in one pass). The collector is
resumed, as it was, when the render ends or fails.
"""

import gc
from contextlib import contextmanager
from math import inf

import pydyf

_ORIGINAL = pydyf.PDF.__dict__.get("page_references")


def _page_references(self):
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_planner_page_references")
    if cached is None or cached[0] is not kids or cached[1] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = (kids, len(kids), references)
        self.__dict__["_planner_page_references"] = cached
    return cached[2]


def _install_page_references():
    """Replace the property once; left alone if pydyf no longer has it as this module knows
    it (a newer release may have fixed it another way)."""
    if isinstance(_ORIGINAL, property) and pydyf.PDF.__dict__.get("page_references") is _ORIGINAL:
        pydyf.PDF.page_references = property(_page_references, doc=_ORIGINAL.__doc__)
    return pydyf.PDF.__dict__.get("page_references") is not _ORIGINAL


# The WeasyPrint the SVG text fast path and the early page streams were written against.
SVG_TEXT_VERSION = "70."
_SVG_TEXT_TAGS = ("a", "text", "textPath", "tspan")


def _positions(node, name):
    """The values of a position attribute (``x``, ``y``, ``dx``, ``dy``), as WeasyPrint splits
    them."""
    from weasyprint.svg.utils import normalize

    value = node.attrib.get(name)
    if value is None:
        return []
    return normalize(value).strip().split(" ")


def _is_one_run(svg, node, font_size):
    """Whether ``node`` is drawn as one run: text on one line, no letter positioned alone."""
    text = node.text
    if not text or "\n" in text or node.tag == "textPath":
        return False
    attrib = node.attrib
    if "rotate" in attrib or "textLength" in attrib or node.get("direction") == "rtl":
        return False
    if any(len(_positions(node, name)) > 1 for name in ("x", "y", "dx", "dy")):
        return False
    return not svg.length(node.get("letter-spacing"), font_size)


def _svg_text(svg, node, font_size):
    """WeasyPrint's ``svg.text.text`` for a run without letters of its own (see the module's
    docstring); what it computes (cursor, bounding box, drawing) is what the per-letter loop
    gives for such a run."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    if not _is_one_run(svg, node, font_size):
        return _ORIGINAL_SVG_TEXT(svg, node, font_size)

    # The style, as WeasyPrint builds it.
    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    if weight == "normal":
        weight = 400
    elif weight == "bold":
        weight = 700
    else:
        try:
            weight = int(weight)
        except ValueError:
            weight = 400
    style["font_weight"] = weight
    style["font_size"] = font_size
    if node.get("direction") == "ltr":
        style["direction"] = "ltr"
    # Letters shaped one by one have neither: the run keeps their advances.
    style["font_kerning"] = "none"
    style["font_variant_ligatures"] = "none"

    def first(name, extent):
        values = _positions(node, name)
        return size(values[0], font_size, extent) if values else None

    x = first("x", svg.inner_width)
    y = first("y", svg.inner_height)
    dx = first("dx", svg.inner_width)
    dy = first("dy", svg.inner_height)

    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)

    ascent, descent = font_size * 0.8, font_size * 0.2
    y_align = 0
    display_anchor = node.get("display-anchor")
    alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        y_align = -height / 2
    elif display_anchor == "top":
        pass
    elif display_anchor == "bottom":
        y_align = -height
    elif alignment_baseline in ("central", "middle"):
        y_align = (ascent + descent) / 2 - descent
    elif alignment_baseline in (
        "text-before-edge",
        "before_edge",
        "top",
        "hanging",
        "text-top",
    ):
        y_align = ascent
    elif alignment_baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        y_align = -descent

    # The per-letter loop's first letter, then its cursor after the last one.
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    svg.cursor_d_position[0] += dx or 0
    svg.cursor_d_position[1] += dy or 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + y_align
    points = (
        (x_position, y_position - baseline),
        (x_position + width, y_position - baseline + height),
    )
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = TextBox(layout, style)
    text_box.baseline = baseline
    matrix = Matrix(a=1, d=-1, e=x_position, f=y_position)
    emojis = draw_first_line(svg.stream, text_box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


_ORIGINAL_SVG_TEXT = None


def _install_svg_text():
    """Put ``_svg_text`` where WeasyPrint looks the SVG text function up (its tag table, and
    the name ``draw_node`` compares with); left alone on another WeasyPrint than the one it
    was written against."""
    global _ORIGINAL_SVG_TEXT
    import importlib

    import weasyprint
    import weasyprint.svg as svg_module

    # ``weasyprint.svg.text`` names the function once the package is imported: the module is
    # taken from the import system.
    svg_text_module = importlib.import_module("weasyprint.svg.text")
    if svg_module.text is _svg_text:
        return True
    if not weasyprint.__version__.startswith(SVG_TEXT_VERSION):
        return False
    original = svg_text_module.text
    if svg_module.text is not original or any(
        svg_module.TAGS.get(tag) is not original for tag in _SVG_TEXT_TAGS
    ):
        return False
    _ORIGINAL_SVG_TEXT = original
    svg_module.text = _svg_text
    for tag in _SVG_TEXT_TAGS:
        svg_module.TAGS[tag] = _svg_text
    return True


def uninstall_svg_text():
    """WeasyPrint's own SVG text again (for the tests that compare the two)."""
    import weasyprint.svg as svg_module

    if _ORIGINAL_SVG_TEXT is not None and svg_module.text is _svg_text:
        svg_module.text = _ORIGINAL_SVG_TEXT
        for tag in _SVG_TEXT_TAGS:
            svg_module.TAGS[tag] = _ORIGINAL_SVG_TEXT


# The page drawing and stream class the early writing was written against (version 70).
_ORIGINAL_PAINT = None


def _stream_data(self):
    """The stream's bytes: those made when its page was drawn, else pydyf's."""
    frozen = self.__dict__.get("_planner_data")
    if frozen is not None:
        return frozen
    return pydyf.Stream.data.fget(self)


def _paint(self, stream, scale=1):
    """WeasyPrint's ``Page.paint``, then the page's stream made into its final bytes."""
    _ORIGINAL_PAINT(self, stream, scale)
    freeze_stream(stream)


def freeze_stream(stream):
    """Make ``stream``'s bytes now, as pydyf would when writing the file, and drop its
    operators; nothing may be added to it afterwards."""
    stream.__dict__["_planner_data"] = pydyf.Stream.data.fget(stream)
    stream.stream = []


def _install_early_page_streams():
    global _ORIGINAL_PAINT
    import weasyprint
    import weasyprint.document as document_module
    import weasyprint.pdf.stream as stream_module

    page, stream_class = document_module.Page, stream_module.Stream
    if page.__dict__.get("paint") is _paint:
        return True
    if (
        not weasyprint.__version__.startswith(SVG_TEXT_VERSION)
        or "data" in stream_class.__dict__
        or not isinstance(pydyf.Stream.__dict__.get("data"), property)
    ):
        return False
    _ORIGINAL_PAINT = page.__dict__["paint"]
    stream_class.data = property(_stream_data, doc=pydyf.Stream.data.__doc__)
    page.paint = _paint
    return True


def uninstall_early_page_streams():
    """WeasyPrint's own page drawing again (for the test that compares the two files)."""
    import weasyprint.document as document_module
    import weasyprint.pdf.stream as stream_module

    if _ORIGINAL_PAINT is not None and document_module.Page.__dict__.get("paint") is _paint:
        document_module.Page.paint = _ORIGINAL_PAINT
        del stream_module.Stream.data


_ORIGINAL_ADD_TAGS = None


def _add_tags(pdf, document, *args, **kwargs):
    """WeasyPrint's tagging pass, then the pages' boxes let go (when the document asks)."""
    result = _ORIGINAL_ADD_TAGS(pdf, document, *args, **kwargs)
    if getattr(document, "release_boxes_after_tags", False):
        for page in document.pages:
            page._page_box = None
        # The boxes hold one another in cycles: only the collector frees them, before the
        # file is written.
        gc.collect()
    return result


def _install_release_boxes():
    global _ORIGINAL_ADD_TAGS
    import weasyprint
    import weasyprint.pdf as pdf_module

    if pdf_module.add_tags is _add_tags:
        return True
    if not weasyprint.__version__.startswith(SVG_TEXT_VERSION):
        return False
    from weasyprint.pdf.tags import add_tags

    if pdf_module.add_tags is not add_tags:
        return False
    _ORIGINAL_ADD_TAGS = add_tags
    pdf_module.add_tags = _add_tags
    return True


@contextmanager
def collector_paused():
    """Automatic garbage collection off for the block (fix 8); on again after it, if it was.
    The switch is the process's: where a render runs in a web process (in-process tasks, as
    ``make run`` does), the other threads' cyclic garbage waits for the render's end too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The functions fixes 5 to 7 replace, by (class name, name): put in place by ``_patch``,
# called through ``_original``, put back by ``_unpatch`` (for the tests that compare the files).
_ORIGINALS = {}


def _patch(cls, name, replacement):
    """``replacement`` in place of ``cls.name``, once and only on the WeasyPrint release the
    fix was written for; True when it is in place."""
    import weasyprint

    current = cls.__dict__[name]
    if current is replacement:
        return True
    if not weasyprint.__version__.startswith(SVG_TEXT_VERSION):
        return False
    _ORIGINALS[cls.__name__, name] = current
    setattr(cls, name, replacement)
    return True


def _unpatch(cls, name, replacement):
    if cls.__dict__[name] is replacement:
        setattr(cls, name, _ORIGINALS[cls.__name__, name])


def _original(class_name, name):
    """WeasyPrint's own function that ``_patch`` replaced."""
    return _ORIGINALS[class_name, name]


_FOOTNOTE_PSEUDO = ("footnote-call", "footnote-marker")
_NOTE_PSEUDO = ("note-call", "note-marker", "note-callback")


def _pseudo_is_drawn(style_for, element, pseudo_type):
    """Whether WeasyPrint may ever ask for this pseudo-element's style (fix 5): the tests
    ``formatting_structure.build`` makes before it asks, on the element's own style."""
    style = style_for.get_computed_styles().get((element, None))
    if style is None:
        return True
    if pseudo_type == "marker":
        cascaded = style_for.get_cascaded_styles()
        return (
            "list-item" in style["display"]
            or (element, "before") in cascaded
            or (element, "after") in cascaded
        )
    if pseudo_type in _FOOTNOTE_PSEUDO:
        return style["float"] == "footnote"
    if pseudo_type in _NOTE_PSEUDO:
        return style["position"][0] == "note()"
    return True


def _set_computed_styles(
    self, element, parent, root=None, pseudo_type=None, base_url=None, target_collector=None
):
    if pseudo_type is not None and not _pseudo_is_drawn(self, element, pseudo_type):
        return
    _original("StyleFor", "set_computed_styles")(
        self,
        element,
        parent,
        root=root,
        pseudo_type=pseudo_type,
        base_url=base_url,
        target_collector=target_collector,
    )


def _install_pseudo_styles():
    from weasyprint.css import StyleFor

    return _patch(StyleFor, "set_computed_styles", _set_computed_styles)


def uninstall_pseudo_styles():
    """WeasyPrint's own cascade again (for the test that compares the two files)."""
    from weasyprint.css import StyleFor

    _unpatch(StyleFor, "set_computed_styles", _set_computed_styles)


_FLOATS = ("left", "right", "inline-start", "inline-end")


def _is_in_normal_flow(self):
    """``Box.is_in_normal_flow`` (fix 6): not floated, absolutely positioned, running, a
    footnote or a note, read from the style once."""
    style = self.style
    float_ = style["float"]
    if float_ in _FLOATS or float_ == "footnote":
        return False
    position = style["position"]
    return position not in ("absolute", "fixed") and position[0] not in ("running()", "note()")


def _in_flow(box):
    """In the flow or floated: the children ``page_values`` looks at."""
    style = box.style
    float_ = style["float"]
    if float_ in _FLOATS:
        return True
    if float_ == "footnote":
        return False
    position = style["position"]
    return position not in ("absolute", "fixed") and position[0] not in ("running()", "note()")


def _page_values(self):
    """``ParentBox.page_values`` (fix 6): the values of the box, else of its first and last
    children in the flow (break propagation, css-break-4)."""
    start_value = end_value = self.style["page"]
    first = next((child for child in self.children if _in_flow(child)), None)
    if first is None:
        return start_value, end_value
    last = next(child for child in reversed(self.children) if _in_flow(child))
    if first is last:
        first_start, first_end = first.page_values()
        return first_start or start_value, first_end or end_value
    return (
        first.page_values()[0] or start_value,
        last.page_values()[1] or end_value,
    )


def _install_page_values():
    from weasyprint.formatting_structure.boxes import Box, ParentBox

    pages = _patch(ParentBox, "page_values", _page_values)
    return _patch(Box, "is_in_normal_flow", _is_in_normal_flow) and pages


def uninstall_page_values():
    """WeasyPrint's own page values and flow test again (for the test that compares the
    two files)."""
    from weasyprint.formatting_structure.boxes import Box, ParentBox

    _unpatch(ParentBox, "page_values", _page_values)
    _unpatch(Box, "is_in_normal_flow", _is_in_normal_flow)


# The properties ``Layout.setup`` reads to make the context, the description and the
# features (``text_decoration_line`` is read on each call, as WeasyPrint does).
_FONT_PROPERTIES = (
    "direction",
    "font_language_override",
    "lang",
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_size",
    "font_variant_caps",
    "font_variation_settings",
    "font_kerning",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
)


def _font_setup(style):
    """What WeasyPrint 70's ``Layout.setup`` makes for a font: the context, the language,
    the font description and the font features' attribute (or None)."""
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features, get_font_description

    context = ffi.gc(
        pango.pango_font_map_create_context(style.font_config.font_map), gobject.g_object_unref
    )
    pango.pango_context_set_round_glyph_positions(context, False)
    pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
    override = style["font_language_override"]
    if override != "normal":
        lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(override.lower(), override))
    elif style["lang"]:
        lang_p, lang = unicode_to_char_p(style["lang"])
    else:
        lang = None
        language = pango.pango_language_get_default()
    if lang:
        language = pango.pango_language_from_string(lang_p)
        pango.pango_context_set_language(context, language)
    features = font_features(
        style["font_kerning"],
        style["font_variant_ligatures"],
        style["font_variant_position"],
        style["font_variant_caps"],
        style["font_variant_numeric"],
        style["font_variant_alternates"],
        style["font_variant_east_asian"],
        style["font_feature_settings"],
    )
    attribute = None
    if features:
        features = ",".join(f"{key} {value}" for key, value in features.items()).encode()
        attribute = style.font_config.font_features.setdefault(
            features, pango.pango_attr_font_features_new(features)
        )
    return context, language, get_font_description(style), attribute


def _layout_setup(self, style):
    """``Layout.setup`` (fix 7) with the font's context, description and features made once."""
    try:
        key = tuple(style[name] for name in _FONT_PROPERTIES)
        fonts = style.font_config.__dict__.setdefault("_planner_fonts", {})
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = _font_setup(style)
    except TypeError:  # a value that cannot be a key: WeasyPrint's own way
        return _original("Layout", "setup")(self, style)
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango

    context, language, description, attribute = font
    self.style = style
    self.first_line_direction = 0
    self.language = language
    self.layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, description)
    if style["text_decoration_line"] != "none":
        metrics = ffi.gc(
            pango.pango_context_get_metrics(context, description, language),
            pango.pango_font_metrics_unref,
        )
        self.ascent = FROM_UNITS * pango.pango_font_metrics_get_ascent(metrics)
        self.underline_position = FROM_UNITS * (
            pango.pango_font_metrics_get_underline_position(metrics)
        )
        self.strikethrough_position = FROM_UNITS * (
            pango.pango_font_metrics_get_strikethrough_position(metrics)
        )
        self.underline_thickness = FROM_UNITS * (
            pango.pango_font_metrics_get_underline_thickness(metrics)
        )
        self.strikethrough_thickness = FROM_UNITS * (
            pango.pango_font_metrics_get_strikethrough_thickness(metrics)
        )
    else:
        self.ascent = None
        self.underline_position = None
        self.strikethrough_position = None
    if attribute is not None:
        attributes = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attributes, attribute)
        pango.pango_layout_set_attributes(self.layout, attributes)


def _install_layout_setup():
    from weasyprint.text.line_break import Layout

    return _patch(Layout, "setup", _layout_setup)


def uninstall_layout_setup():
    """WeasyPrint's own layout set-up again (for the test that compares the two files)."""
    from weasyprint.text.line_break import Layout

    _unpatch(Layout, "setup", _layout_setup)


def install():
    """The seven fixes; True when all are in place."""
    references = _install_page_references()
    svg_text = _install_svg_text()
    streams = _install_early_page_streams()
    boxes = _install_release_boxes()
    pseudo = _install_pseudo_styles()
    page_values = _install_page_values()
    layouts = _install_layout_setup()
    return all((references, svg_text, streams, boxes, pseudo, page_values, layouts))


def original_page_references(pdf):
    """What pydyf itself gives (for the tests)."""
    return _ORIGINAL.fget(pdf)
