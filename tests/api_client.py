"""Tokens and requests for the API tests: bearer(user) makes a token and gives the header the test client sends."""

import datetime

from django.utils import timezone

from interviews.models import ApiToken, Scope


def make_token(user, scope=Scope.WRITE, project=None, days=30, name="script"):
    """(token, secret) of a new token of `user`."""
    return ApiToken.issue(user, name, scope, project, timezone.now() + datetime.timedelta(days=days))


def bearer(user, **options):
    """The test client's keyword for a new token of `user`: client.get(url, **bearer(user))."""
    return {"HTTP_AUTHORIZATION": f"Bearer {make_token(user, **options)[1]}"}
