"""Finding 3: login throttling. After LOGIN_FAILURE_LIMIT wrong passwords a user name (and an address) is locked
out for the cool-off, even with the right password; other users keep logging in; after the cool-off it works."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.utils import timezone

LOGIN = "/accounts/login/"
PASSWORD = "juist-wachtwoord-42"
LOCKED = "Te veel mislukte pogingen; probeer het over 15 minuten opnieuw."


@pytest.fixture
def ada(db):
    return User.objects.create_user("ada", password=PASSWORD)


@pytest.fixture
def bob(db):
    return User.objects.create_user("bob", password=PASSWORD)


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="10.0.0.1"):
    return [attempt(client, username, "fout", address).status_code for _ in range(times)]


def logged_in(client):
    return "_auth_user_id" in client.session


def test_the_limit_and_cool_off_come_from_the_settings(settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


def test_nine_wrong_passwords_still_leave_the_right_one_working(client, ada):
    assert fail(client, "ada", 9) == [200] * 9
    response = attempt(client, "ada", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_eleventh_attempt_is_refused_even_with_the_right_password(client, ada):
    assert fail(client, "ada", 10) == [200] * 9 + [429]
    response = attempt(client, "ada", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert LOCKED in page
    assert 'name="password"' in page  # the login page itself, not a bare error


def test_a_lockout_by_name_holds_from_another_address(client, ada):
    fail(client, "ada", 10, address="10.0.0.1")
    assert attempt(client, "ada", PASSWORD, address="10.9.9.9").status_code == 429


def test_another_user_still_logs_in_while_one_name_is_locked(client, ada, bob):
    for address in [f"10.0.0.{n}" for n in range(1, 11)]:  # spread over addresses: only the name's count fills
        fail(client, "ada", 1, address=address)
    assert attempt(client, "ada", PASSWORD, address="10.0.1.1").status_code == 429
    response = attempt(client, "bob", PASSWORD, address="10.0.1.1")
    assert response.status_code == 302 and logged_in(client)


def test_an_address_guessing_many_names_is_locked_out(client, ada, bob):
    for n in range(10):
        attempt(client, f"gebruiker{n}", "fout", address="10.6.6.6")
    assert attempt(client, "bob", PASSWORD, address="10.6.6.6").status_code == 429
    assert attempt(client, "bob", PASSWORD, address="10.7.7.7").status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client, ada):
    fail(client, "ada", 10)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, "ada", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_clears_the_names_failures(client, ada):
    fail(client, "ada", 9)
    attempt(client, "ada", PASSWORD)
    client.logout()
    assert fail(client, "ada", 9) == [200] * 9


def test_behind_a_proxy_the_forwarded_address_is_counted(client, ada, bob, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for n in range(10):
        client.post(LOGIN, {"username": f"x{n}", "password": "fout"}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    # every request reaches the app from the proxy (127.0.0.1), yet another client is not locked out
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302
    response = client.post(LOGIN, {"username": "ada", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.status_code == 429


def test_the_test_clients_login_is_not_throttled(client, ada):
    """client.login() has no request: the throttle leaves it to the password check (no lockout, no error)."""
    assert client.login(username="ada", password=PASSWORD)
    assert not client.login(username="ada", password="fout")
