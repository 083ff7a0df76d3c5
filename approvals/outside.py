"""The page a reviewer link opens, for a person without an account (``approvals/links.py``).

It shows only what the link reaches: its section (or, for the whole plan, one section at a
time) as it will print, what changed since its last approval, the discussions on it, a comment
form and, when the link allows, the decision. Nothing links from it into the plan's own pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from discussions.selectors import threads as discussion_threads
from plans.concurrency import apply_validation_error
from plans.history import section_token

from . import links, selectors
from .forms import DecisionForm, OutsideCommentForm
from .models import Decision


def _headers(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def outside(request, token):
    try:
        link = links.link_from_token(token)
    except links.LinkGone as gone:
        ctx = {"reason": gone.reason, "link": gone.link}
        return _headers(render(request, "approvals/outside_gone.html", ctx, status=410))
    if link is None:
        raise Http404
    try:
        links.link_use(link)
    except links.LinkThrottled:
        ctx = {"reason": _("Too many requests through this link: wait a minute, then reload.")}
        return _headers(render(request, "approvals/outside_gone.html", ctx, status=429))
    plan, sections = link.plan, links.link_sections(link)
    if not sections:
        raise Http404
    key = request.POST.get("section") or request.GET.get("section") or sections[0].key
    if not links.link_reaches(link, key):
        raise Http404
    here = reverse("approvals:outside", kwargs={"token": token}) + f"?section={key}"
    state = selectors.section_state(plan, key)
    comment_form = OutsideCommentForm(prefix="c")
    decision_form = DecisionForm(initial={"seen": section_token(state.last_change)})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "comment":
            comment_form = OutsideCommentForm(request.POST, prefix="c")
            form, write = (
                comment_form,
                lambda d: links.link_comment(link=link, section_key=key, body=d["body"]),
            )
            done = _("Your comment has been sent. Thank you.")
        elif action == "decide" and link.may_decide:
            decision_form = DecisionForm(request.POST)
            form, write = (
                decision_form,
                lambda d: links.link_decide(
                    link=link,
                    section_key=key,
                    decision=d["decision"],
                    comment=d["comment"],
                    seen=d["seen"],
                ),
            )
            done = None
        else:
            raise Http404
        if form.is_valid():
            try:
                result = write(form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if done is None:
                    done = (
                        _("You approved the section. Thank you.")
                        if result.decision == Decision.APPROVED
                        else _("You asked for changes. Thank you.")
                    )
                messages.success(request, done)
                return redirect(here)
        status = 400
        state = selectors.section_state(plan, key)
        decision_form.data = decision_form.data.copy() if decision_form.is_bound else {}
        if decision_form.is_bound:
            decision_form.data["seen"] = section_token(state.last_change)
    ctx = {
        "link": link,
        "plan": plan,
        "sections": sections,
        "section": next(s for s in sections if s.key == key),
        "state": state,
        "screen": selectors.review_screen(plan, key),
        "threads": discussion_threads(plan, section_key=key, status="all"),
        "comment_form": comment_form,
        "decision_form": decision_form,
        "token": token,
    }
    ctx["s"] = ctx["screen"].diff
    return _headers(render(request, "approvals/outside.html", ctx, status=status))
