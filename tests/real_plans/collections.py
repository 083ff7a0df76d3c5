"""The item lists and one-object edits the app declares, by ``<app>:<name>``."""

import functools
import importlib

from django.apps import apps

from plans.sections.collection import InlineCollection
from plans.sections.singleton import InlineSingleton


@functools.cache
def declared():
    found = {}
    for config in apps.get_app_configs():
        for module_name in ("views", "stakeholders_views"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ImportError:
                continue
            for value in vars(module).values():
                if isinstance(value, (InlineCollection, InlineSingleton)):
                    found[f"{config.name}:{value.name}"] = value
    return found


def collection(key):
    return declared()[key]
