"""A list of items as CSV, from its item type's declaration (names, choice labels, dates)."""

import csv
import io

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.formats import get_format

from .registry import registry


def list_csv(section_key, model, items):
    """``items`` (of ``model``, in the section ``section_key``) as CSV text, with a BOM so that
    a spreadsheet opens it as UTF-8."""
    section = registry.get(section_key)
    item_type = next(i for i in section.items if i.model is model)
    keys = [k for k in item_type.fields if _field(model, k) is not None]
    comma = get_format("DECIMAL_SEPARATOR", translation.get_language()) == ","
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if comma else ",")
    writer.writerow([item_type.label(k) for k in keys])
    for row in item_type.rows(items):
        writer.writerow([_cell(model, k, row, item_type, comma) for k in keys])
    return out.getvalue()


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a declared key that is not a field (computed)
        return None


def _cell(model, key, row, item_type, comma):
    value = row.get(key)
    if value is None or value == "":
        return item_type.display(key, value)  # "not yet rated" where the declaration says so
    f = _field(model, key)
    if isinstance(f, (models.DecimalField, models.FloatField)):
        return str(value).replace(".", ",") if comma else str(value)
    if getattr(f, "choices", None) and f"{key}_label" in row:
        return row[f"{key}_label"]
    return item_type.display(key, value)
