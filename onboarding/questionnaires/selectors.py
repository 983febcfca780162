import copy
from datetime import datetime
from typing import Any

from django.db import router
from django.db.models import BigIntegerField, DateTimeField, Field, QuerySet
from django.db.models.expressions import RawSQL

from onboarding.questionnaires.models import Question, Questionnaire

# Each published version and its questions, as rows, kept by this process: a published version
# is never edited again (the admin refuses it; a change is a new version), so they cannot go
# stale. Keyed by the version's id and publication time, so a database rebuilt under the same
# ids (tests, a restored dump) is not mistaken for the old one.
_PUBLISHED: dict[tuple[int, datetime | None], tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = {}
_PUBLISHED_KEPT = 64
_VERSION_FIELDS = [field.attname for field in Questionnaire._meta.concrete_fields]
_QUESTION_FIELDS = [field.attname for field in Question._meta.concrete_fields]

# What live_version_of() reads on a campaign, put there by with_live_version().
LIVE_ID, LIVE_PUBLISHED_AT = "live_questionnaire_id", "live_questionnaire_published_at"


# As SQL rather than Subquery(): the ORM takes about 2 ms to compile two subqueries, more than
# the query they spare; these cost a tenth of that.
_LIVE_COLUMN = (
    "SELECT q.{column} FROM " + Questionnaire._meta.db_table + " q"
    " WHERE q.campaign_id = {campaigns}.id AND q.status = %s ORDER BY q.id LIMIT 1"
)


def with_live_version(campaigns: QuerySet) -> QuerySet:
    """Campaigns read with their published version's id and publication time, so that
    questionnaire_active() needs no query of its own for a version this process has seen."""
    table = campaigns.model._meta.db_table
    published = [Questionnaire.Status.PUBLISHED.value]

    def column(name: str, field: Field) -> RawSQL:
        sql = _LIVE_COLUMN.format(column=name, campaigns=table)
        return RawSQL(sql, published, output_field=field)

    return campaigns.annotate(
        **{
            LIVE_ID: column("id", BigIntegerField()),
            LIVE_PUBLISHED_AT: column("published_at", DateTimeField()),
        }
    )


def questionnaire_active(*, campaign_id: int, campaign: Any = None) -> Questionnaire | None:
    """The published version new applicants answer, with its questions loaded.

    After the first submission its rows come from this process's copy: one query for which
    version is live, or none when `campaign` was read by with_live_version()."""
    if campaign is not None and hasattr(campaign, LIVE_ID):
        key = (getattr(campaign, LIVE_ID), getattr(campaign, LIVE_PUBLISHED_AT))
        if key[0] is None:
            return None
        kept = _PUBLISHED.get(key)
        if kept is not None:
            return _built(*kept)
    questionnaire = Questionnaire.objects.filter(
        campaign_id=campaign_id, status=Questionnaire.Status.PUBLISHED
    ).first()
    if questionnaire is None:
        return None
    key = (questionnaire.pk, questionnaire.published_at)
    kept = _PUBLISHED.get(key)
    if kept is None:
        version = tuple(getattr(questionnaire, name) for name in _VERSION_FIELDS)
        questions = list(
            questionnaire.questions.order_by("position", "id").values_list(*_QUESTION_FIELDS)
        )
        if len(_PUBLISHED) >= _PUBLISHED_KEPT:
            _PUBLISHED.clear()
        kept = _PUBLISHED[key] = (version, questions)
    return _built(*kept)


def _built(version: tuple[Any, ...], rows: list[tuple[Any, ...]]) -> Questionnaire:
    """Fresh instances from kept rows (deep copies: a caller may change what it is given)."""
    db = router.db_for_read(Question)
    questionnaire = Questionnaire.from_db(db, _VERSION_FIELDS, copy.deepcopy(version))
    questions = [Question.from_db(db, _QUESTION_FIELDS, copy.deepcopy(row)) for row in rows]
    for question in questions:
        question.questionnaire = questionnaire
    # As prefetch_related leaves it: `questionnaire.questions.all()` answers from this list.
    prefetched = questionnaire.questions.get_queryset()
    prefetched._result_cache = questions
    prefetched._prefetch_done = True  # type: ignore[attr-defined]
    questionnaire._prefetched_objects_cache = {"questions": prefetched}  # type: ignore[attr-defined]
    return questionnaire


def answer_values(application: Any) -> dict[str, Any]:
    """The application's answers by question key (uses prefetched answers when there are)."""
    answers = application.answers.all()
    if "answers" not in getattr(application, "_prefetched_objects_cache", {}):
        # One query with each answer's question, not one more query per answer.
        answers = answers.select_related("question")
    return {answer.question.key: answer.value for answer in answers}
