"""The action plan takes over the links between tasks and resources.

Budget lines and allocations used to point at the task they were for (``BudgetLine.task``,
``Allocation.task``); the tasks now hold them (``Task.budget_lines``, ``Task.allocations``),
so resources no longer depends on actions. This copies every link, then gives each task
history row the links the task had at that moment, rebuilt from the budget lines' and
allocations' own history (which held the links until now):

- a deletion row gets the links as of the deletion;
- any other row the links just before the task's next change: a task edit that chose its
  budget lines saved the task first, then the lines, so the links belong to that edit;
- the newest row of a live task gets its links as they are now.

It runs before ``resources.0003_remove_task_links`` drops the old columns; the resources
migrations do not depend on actions for it (``run_before`` points from here).
"""

from django.db import migrations

LINKS = (
    # Task field, resources model, column of the link in the m2m tables
    ("budget_lines", "BudgetLine", "budgetline_id"),
    ("allocations", "Allocation", "allocation_id"),
)


def _spans(rows):
    """``{task_id: [(line_id, starts, ends)]}`` from one model's history, oldest first.

    A row holds from its date until the item's next row; a deletion ends the item.
    """
    by_item = {}
    for item_id, date, kind, task_id in rows:
        by_item.setdefault(item_id, []).append((date, kind, task_id))
    spans = {}
    for item_id, changes in by_item.items():
        for n, (date, kind, task_id) in enumerate(changes):
            if kind == "-" or task_id is None:
                continue
            ends = changes[n + 1][0] if n + 1 < len(changes) else None
            spans.setdefault(task_id, []).append((item_id, date, ends))
    return spans


def _linked(spans, moment, *, inclusive):
    """The items linked at ``moment``: as of it (inclusive) or just before it."""
    found = set()
    for item_id, starts, ends in spans:
        if inclusive:
            if starts <= moment and (ends is None or moment < ends):
                found.add(item_id)
        elif starts < moment and (ends is None or moment <= ends):
            found.add(item_id)
    return found


def forwards(apps, schema_editor):
    Task = apps.get_model("actions", "Task")
    HistoricalTask = apps.get_model("actions", "HistoricalTask")
    task_rows = {}
    for history_id, task_id, date, kind in HistoricalTask.objects.order_by(
        "history_date", "history_id"
    ).values_list("history_id", "id", "history_date", "history_type"):
        task_rows.setdefault(task_id, []).append((history_id, date, kind))
    live = set(Task.objects.values_list("id", flat=True))
    for name, model_name, column in LINKS:
        Item = apps.get_model("resources", model_name)
        ItemHistory = apps.get_model("resources", f"Historical{model_name}")
        through = Task._meta.get_field(name).remote_field.through
        M2MHistory = apps.get_model("actions", f"HistoricalTask_{name}")
        current = {}
        for item_id, task_id in Item.objects.filter(task__isnull=False).values_list("id", "task_id"):
            current.setdefault(task_id, set()).add(item_id)
        through.objects.bulk_create(
            [
                through(task_id=task_id, **{column: item_id})
                for task_id, items in current.items()
                for item_id in sorted(items)
            ],
            batch_size=1000,
        )
        # History rows name the link row they copy; a link gone since has none (0).
        link_ids = {
            (task_id, item_id): pk
            for pk, task_id, item_id in through.objects.values_list("id", "task_id", column)
        }
        spans = _spans(
            ItemHistory.objects.order_by("history_date", "history_id").values_list(
                "id", "history_date", "history_type", "task_id"
            )
        )
        rows = []
        for task_id, history in task_rows.items():
            for n, (history_id, date, kind) in enumerate(history):
                if kind == "-":
                    items = _linked(spans.get(task_id, ()), date, inclusive=True)
                elif n + 1 < len(history):
                    items = _linked(spans.get(task_id, ()), history[n + 1][1], inclusive=False)
                elif task_id in live:
                    items = current.get(task_id, set())
                else:
                    items = _linked(spans.get(task_id, ()), date, inclusive=True)
                rows += [
                    M2MHistory(
                        id=link_ids.get((task_id, item_id), 0),
                        history_id=history_id,
                        task_id=task_id,
                        **{column: item_id},
                    )
                    for item_id in sorted(items)
                ]
        M2MHistory.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    """Back to one task per line or allocation: the first task that holds it."""
    Task = apps.get_model("actions", "Task")
    for name, model_name, column in LINKS:
        Item = apps.get_model("resources", model_name)
        through = Task._meta.get_field(name).remote_field.through
        first = {}
        for task_id, item_id in through.objects.order_by("task_id").values_list(
            "task_id", column
        ):
            first.setdefault(item_id, task_id)
        items = list(Item.objects.filter(pk__in=first))
        for item in items:
            item.task_id = first[item.pk]
        Item.objects.bulk_update(items, ["task"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_task_budget_lines_allocations"),
    ]
    run_before = [
        ("resources", "0003_remove_task_links"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
