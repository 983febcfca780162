"""Keep phone numbers, e-mail addresses and private tokens out of every log line.

`install()` (called from CoreConfig.ready(), so in the web, worker and beat processes alike)
wraps the log record factory: each record's message is formatted and redacted when it is made,
before any handler, filter or test sees it. Django's own 4xx lines ("Not Found: /api/v1/
applicant/<token>/…"), gunicorn's access lines and any exception text go through it too.
"""

import logging
import re

# A private link's secret is the path segment after one of these (the rest, for set-password).
_SECRET_PATHS = re.compile(
    r"(/(?:applicant|drafts|apply/d|shows/confirm|calendar)/)(?!feeds/)[^/\s?#\"']+"
    r"|(/set-password/)[^\s?#\"']+"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phones as we store them (+8613900001111) or as typed; not longer runs of digits (ids, times).
_PHONE = re.compile(r"(?<![\w.:/-])\+?\d{11,15}(?![\w:/-])")
_API_TOKEN = re.compile(r"\b(Token|Bearer)\s+[\w.-]{20,}")
_QUERY_SECRET = re.compile(r"([?&](?:token|code|key|signature)=)[^&\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    """The text with every secret and personal address replaced by what it was."""
    text = _SECRET_PATHS.sub(lambda m: (m.group(1) or m.group(2)) + "[token]", text)
    text = _QUERY_SECRET.sub(r"\1[redacted]", text)
    text = _API_TOKEN.sub(r"\1 [token]", text)
    text = _EMAIL.sub("[email]", text)
    return _PHONE.sub("[phone]", text)


_installed = False
_formatter = logging.Formatter()


def install() -> None:
    """Redact every log record from now on, in this process (once, however often called)."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it for logging to report
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[0] is not None:
            # Exception text (a database error's DETAIL names the duplicate e-mail) is kept
            # ready-formatted and redacted; formatters use it instead of formatting again.
            record.exc_text = redact(_formatter.formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(redacting_record)
