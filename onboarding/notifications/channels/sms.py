"""SMS behind one small interface; settings.SMS_GATEWAY names the class to use."""

import functools
import logging
from abc import ABC, abstractmethod

from django.utils.module_loading import import_string

from onboarding.notifications import conf

logger = logging.getLogger(__name__)


class SmsGateway(ABC):
    """Send one text. Must honour `idempotency_key`: the same key twice is one SMS."""

    @abstractmethod
    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        """Return the gateway's id for the message; raise if it was not accepted."""

    def accepted(self, *, idempotency_key: str) -> bool | None:
        """Whether the gateway took a message with this key; None when it cannot tell."""
        return None


class LoggingSmsGateway(SmsGateway):
    """Logs that a text would have gone, without sending it (development, until a real one)."""

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        # Neither the number nor the text: the text carries names and one-tap links. The outbox
        # row (admin, Messages) shows both to those allowed to see them.
        logger.info(
            "SMS [%s] not sent (logging gateway): %d characters", idempotency_key, len(text)
        )
        return f"log:{idempotency_key}"


@functools.cache
def _gateway_class(path: str) -> type[SmsGateway]:
    return import_string(path)


def gateway() -> SmsGateway:
    return _gateway_class(conf.sms_gateway_path())()
