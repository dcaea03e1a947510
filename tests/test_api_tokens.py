"""Personal API tokens: the account page (views/tokens.py), their history, and the rate limit per token."""

import datetime

from api_client import make_token
from django.core.cache import caches
from django.utils import timezone

from interviews.models import Action, ApiToken, Interview, Scope
from interviews.views.api.auth import RateLimited, check_rate

PAGE = "/account/api-sleutels/"


def _form(**more):
    return {
        "name": "R-script",
        "scope": "read",
        "expires": str(timezone.localdate() + datetime.timedelta(days=30)),
        **more,
    }


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, project, coder):
    client.force_login(coder)
    response = client.post(PAGE, _form(scope="write", project=project.pk))
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert secret.startswith("im_") and secret.encode() in response.content
    assert token.key_hash != secret and token.scope == Scope.WRITE and token.project == project
    again = client.get(PAGE)
    assert secret.encode() not in again.content and b"R-script" in again.content and b"nog nooit" in again.content


def test_making_and_revoking_a_token_is_in_the_history_of_each_project_it_reaches(client, project, owner):
    second = project.__class__.create_for(owner, "Tweede", slug="tweede")
    client.force_login(owner)
    client.post(PAGE, _form())  # all projects
    token = ApiToken.objects.get()
    made = Action.objects.filter(subject="token", verb="create")
    assert {a.project_id for a in made} == {project.pk, second.pk}
    assert made.first().label == "R-script" and made.first().source == "browser"
    response = client.post(f"{PAGE}{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Action.objects.filter(subject="token", verb="revoke").count() == 2
    assert client.post(f"{PAGE}{token.pk}/intrekken/").status_code == 404  # already revoked


def test_nobody_revokes_anothers_token(client, project, owner, coder):
    token, _ = make_token(owner)
    client.force_login(coder)
    assert client.post(f"{PAGE}{token.pk}/intrekken/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_bad_input_on_the_token_page_gets_a_dutch_message_and_no_token(client, project, coder, outsider):
    client.force_login(coder)
    other = project.__class__.create_for(outsider, "Ander", slug="ander")
    for data in [
        _form(name=""),
        _form(name="x" * 101),
        _form(scope="admin"),
        _form(expires="2020-01-01"),
        _form(expires=str(timezone.localdate() + datetime.timedelta(days=400))),
        _form(expires="morgen"),
        _form(project=other.pk),  # a project the coder is not in
    ]:
        response = client.post(PAGE, data)
        assert response.status_code == 400, data
    assert not ApiToken.objects.exists()
    assert "een jaar vooruit" in client.post(PAGE, _form(expires="2020-01-01")).content.decode()


def test_the_expiry_field_offers_an_iso_date_and_the_list_shows_the_last_valid_day(client, project, coder):
    """A date input shows only an ISO date (a Dutch 6-3-2027 left it empty); a token valid through a day expires at
    the midnight after it, and the list names the day chosen."""
    client.force_login(coder)
    default = timezone.localdate() + datetime.timedelta(days=90)
    assert f'value="{default.isoformat()}"'.encode() in client.get(PAGE).content
    chosen = timezone.localdate() + datetime.timedelta(days=10)
    client.post(PAGE, _form(expires=str(chosen)))
    token = ApiToken.objects.get()
    assert token.last_day == chosen and timezone.localtime(token.expires_at).date() == chosen + datetime.timedelta(
        days=1
    )


def test_the_token_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_too_many_requests_get_429_with_retry_after(client, project, viewer, settings):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW = 3, 3600
    caches["api"].clear()
    token, secret = make_token(viewer)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    statuses = [client.get(f"/api/v1/projects/{project.slug}", **header).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"/api/v1/projects/{project.slug}", **header)
    assert 1 <= int(refused["Retry-After"]) <= 3600 and "Te veel verzoeken" in refused.json()["error"]
    other = make_token(viewer)[1]  # the limit is per token
    assert client.get(f"/api/v1/projects/{project.slug}", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200


def test_the_window_is_fixed_and_a_new_one_starts_afresh(settings, viewer):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW = 2, 60
    caches["api"].clear()
    token, _ = make_token(viewer)
    check_rate(token, now=120.0)
    check_rate(token, now=150.0)
    try:
        check_rate(token, now=170.5)
        raise AssertionError("the third request in the window passed")
    except RateLimited as limited:
        assert limited.retry_after == 10
    check_rate(token, now=180.0)  # the next window


def test_a_token_of_a_user_who_is_no_longer_active_stops_working(client, project, viewer):
    _, secret = make_token(viewer)
    viewer.is_active = False
    viewer.save()
    assert client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_members_token_follows_a_role_change(client, project, interview, coder):
    _, secret = make_token(coder)
    project.memberships.filter(user=coder).update(role="viewer")
    body = {"passages": [{"interview": interview.pk, "start": 0, "end": 5, "themes": []}]}
    url = f"/api/v1/projects/{project.slug}/passages"
    response = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403
    assert Interview.objects.count() == 1
