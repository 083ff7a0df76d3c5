"""Every allocation describes its work before the action plan takes over the task links.

An allocation could name its task and leave the work blank; the link to tasks now belongs to
the action plan (``Task.allocations``), so the allocation keeps the task's title as its work
and reads on its own (a deleted task no longer leaves an allocation saying nothing). Each
filled allocation gets a history row that says why.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Work described from its task (tasks now hold the link)"


def forwards(apps, schema_editor):
    Allocation = apps.get_model("resources", "Allocation")
    HistoricalAllocation = apps.get_model("resources", "HistoricalAllocation")
    blank = list(Allocation.objects.filter(label="", task__isnull=False).select_related("task"))
    for allocation in blank:
        allocation.label = allocation.task.title[:200]
    Allocation.objects.bulk_update(blank, ["label"], batch_size=1000)
    copied = [
        f.attname
        for f in HistoricalAllocation._meta.concrete_fields
        if not f.name.startswith("history_") and f.name != "id"
    ]
    now = timezone.now()
    HistoricalAllocation.objects.bulk_create(
        [
            HistoricalAllocation(
                id=allocation.pk,
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
                **{name: getattr(allocation, name) for name in copied},
            )
            for allocation in blank
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
