"""Every item form the phase apps declare (the subclasses of ``PlanItemForm``), for the tests
that walk them all: numbers read by the parser, everything entered printed."""

import importlib

from django.apps import apps

from plans.sections.forms import PlanItemForm


def item_form_classes():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.forms")
        except ImportError:
            continue

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [
        form_class
        for form_class in dict.fromkeys(subclasses(PlanItemForm))
        if getattr(form_class, "_meta", None) is not None and form_class._meta.model is not None
    ]
