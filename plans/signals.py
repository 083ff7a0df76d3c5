"""Events that other apps react to without the sender knowing them.

``plan_event`` is sent when something happens in a plan that people may want to hear about
(a review requested, a document ready...). Notifications (notifications/) listen to it.

    plan_event.send(sender=..., plan=plan, kind="export_ready", actor=user,
                    recipients=[user, ...], context={"document_id": 3, "url": "/..."})
"""

from django.dispatch import Signal

plan_event = Signal()
