"""The settings file reads HTTPS from the environment: off for `make run`, on for a deployment, and then clean
under `check --deploy`."""

import importlib.util
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTTPS_VARIABLES = [
    "DEBUG",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_COOLOFF_MINUTES",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
]
PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "interviews.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_TLS_PROXY": "1",
}


def load_settings(monkeypatch, tmp_path, **environ):
    """A fresh copy of monitor/settings.py read under the given environment (Django's own settings stay as they are)."""
    for name in HTTPS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", ROOT / "monitor" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_by_default_plain_http_on_localhost_keeps_working(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path)
    assert settings.DEBUG is False
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SESSION_COOKIE_SECURE is False and settings.CSRF_COOKIE_SECURE is False
    assert not hasattr(settings, "SECURE_PROXY_SSL_HEADER")


def test_a_deployment_turns_https_on_from_the_environment(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path, **PRODUCTION)
    assert settings.SECURE_SSL_REDIRECT is True
    assert settings.SECURE_HSTS_SECONDS == 31536000
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings.SECURE_HSTS_PRELOAD is False
    assert settings.SESSION_COOKIE_SECURE is True and settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_subdomains_and_preload_are_the_administrators_choice(monkeypatch, tmp_path):
    settings = load_settings(
        monkeypatch, tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="1", **PRODUCTION
    )
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert settings.SECURE_HSTS_PRELOAD is True


@pytest.mark.parametrize("variable", ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"])
def test_the_deploy_check_fails_without_each_https_setting(tmp_path, variable):
    result = run_deploy_check(tmp_path, {name: value for name, value in PRODUCTION.items() if name != variable})
    assert result.returncode != 0, result.stdout + result.stderr


def test_the_deploy_check_is_clean_under_production_settings(tmp_path):
    result = run_deploy_check(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def run_deploy_check(tmp_path, environ):
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(50), **environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_login_throttling_reads_its_limits_from_the_environment(monkeypatch, tmp_path):
    assert load_settings(monkeypatch, tmp_path).AXES_FAILURE_LIMIT == 10
    settings = load_settings(monkeypatch, tmp_path, LOGIN_FAILURE_LIMIT="5", LOGIN_COOLOFF_MINUTES="60")
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 3600


def test_without_a_mail_server_password_reset_is_off(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path)
    assert settings.PASSWORD_RESET_BY_MAIL is False
    assert not hasattr(settings, "EMAIL_HOST_PASSWORD")


def test_a_mail_server_from_the_environment_turns_password_reset_on(monkeypatch, tmp_path):
    settings = load_settings(
        monkeypatch,
        tmp_path,
        EMAIL_HOST="smtp.example.org",
        EMAIL_HOST_USER="monitor",
        EMAIL_HOST_PASSWORD="geheim",
        ALLOWED_HOSTS="interviews.example.org",
    )
    assert settings.PASSWORD_RESET_BY_MAIL is True
    assert (settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS) == ("smtp.example.org", 587, True)
    assert (settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD) == ("monitor", "geheim")
    assert settings.DEFAULT_FROM_EMAIL == "noreply@interviews.example.org"
    ssl = load_settings(monkeypatch, tmp_path, EMAIL_HOST="smtp.example.org", EMAIL_PORT="465", EMAIL_USE_SSL="1")
    assert ssl.EMAIL_USE_SSL is True and ssl.EMAIL_USE_TLS is False and ssl.EMAIL_PORT == 465


def test_the_deploy_check_is_clean_with_mail_and_throttling_set(tmp_path):
    result = run_deploy_check(tmp_path, {**PRODUCTION, "EMAIL_HOST": "smtp.example.org", "LOGIN_FAILURE_LIMIT": "5"})
    assert result.returncode == 0, result.stdout + result.stderr
