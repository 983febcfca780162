"""Turning a staff-edited template and an event's context into a subject and a body."""

import functools
import logging
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.defaulttags import DebugNode
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding.notifications.models import MessageTemplate
from onboarding.notifications.timefmt import dual_time

logger = logging.getLogger(__name__)

# Plain text out, so no HTML escaping; the dual_time tag needs no {% load %}.
_engine = Engine(
    autoescape=False,
    builtins=["onboarding.notifications.templatetags.notification_times"],
)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    sms: str


class TemplateBook:
    """The templates for one kind, read once per scheduling call."""

    def __init__(
        self,
        *,
        kind: str,
        campaign_id: int | None,
        rows: Iterable[MessageTemplate] | None = None,
    ):
        self.kind = kind
        if rows is None:
            rows = MessageTemplate.objects.filter(kind=kind).filter(
                Q(campaign_id=campaign_id) | Q(campaign=None)
            )
        # Best first: this campaign's wording before the default one.
        self._by_language: dict[str, MessageTemplate] = {}
        for row in sorted(rows, key=lambda t: t.campaign_id is None):
            self._by_language.setdefault(row.language, row)

    def pick(self, language: str) -> MessageTemplate | None:
        return self._by_language.get(language) or self._by_language.get("en")

    def render(self, *, language: str, context: dict[str, Any]) -> Rendered:
        template = self.pick(language)
        with translation.override(language):
            if template is None:
                logger.warning("no message template for %s; using the built-in one", self.kind)
                return _fallback(context)
            try:
                subject = render_text(template.subject, context).strip()
                body = render_text(template.body, context)
                sms = render_text(template.sms_body, context) if template.sms_body else subject
            except Unrenderable:
                # Rendered in the transaction that books the show or seats the CEO: a staff
                # typo the admin's check missed must not undo that, nor reach the reader raw.
                logger.exception("message template %s does not render", template.pk)
                return _fallback(context)
        return Rendered(subject=" ".join(subject.split())[:200], body=body, sms=sms)


def template_books(*, kinds: Iterable[str], campaign_id: int | None) -> dict[str, TemplateBook]:
    """A TemplateBook for each kind, from one query."""
    kinds = list(kinds)
    rows = MessageTemplate.objects.filter(kind__in=kinds).filter(
        Q(campaign_id=campaign_id) | Q(campaign=None)
    )
    of_kind: dict[str, list[MessageTemplate]] = {kind: [] for kind in kinds}
    for row in rows:
        of_kind[row.kind].append(row)
    return {
        kind: TemplateBook(kind=kind, campaign_id=campaign_id, rows=of_kind[kind]) for kind in kinds
    }


class Unrenderable(Exception):
    pass


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_text(text: str, context: dict[str, Any]) -> str:
    """Django template syntax if the text uses it, else {placeholders}; unknown ones stay.

    Unrenderable when Django syntax fails to parse or to fill in.
    """
    if "{{" in text or "{%" in text:
        try:
            return _compiled(text).render(Context(context, autoescape=False))
        except Exception as exc:
            raise Unrenderable(str(exc)) from exc
    try:
        return string.Formatter().vformat(text, (), _Missing(context))
    except (ValueError, IndexError, AttributeError):
        return text


@functools.lru_cache(maxsize=256)
def _compiled(text: str) -> Template:
    """The text parsed once per process: a booked show renders the same few wordings for each
    of its readers, and staff's edit is new text, so parsed afresh."""
    return _engine.from_string(text)


def template_problems(text: str) -> list[str]:
    """Why staff's text would not render as written, in the current language; empty if fine.

    Checked the way render_text reads it: Django syntax when it has {{ or {%, else
    {placeholders}. Django syntax is also filled in once with sample values, since some
    mistakes ({% dual_time title %}) only show then, and would stop reminders being written.
    """
    if "{{" in text or "{%" in text:
        return _django_problems(text)
    return _placeholder_problems(text)


def _django_problems(text: str) -> list[str]:
    try:
        template = _engine.from_string(text)
    except TemplateSyntaxError as error:
        return [_("The template does not parse: %(detail)s") % {"detail": error}]
    if template.nodelist.get_nodes_by_type(DebugNode):
        # It would print the whole context and the program's modules into the message.
        return [_("The %(tag)s tag is not allowed in messages.") % {"tag": "{% debug %}"}]
    try:
        template.render(Context(_sample_context(), autoescape=False))
    except Exception as error:
        return [_("The template fails when it is filled in: %(detail)s") % {"detail": error}]
    return []


def _placeholder_problems(text: str) -> list[str]:
    try:
        fields = [
            (name, conversion)
            for _literal, name, _spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as error:
        return [
            _("The placeholders do not parse (%(detail)s); write them as {name}.")
            % {"detail": error}
        ]
    problems = []
    if any(not name or name.split(".")[0].split("[")[0].isdigit() for name, _c in fields):
        problems.append(
            _("Every placeholder needs a name, as in {title}; with {} or {0} none is filled in.")
        )
    if any(conversion not in (None, "r", "s", "a") for _n, conversion in fields):
        problems.append(_("A placeholder may end in !s, !r or !a only."))
    return problems


def _sample_context() -> dict[str, Any]:
    starts_at = datetime(2027, 5, 20, 11, 0, tzinfo=UTC)
    language = translation.get_language() or "en"
    sample = {
        key: key
        for key in ("title", "kind_label", "location", "crew", "checklist", "url", "confirm_url")
    }
    return event_context(
        context=sample,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        event_timezone="Asia/Shanghai",
        recipient_timezone="Europe/Berlin",
        language=language,
        name="name",
        offset=timedelta(days=1),
    )


def _fallback(context: dict[str, Any]) -> Rendered:
    title = context.get("title") or context.get("kind_label") or _("your appointment")
    subject = _("Reminder: %(title)s") % {"title": title}
    body = _("%(title)s starts %(starts_at)s.") % {
        "title": title,
        "starts_at": context.get("starts_at", ""),
    }
    return Rendered(subject=subject[:200], body=body, sms=subject)


def duration_text(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes % (24 * 60) == 0 and minutes:
        days = minutes // (24 * 60)
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if minutes % 60 == 0 and minutes:
        hours = minutes // 60
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def event_context(
    *,
    context: dict[str, Any],
    starts_at: datetime,
    ends_at: datetime,
    event_timezone: str,
    recipient_timezone: str,
    language: str,
    name: str,
    offset: timedelta,
) -> dict[str, Any]:
    """The domain's context plus the times, printed for this reader, and the offset."""
    with translation.override(language):
        times = {
            "starts_at": dual_time(
                starts_at, event_zone=event_timezone, viewer_zone=recipient_timezone
            ),
            "ends_at": dual_time(
                ends_at, event_zone=event_timezone, viewer_zone=recipient_timezone
            ),
            "offset": duration_text(offset),
        }
    return {
        **context,
        **times,
        "name": name or context.get("name", ""),
        "starts_at_utc": starts_at,
        "ends_at_utc": ends_at,
        "event_timezone": event_timezone,
        "recipient_timezone": recipient_timezone,
        "language": language,
    }
