"""A person's own notifications: the inbox and how each kind is e-mailed (not plan-scoped)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.inputs import parse_id

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification, NotificationPreference


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    ctx = {
        "notifications": selectors.inbox(request.user, unread_only=unread_only),
        "unread_only": unread_only,
        "unread": selectors.unread_count(request.user),
    }
    return render(request, "notifications/inbox.html", ctx)


@login_required
@require_http_methods(["POST"])
def inbox_read(request):
    value = request.POST.get("id")
    if value:
        notification_id = parse_id(value)
        if notification_id is not None:  # a malformed id marks nothing
            services.mark_read(user=request.user, notification_id=notification_id)
    else:
        services.mark_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        services.mark_read(user=request.user, notification_id=notification.pk)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "delivery")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
