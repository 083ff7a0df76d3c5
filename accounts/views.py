import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from planner.throttle import digest, within_limit

from .forms import ProfileForm, SignInForm

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, throttled per address and per network address (the shared cache): past
    either limit no e-mail goes, and the page says exactly what it says otherwise, so it tells
    nobody whether an account uses the address or whether the limit was reached."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        ip = get_client_ip_address(self.request) or "unknown"
        per_address = within_limit(
            f"password-reset:address:{digest(email)}",
            limit=settings.PASSWORD_RESETS_PER_ADDRESS,
            window=3600,
        )
        per_ip = within_limit(
            f"password-reset:ip:{digest(ip)}", limit=settings.PASSWORD_RESETS_PER_IP, window=3600
        )
        if per_address and per_ip:
            return super().form_valid(form)
        logger.warning("password reset throttled (%s)", "address" if not per_address else "ip")
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"page_title": gettext_lazy("Change password")}

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)
        messages.success(request, _("Your profile has been saved."))
        response = HttpResponseRedirect(reverse("accounts:profile"))
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Switch the interface language; for a signed-in person, remember it in the profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@login_required
def me(request):
    """Who is signed in: the smallest authenticated page (session and one query)."""
    return JsonResponse(
        {"name": request.user.name, "email": request.user.email, "language": request.user.language}
    )
