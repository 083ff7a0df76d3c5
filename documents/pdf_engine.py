"""A fix to the PDF writer under WeasyPrint, installed before every render (``install``).

pydyf's ``PDF.page_references`` builds the tuple of every page's reference each time it is
read, and WeasyPrint's tagging pass (``pdf_tags``, which the document uses) reads it once per
tagged box: on the large demo plan, 66,000 reads of a 272-item tuple, 18 million references
built, about 6 % of the whole render, and a cost that grows with boxes x pages (twice the plan,
four times the cost). The fix keeps the tuple until a page is added (pages are only ever
appended, by ``add_page``), so each read is a lookup. The bytes written are the same.
"""

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


def install():
    """Replace the property once; left alone if pydyf no longer has it as this module knows
    it (a newer release may have fixed it another way)."""
    if isinstance(_ORIGINAL, property) and pydyf.PDF.__dict__.get("page_references") is _ORIGINAL:
        pydyf.PDF.page_references = property(_page_references, doc=_ORIGINAL.__doc__)
    return pydyf.PDF.__dict__.get("page_references") is not _ORIGINAL


def original_page_references(pdf):
    """What pydyf itself gives (for the tests)."""
    return _ORIGINAL.fget(pdf)
