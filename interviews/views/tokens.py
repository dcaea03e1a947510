"""The account's personal API tokens: create one (its secret shown once), see when each was last used, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.tokens import TokenForm, record_token
from ..models import ApiToken


@login_required
def token_list(request):
    form = TokenForm(request.user, request.POST if request.method == "POST" else None)
    secret = None
    if form.is_valid():
        token, secret = form.save()
        messages.success(request, _("API-sleutel “%(name)s” gemaakt.") % {"name": token.name})
        form = TokenForm(request.user)
    tokens = ApiToken.objects.of(request.user).select_related("project")
    context = {"form": form, "tokens": tokens, "secret": secret}
    return render(request, "interviews/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request, token_id):
    token = get_object_or_404(ApiToken.objects.of(request.user), pk=token_id, revoked_at=None)
    with transaction.atomic():
        token.revoke()
        record_token(token, "revoke")
    messages.success(request, _("API-sleutel “%(name)s” ingetrokken; hij werkt niet meer.") % {"name": token.name})
    return redirect("interviews:token_list")
