from django import template

from ..plan_file import ref

register = template.Library()


@register.filter
def file_id(item):
    """``{{ item|file_id }}``: the item's id in a plan file ("monitoring.lesson-4")."""
    return ref(item)
