from django import template

from notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user):
    """The number of unread notifications of the signed-in person (one query)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_count(user)
