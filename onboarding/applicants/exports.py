"""Applications as a CSV file for staff, and answers as text a person can read.

The file streams: rows are written while the database is read in chunks, so a burst of
thousands of applications costs a few queries per chunk and little memory.
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Field, Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, Campaign
from onboarding.applicants.services import APPLICANT_FIELDS
from onboarding.core.models import Role, User
from onboarding.core.time import local_text
from onboarding.questionnaires.models import WEEKDAYS, Answer, Question

# Applications read per query; each chunk adds one query for accounts and one for answers.
CHUNK_SIZE = 500
# Excel reads a CSV file as the local code page unless it starts with a byte order mark.
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# What names the applicant, directly or as surely (their company, brand, website, assistant):
# blind review hides these, and the social handles, from reviewers. Leads still see them.
IDENTITY_FIELDS = (
    "full_name",
    "email",
    "phone",
    "company_name",
    "brand_name",
    "company_website",
    "assistant_name",
    "assistant_email",
    "assistant_phone",
)
# Who sees identities whatever the campaign's blind review says.
IDENTITY_ROLES = (Role.LEAD_REVIEWER, Role.ADMIN)
HIDDEN = "—"

# Application fields in the fixed columns, in order.
FIELDS = [
    "reference",
    "campaign",
    "status",
    "channel",
    "language",
    "submitted_at",
    *APPLICANT_FIELDS,
]


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def availability_text(windows: list[dict[str, str]]) -> str:
    """[{"day": "tue", "start": "20:00", "end": "22:00"}] → "Tue 20:00–22:00"."""
    parts = []
    for window in windows:
        day = window.get("day")
        name = WEEKDAYS_ABBR[WEEKDAYS.index(day)] if day in WEEKDAYS else str(day)
        parts.append(f"{name} {window.get('start', '')}–{window.get('end', '')}")
    return "; ".join(parts)


def answer_text(question: Question, value: Any) -> str:
    """An answer as a reviewer reads it: choice labels, Yes/No, weekday windows."""
    if value is None:
        return ""
    kind = question.kind
    if kind == Question.Kind.YES_NO and isinstance(value, bool):
        return yes_no(value)
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        labels = dict(question.choice_pairs())
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(item, item)) for item in values)
    if kind == Question.Kind.WEEKLY_AVAILABILITY and isinstance(value, list):
        return availability_text([w for w in value if isinstance(w, dict)])
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def applications_for_export(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The applications with everything a CSV row shows, loaded a chunk at a time."""
    return queryset.select_related("campaign", "channel").prefetch_related(
        "social_accounts",
        Prefetch("answers", queryset=Answer.objects.select_related("question")),
    )


def answer_columns(queryset: QuerySet[Application]) -> list[str]:
    """Question keys of the versions these applications answered, newest version's order first."""
    keys = (
        Question.objects.filter(questionnaire__in=queryset.values("questionnaire_id"))
        .order_by("questionnaire__campaign_id", "-questionnaire__version", "position", "id")
        .values_list("key", flat=True)
    )
    return list(dict.fromkeys(keys))


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Applicants type these fields; a leading quote keeps a "=HYPERLINK(...)" inert.
        return "'" + value
    return value


def _fixed_value(application: Application, name: str, zone: ZoneInfo) -> Any:
    if name in ("campaign", "channel"):
        related = getattr(application, name)
        return str(related) if related is not None else ""
    if name == "submitted_at":
        moment = application.submitted_at
        return local_text(moment, zone.key) if moment else ""
    if name == "on_camera_in_person":
        return yes_no(application.on_camera_in_person)
    field = _field(name)
    if field.choices:
        return getattr(application, f"get_{name}_display")()
    value = getattr(application, name)
    return "" if value is None else value


def _field(name: str) -> Field:
    """An application column (the export lists columns, never relations)."""
    field = Application._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def _header(columns: list[str]) -> list[str]:
    fixed = [str(_field(name).verbose_name) for name in FIELDS]
    fixed[FIELDS.index("submitted_at")] = _("submitted (%(zone)s)") % {
        "zone": settings.DISPLAY_TIME_ZONE
    }
    # Question keys stay as they are: they are the stable names across versions.
    return [*map(capfirst, fixed), _("Social accounts"), _("Total followers"), *columns]


def identity_hidden_from(user: User | None) -> bool:
    """Blind review hides applicants from reviewers; leads, administrators and the other roles
    (who train and book the CEOs) see who they are."""
    return (
        user is not None
        and getattr(user, "role", None) == Role.REVIEWER
        and not user.has_role(*IDENTITY_ROLES)
    )


def blind_campaign_ids(user: User | None) -> frozenset[int]:
    """Campaigns whose applicants this user may not identify (blind review)."""
    if not identity_hidden_from(user):
        return frozenset()
    # By lookup name, not by import: the review settings belong to the reviews app, above us.
    blind = Campaign.objects.filter(review_settings__hide_identity=True)
    return frozenset(blind.values_list("pk", flat=True))


def without_blind(queryset: QuerySet[Application], user: User | None) -> QuerySet[Application]:
    """Leave out the applications this user may not identify, in the same query."""
    if not identity_hidden_from(user):
        return queryset
    return queryset.exclude(campaign__review_settings__hide_identity=True)


def csv_rows(
    queryset: QuerySet[Application], *, blind_campaigns: frozenset[int] = frozenset()
) -> Iterator[list[Any]]:
    """The header, then one row per application: main fields, followers, one column per key.

    In `blind_campaigns` the identifying fields and the social handles are blanked.
    """
    columns = answer_columns(queryset)
    zone = ZoneInfo(settings.DISPLAY_TIME_ZONE)
    yield _header(columns)
    for application in applications_for_export(queryset).iterator(chunk_size=CHUNK_SIZE):
        blind = application.campaign_id in blind_campaigns
        accounts = list(application.social_accounts.all())
        answers = {
            answer.question.key: answer_text(answer.question, answer.value)
            for answer in application.answers.all()
        }
        yield [
            *(
                HIDDEN
                if blind and name in IDENTITY_FIELDS
                else _cell(_fixed_value(application, name, zone))
                for name in FIELDS
            ),
            _cell("; ".join(_account_text(a, blind) for a in accounts)),
            sum(a.followers for a in accounts),
            *(_cell(answers.get(key, "")) for key in columns),
        ]


def _account_text(account: Any, blind: bool) -> str:
    if blind:
        return f"{account.get_platform_display()} {HIDDEN} ({account.followers})"
    return f"{account} ({account.followers})"


class _Echo:
    """A file-like object that hands back what csv.writer writes, instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _lines(rows: Iterable[list[Any]], language: str | None) -> Iterator[str]:
    # The body is written after the view has returned: keep the language the request asked for.
    with translation.override(language):
        writer = csv.writer(_Echo())
        yield BOM
        for row in rows:
            yield writer.writerow(row)


def csv_response(
    queryset: QuerySet[Application], *, filename: str, user: User | None = None
) -> StreamingHttpResponse:
    """A download of these applications that Excel opens with Chinese text intact; for `user`,
    blind campaigns' applicants are not identified."""
    rows = csv_rows(queryset, blind_campaigns=blind_campaign_ids(user))
    lines = _lines(rows, translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
