"""Finding 10: a password reset exists only when mail can go out (EMAIL_HOST), and a mail that fails says so in
Dutch instead of showing "sent"."""

import re
import smtplib

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

RESET = "/accounts/password_reset/"
FAILED = "De e-mail kon niet worden verstuurd."


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses the connection, as an unreachable or misconfigured one does."""

    def open(self):
        raise smtplib.SMTPConnectError(421, "Service not available")

    def send_messages(self, messages):
        self.open()


@pytest.fixture
def ada(db):
    return User.objects.create_user("ada", email="ada@example.org", password="oud-wachtwoord-42")


@pytest.fixture
def with_mail(settings):
    settings.PASSWORD_RESET_BY_MAIL = True
    return settings


def test_without_mail_the_reset_pages_do_not_exist(client, ada):
    assert client.get(RESET).status_code == 404
    assert client.post(RESET, {"email": ada.email}).status_code == 404
    assert client.get(RESET + "done/").status_code == 404
    assert client.get("/accounts/reset/MQ/set-password/").status_code == 404
    assert client.get("/accounts/reset/done/").status_code == 404
    assert not mail.outbox


def test_without_mail_the_login_page_offers_no_reset(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert RESET not in page and "Wachtwoord vergeten" not in page


def test_with_mail_the_login_page_links_to_the_reset(client, db, with_mail):
    assert RESET in client.get("/accounts/login/").content.decode()


def test_with_mail_a_reset_arrives_and_sets_a_new_password(client, ada, with_mail):
    response = client.post(RESET, {"email": ada.email})
    assert response.status_code == 302 and response["Location"] == RESET + "done/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ada.email]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django moves the token into the session and redirects
    response = client.post(form_url, {"new_password1": "nieuw-wachtwoord-77", "new_password2": "nieuw-wachtwoord-77"})
    assert response.status_code == 302 and response["Location"] == "/accounts/reset/done/"
    ada.refresh_from_db()
    assert ada.check_password("nieuw-wachtwoord-77")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, ada, with_mail):
    response = client.post(RESET, {"email": "niemand@example.org"})
    assert response.status_code == 302 and not mail.outbox


def test_a_failing_mail_server_is_said_in_dutch_not_done(client, ada, with_mail):
    with_mail.EMAIL_BACKEND = "test_password_reset.FailingBackend"
    response = client.post(RESET, {"email": ada.email})
    assert response.status_code == 503
    assert FAILED in response.content.decode()
    assert "Location" not in response
    unknown = client.post(RESET, {"email": "niemand@example.org"})
    assert unknown.status_code == 503, "the same answer for every address: it tells no one who has an account"
