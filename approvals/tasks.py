from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from discussions.models import ReviewLink


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_review_link_email(link_id):
    """E-mail a reviewer link to its person, in the plan's language (not when withdrawn)."""
    from .links import link_sections, link_url

    link = ReviewLink.objects.select_related("plan", "created_by").filter(pk=link_id).first()
    if link is None or link.revoked_at is not None:
        return
    with translation.override(link.plan.language):
        context = {
            "link": link,
            "url": link_url(link),
            "sections": [str(s.title) for s in link_sections(link)],
            "whole_plan": not link.section_key,
        }
        subject = render_to_string("approvals/email/review_link_subject.txt", context).strip()
        body = render_to_string("approvals/email/review_link.txt", context)
    send_mail(subject, body, None, [link.email])
