"""DJANGO_SECURE=1: HTTPS only, HSTS, secure cookies, a CSP; `check --deploy` has nothing to say."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict:
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(60), **extra}
    env.pop("DJANGO_DEBUG", None)
    # The browser tests set this for their own process; production never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {key: value for key, value in env.items() if value is not None}


def _run(code: str, **extra) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(DJANGO_SETTINGS_MODULE="config.settings", **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_check_deploy_passes_under_the_production_switch():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(DJANGO_SECURE="1", DJANGO_ALLOWED_HOSTS="onboarding.example.com"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_warns_without_it():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(DJANGO_SECURE="0", DJANGO_ALLOWED_HOSTS="onboarding.example.com"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECURE_HSTS_SECONDS" in done.stdout + done.stderr


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)"
)


def test_the_switch_turns_each_setting_on():
    on = _run(SHOW, DJANGO_SECURE="1")
    assert on.split(None, 1)[0] == "True"
    assert "HTTP_X_FORWARDED_PROTO" in on
    assert on.strip().endswith("31536000 True True True")
    assert _run(SHOW, DJANGO_SECURE="0").strip().endswith("0 False False False")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://mailer:s%40cret@mail.example.com:587",
            "smtp.EmailBackend mail.example.com 587 mailer s@cret True False",
        ),
        (
            "smtp+ssl://mailer:pw@mail.example.com:465",
            "smtp.EmailBackend mail.example.com 465 mailer pw False True",
        ),
        ("", "console.EmailBackend localhost 25   False False"),
    ],
)
def test_the_mail_server_comes_from_email_url(url, expected):
    shown = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2] + '.' + s.EMAIL_BACKEND.rsplit('.', 1)[-1], "
        "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
        "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)",
        EMAIL_URL=url,
        EMAIL_BACKEND=None,
    )
    assert shown.strip() == expected.strip()


def test_the_site_answers_as_the_switch_says():
    shown = _run(
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "r = c.get('/login/'); print(r.status_code, r['Location']); "
        "r = c.get('/login/', headers={'x-forwarded-proto': 'https'}); "
        "print(r.status_code, r['Strict-Transport-Security']); "
        "print(r['Content-Security-Policy']); "
        "print(bool(r.cookies['csrftoken']['secure']))",
        DJANGO_SECURE="1",
        DJANGO_ALLOWED_HOSTS="testserver",
    ).splitlines()

    assert shown[0] == "301 https://testserver/login/"
    assert shown[1] == "200 max-age=31536000; includeSubDomains; preload"
    policy = dict(part.strip().split(" ", 1) for part in shown[2].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "unsafe" not in shown[2]
    assert shown[3] == "True"
