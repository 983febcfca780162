"""The edges where a message leaves us: e-mail, SMS, webhooks (in-app stays in the database)."""


class PermanentFailure(Exception):
    """Trying again cannot help (no address, endpoint removed): fail without retries."""
