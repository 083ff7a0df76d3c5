from django import template

register = template.Library()


@register.simple_tag
def inline_url(c, action, item=None):
    """The URL of an inline collection's action (add, row, edit, delete, move)."""
    return c["collection"].url(action, c["plan"], item.pk if item is not None else None)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dictionary lookup with a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)
