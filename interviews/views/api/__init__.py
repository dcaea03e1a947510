"""The REST API under /api/v1/: tokens, the project's data as JSON, and codings written back (issue 21).

Built with django-ninja rather than Django REST framework: its endpoints are plain functions with type hints, like
our function-based views (a permission helper first, one call, an answer), where DRF would bring viewsets,
serializers and routers alongside them; the pydantic schemas it validates with are the OpenAPI schema it serves
(/api/v1/openapi.json) and the documentation page it draws (/api/v1/docs), so neither can drift from the code; and
it is small and well kept (1.x, Django 5.2 supported).

Versioned by its path: a change that would break a client gets /api/v2/, and v1 stays while clients use it.
Every answer is JSON (an export streams CSV or JSON lines); every error is {"error": "<Dutch message>"}: 401 without
a usable token, 404 for a project the token does not reach, 403 for a role or token that may not write, 422 for
input that does not fit the schema, 429 with Retry-After when a token sends too many requests.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import exports, memos, passages, reads
from .auth import RateLimited, TokenAuth

api = NinjaAPI(
    title="Interview Monitor API",
    version="1",
    description=(
        "Lees de projecten waarin u lid bent als JSON en schrijf coderingen terug. Elk verzoek draagt een "
        "persoonlijke API-sleutel (Authorization: Bearer im_…), te maken onder API-sleutels in de app."
    ),
    auth=TokenAuth(),
    urls_namespace="interviews:api",
)
api.add_router("", reads.router)
api.add_router("", exports.router)
api.add_router("", passages.router)
api.add_router("", memos.router)


def _error(request, message, status, **headers):
    response = api.create_response(request, {"error": str(message)}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, error):
    message = _(
        "Geen geldige API-sleutel: stuur Authorization: Bearer <sleutel>. "
        "Een ingetrokken of verlopen sleutel werkt niet meer."
    )
    return _error(request, message, 401, **{"WWW-Authenticate": "Bearer"})


@api.exception_handler(RateLimited)
def rate_limited(request, error):
    return _error(request, error, 429, **{"Retry-After": str(error.retry_after)})


@api.exception_handler(Http404)
def not_found(request, error):
    return _error(request, str(error) or _("Niet gevonden."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return _error(request, str(error) or _("Dit mag u niet."), 403)


@api.exception_handler(reads.FilterError)
def bad_filter(request, error):
    return _error(request, _("Een filter klopt niet: %(errors)s") % {"errors": error}, 400)


@api.exception_handler(ValidationError)
def invalid(request, error):
    """Input that does not fit the schema: a Dutch summary and, per field, where it is and what is wrong. An id
    in the path that no row can have (not a number, or past the largest) is simply not found."""
    if any(e.get("loc", ("",))[0] == "path" for e in error.errors):
        return _error(request, _("Niet gevonden."), 404)
    where = "; ".join(".".join(str(part) for part in e.get("loc", ())) + f": {e.get('msg', '')}" for e in error.errors)
    response = api.create_response(
        request,
        {
            "error": _("De invoer klopt niet; er is niets opgeslagen. %(where)s") % {"where": where},
            "detail": error.errors,
        },
        status=422,
    )
    return response


@api.exception_handler(HttpError)
def http_error(request, error):
    return _error(request, str(error), error.status_code)
