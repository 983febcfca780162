"""Every log line is redacted when it is made: addresses, phones and private tokens."""

import logging

import pytest

from onboarding.core.redaction import redact


@pytest.mark.parametrize(
    ("line", "kept", "gone"),
    [
        (
            "Not Found: /api/v1/applicant/r4GO_LjTO1m7rnEQa0Kn3TpFifoak_t6/timeline/",
            "/api/v1/applicant/[token]/timeline/",
            "r4GO_LjTO1m7rnEQa0Kn3TpFifoak_t6",
        ),
        (
            '127.0.0.1 - - "GET /apply/d/abcDEF123_-xyz/ HTTP/1.1" 200 5120',
            "/apply/d/[token]/ HTTP/1.1",
            "abcDEF123_-xyz",
        ),
        ("GET /api/v1/calendar/Zm9vYmFyYmF6.ics", "/api/v1/calendar/[token]", "Zm9vYmFyYmF6"),
        ("GET /api/v1/calendar/feeds/", "/api/v1/calendar/feeds/", "[token]"),
        ("GET /shows/confirm/MQ:1xYOT8:XhtQO8n8/", "/shows/confirm/[token]/", "MQ:1xYOT8"),
        ("GET /set-password/MQ/cdm1a2-77aa/", "/set-password/[token]", "cdm1a2"),
        (
            "DETAIL:  Key (campaign_id, lower(email::text))=(1, chen.min@example.com) exists.",
            "(1, [email])",
            "chen.min@example.com",
        ),
        ("SMS to +8613900001111 failed", "SMS to [phone] failed", "13900001111"),
        ("call 13900001111 now", "call [phone] now", "13900001111"),
        ("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "Token [token]", "9944b"),
        ("GET /x/?token=abc&page=2", "?token=[redacted]&page=2", "abc&"),
    ],
)
def test_redact_replaces_the_secret_and_keeps_the_rest(line, kept, gone):
    assert kept in redact(line)
    assert gone not in redact(line)


@pytest.mark.parametrize(
    "line",
    [
        "[2026-12-01 14:04:31,621: INFO/MainProcess] Task x[bd0a1f7e-c9d6-4029-851e] succeeded",
        "message 1234 failed for good after 3 attempts",
        "re-examined 12 message(s) in 0.25s",
    ],
)
def test_ordinary_lines_stay_as_they_are(line):
    assert redact(line) == line


def test_records_and_their_exceptions_are_redacted_for_every_handler(caplog):
    logger = logging.getLogger("onboarding.tests.redaction")
    with caplog.at_level(logging.INFO):
        logger.warning("Not Found: %s", "/api/v1/applicant/secret-token-value/timeline/")
        try:
            raise ValueError("duplicate chen.min@example.com")
        except ValueError:
            logger.exception("could not save %s", "+8613900001111")

    assert "secret-token-value" not in caplog.text
    assert "chen.min@example.com" not in caplog.text
    assert "13900001111" not in caplog.text
    assert "/api/v1/applicant/[token]/timeline/" in caplog.text
    assert "ValueError: duplicate [email]" in caplog.text
