"""Who is calling the API: a personal token (`Authorization: Bearer im_…`, models/api_tokens.py), its rate limit,
and the project it may reach with which rights.

A token acts as its user: the project check is the site's own (permissions.get_project_for_user), so a token
never grants more than the user's membership; on top of that a read-only token never writes and a token made for
one project reaches no other (404, as for an outsider).
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from ...models import ApiToken
from ...permissions import READ, WRITE, get_project_for_user


class RateLimited(Exception):
    """More requests in this window than API_RATE_LIMIT allows; retry_after in seconds."""

    def __init__(self, retry_after):
        super().__init__(
            _("Te veel verzoeken met deze sleutel; probeer het over %(s)d seconden opnieuw.") % {"s": retry_after}
        )
        self.retry_after = retry_after


def check_rate(token, now=None):
    """A fixed window per token in Django's cache (shared by every app server when REDIS_URL is set): at most
    API_RATE_LIMIT requests per API_RATE_WINDOW seconds, else RateLimited until the window ends."""
    window, limit = settings.API_RATE_WINDOW, settings.API_RATE_LIMIT
    now = time.time() if now is None else now
    started = int(now // window) * window
    key, cache = f"api-rate:{token.pk}:{started}", caches[settings.API_RATE_CACHE]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr: this request opens the window
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise RateLimited(max(1, int(started + window - now + 0.999)))


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.for_secret(token.strip())
        if found is None:
            return None
        check_rate(found)
        found.note_use()
        request.user = found.user  # the permission helper and the history read the user from the request
        return found


def project_for(request, slug, need=READ):
    """(project, membership) for the token's user, as the site's views get them; a token of another project
    gets 404, a read-only token asking to write 403."""
    token = request.auth
    if token.project_id and token.project.slug != slug:
        raise Http404(_("Dit project bestaat niet, of deze sleutel geeft er geen toegang toe."))
    project, membership = get_project_for_user(request, slug, need=need)
    if need != READ and not token.can_write:
        raise PermissionDenied(_("Deze API-sleutel mag alleen lezen; maak een sleutel voor lezen en schrijven."))
    return project, membership


__all__ = ["READ", "WRITE", "RateLimited", "TokenAuth", "check_rate", "project_for"]
