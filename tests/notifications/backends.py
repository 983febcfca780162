"""Test doubles at the edges only: an e-mail backend that can say what it accepted (and can be
slow, to be killed mid-send), and an SMS gateway behind the project's SmsGateway interface."""

import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from onboarding.notifications.channels.sms import SmsGateway


def _key(message_id: str) -> str:
    return message_id.strip("<>").replace("/", "_")


class ReceiptDirBackend(BaseEmailBackend):
    """One file per accepted e-mail, named by its Message-ID; a second send is a second file.

    SLOW_MAIL_SECONDS (env, for worker processes): sleep that long before writing an e-mail to
    "slow-before..." addresses, and after writing one to "slow-after..." addresses.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = Path(settings.EMAIL_FILE_PATH)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages) -> int:
        pause = float(os.environ.get("SLOW_MAIL_SECONDS", 0))
        for email in email_messages:
            if email.to[0].startswith("slow-before"):
                time.sleep(pause)
            message_id = email.extra_headers["Message-ID"]
            target = self.directory / f"{_key(message_id)}.{uuid.uuid4().hex}.eml"
            temporary = target.with_suffix(".tmp")
            temporary.write_bytes(email.message().as_bytes())
            temporary.rename(target)
            if email.to[0].startswith("slow-after"):
                time.sleep(pause)
        return len(email_messages)

    def accepted_message_ids(self, message_ids) -> set[str]:
        return {m for m in message_ids if any(self.directory.glob(f"{_key(m)}.*.eml"))}


def mail_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.eml"))


class BrokenBackend(BaseEmailBackend):
    """A provider that refuses everything."""

    def send_messages(self, email_messages) -> int:
        raise ConnectionRefusedError("mail server refused the connection")


class FakeSmsGateway(SmsGateway):
    """Remembers what it took; the same idempotency key twice is one SMS, as the contract says."""

    sent: dict[str, tuple[str, str]] = {}
    calls: list[str] = []
    _lock = threading.Lock()

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        with self._lock:
            self.calls.append(idempotency_key)
            self.sent.setdefault(idempotency_key, (to, text))
        return f"fake:{idempotency_key}"

    def accepted(self, *, idempotency_key: str) -> bool | None:
        return idempotency_key in self.sent

    @classmethod
    def reset(cls) -> None:
        cls.sent.clear()
        cls.calls.clear()
