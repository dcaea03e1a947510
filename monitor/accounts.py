"""Logging in and resetting a password: the login page with throttling (django-axes), and the password-reset pages,
which exist only when mail can be sent (settings: EMAIL_HOST)."""

import logging
from functools import wraps

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.mail import get_connection
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out user name or address before the password is checked (no hash spent on it).

    A login without a request (the shell, a management command, the test client's login()) comes from someone
    already on the server: there is no address to count, so it is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request):
    """The address failed logins are counted for. Behind a TLS proxy (BEHIND_TLS_PROXY=1) every request comes from
    the proxy, so the address the proxy appended to X-Forwarded-For is the client's (the last one: the earlier ones
    the client may have written itself)."""
    forwarded = (
        request.META.get("HTTP_X_FORWARDED_FOR", "") if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) else ""
    )
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """The login page again, with the lockout said in Dutch, as 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "locked_out_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


def login(request):
    context = {"password_reset": settings.PASSWORD_RESET_BY_MAIL}
    return auth_views.LoginView.as_view(extra_context=context)(request)


def _only_with_mail(view):
    """Without a mail server a reset could never arrive: the pages do not exist (404)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_MAIL:
            raise Http404(_("Wachtwoord herstellen per e-mail staat uit: vraag de beheerder om een nieuw wachtwoord."))
        return view(request, *args, **kwargs)

    return guarded


class _PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        """Reach the mail server first, for every address alike: Django itself logs a failed send and shows "sent"
        anyway (so the page does not tell which addresses have an account); an unreachable or misconfigured server
        is said here instead, the same for every address."""
        try:
            with get_connection():  # opens the connection: connect, TLS and login to the SMTP server
                pass
        except OSError:  # smtplib.SMTPException and every connection error
            logger.exception("Password-reset mail could not be sent: the mail server is not reachable")
            form.add_error(
                None, _("De e-mail kon niet worden verstuurd. Probeer het later opnieuw of vraag de beheerder.")
            )
            response = self.form_invalid(form)
            response.status_code = 503
            return response
        return super().form_valid(form)


password_reset = _only_with_mail(_PasswordResetView.as_view())
password_reset_done = _only_with_mail(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = _only_with_mail(auth_views.PasswordResetConfirmView.as_view())
password_reset_complete = _only_with_mail(auth_views.PasswordResetCompleteView.as_view())
