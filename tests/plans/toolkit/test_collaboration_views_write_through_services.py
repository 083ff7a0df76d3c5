"""The collaboration apps' views write only through their services (validation, transaction,
history user and notifications in one place): no model write in a view module."""

import ast
import importlib
import inspect

import pytest

WRITES = {"save", "delete", "bulk_create", "bulk_update", "update_or_create", "get_or_create"}
MODULES = [
    "discussions.views",
    "approvals.views",
    "approvals.outside",
    "history.views",
    "notifications.views",
]


def writes_in(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, receiver = node.func.attr, node.func.value
        manager = isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
        queryset = isinstance(receiver, ast.Call)  # Model.objects.filter(...).update(...)
        if (
            name in WRITES
            or (name == "create" and manager)
            or (name in {"update", "create"} and queryset)
        ):
            found.append(f"line {node.lineno}: .{name}()")
    return found


@pytest.mark.parametrize("module", MODULES)
def test_the_views_call_services_for_every_write(module):
    source = inspect.getsource(importlib.import_module(module))
    assert writes_in(source) == []


def test_the_check_finds_a_write_in_a_view():
    source = (
        "def view(request):\n"
        "    Notification.objects.filter(recipient=request.user).update(read_at=None)\n"
        "    Thread.objects.create(plan=None)\n"
        "    thread.save()\n"
    )
    assert writes_in(source) == ["line 2: .update()", "line 3: .create()", "line 4: .save()"]
