"""Progress of a long export or import, reported to a callback ``progress(done, total)``.

The writers and readers (``plan_export``, ``plan_workbook``, ``plan_import``) take the callback
and call it a bounded number of times: every ``EVERY`` items and once at the end, so a job can
record it as it goes without a write per item.
"""

EVERY = 50


class Progress:
    def __init__(self, callback, total, *, offset=0, scale=1):
        # ``offset``/``scale``: a part of a longer job (the workbook writes its rows after the
        # plan file's export, each half of its progress).
        self.callback, self.total, self.offset, self.scale = callback, total, offset, scale
        self.done = self.told = 0

    def step(self, count=1):
        self.done += count
        if self.callback is not None and self.done - self.told >= EVERY:
            self._tell()

    def finish(self):
        if self.callback is not None:
            self.done = max(self.done, self.total or 0)
            self._tell()

    def _tell(self):
        self.told = self.done
        self.callback(self.offset + self.done, self.scale * (self.total or self.done))


def plan_item_count(plan):
    """How many items the plan file of ``plan`` holds: one query, whatever the sections."""
    from .plan_file import item_models

    querysets = [model.objects.filter(plan=plan).order_by().values("pk") for model in item_models()]
    if not querysets:
        return 0
    first, *others = querysets
    return first.union(*others, all=True).count()


def file_row_count(data):
    """How many item rows a plan file (as ``parse`` returns it) holds."""
    return sum(len(rows) for rows in data.get("items", {}).values() if isinstance(rows, list))
