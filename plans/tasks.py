from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id):
    from .services import invitation_token

    invitation = (
        Invitation.objects.select_related("plan", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_pending:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "plans:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )
    with translation.override(invitation.plan.language):
        context = {
            "invitation": invitation,
            "link": link,
            "days": settings.INVITATION_MAX_AGE_DAYS,
        }
        subject = render_to_string("plans/email/invitation_subject.txt", context).strip()
        body = render_to_string("plans/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
