from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.core.errors import Conflict, Invalid
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.questionnaires import integrity
from onboarding.questionnaires.models import Answer, Question, Questionnaire
from onboarding.questionnaires.validation import clean_answers


def answers_clean(
    *, questionnaire: Questionnaire, raw: dict[str, Any], partial: bool = False
) -> dict[str, Any]:
    """Cleaned answers, or Invalid with every question's problem under fields["answers"]."""
    if not isinstance(raw, dict):
        raise Invalid(
            _("Answers must be an object keyed by question."),
            fields={"answers": [_("Answers must be an object keyed by question.")]},
        )
    cleaned, errors = clean_answers(questionnaire.questions.all(), raw, partial=partial)
    if errors:
        raise Invalid(_("Some answers are not valid."), fields={"answers": errors})
    return cleaned


def answers_replace(
    *, application: Any, questionnaire: Questionnaire, cleaned: dict[str, Any], fresh: bool = False
) -> list[Answer]:
    """Store the application's answers to this version, replacing what it held before.

    `application` is an applicants Application, which this lower layer does not import;
    `fresh`: it was inserted in this transaction and holds no answers yet, so none are deleted.
    """
    by_key = {q.key: q for q in questionnaire.questions.all()}
    if not fresh:
        Answer.objects.filter(application=application).delete()
    return Answer.objects.bulk_create(
        Answer(application=application, question=by_key[key], value=value)
        for key, value in cleaned.items()
    )


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor: User | None) -> Questionnaire:
    """Make this version the one new applicants answer; the previous one is retired."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.status != Questionnaire.Status.DRAFT:
        raise Conflict(
            _("Only a draft can be published; this version is %(status)s.")
            % {"status": questionnaire.get_status_display()}
        )
    if not questionnaire.questions.exists():
        raise Conflict(_("A questionnaire needs at least one question before it is published."))
    _refuse_broken(questionnaire)
    Questionnaire.objects.filter(
        campaign_id=questionnaire.campaign_id, status=Questionnaire.Status.PUBLISHED
    ).update(status=Questionnaire.Status.RETIRED)
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        subject=questionnaire,
        action="publish",
        actor=actor,
        from_state=Questionnaire.Status.DRAFT,
        to_state=Questionnaire.Status.PUBLISHED,
    )
    return questionnaire


class QuestionnaireBroken(Conflict):
    """A version whose questions applicants could not answer (integrity.py says which)."""

    code = "questionnaire_broken"


def _refuse_broken(questionnaire: Questionnaire) -> None:
    """Publish only what the admin forms would have accepted, however the questions got in."""
    problems = integrity.questionnaire_problems(
        questionnaire.questions.order_by("position", "id").values(*integrity.FIELDS)
    )
    if not problems:
        return
    said = "; ".join(
        _("question “%(key)s”: %(problem)s") % {"key": key, "problem": message}
        for key, fields in problems.items()
        for messages in fields.values()
        for message in messages
    )
    raise QuestionnaireBroken(
        _("This version cannot be published: %(problems)s") % {"problems": said},
        fields={"questions": problems},
    )


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, actor: User | None) -> Questionnaire:
    """Copy a version and its questions into a new draft that staff can edit."""
    latest = Questionnaire.objects.filter(campaign_id=questionnaire.campaign_id).aggregate(
        Max("version")
    )["version__max"]
    copy = Questionnaire.objects.create(
        campaign_id=questionnaire.campaign_id,
        version=latest + 1,
        consent_text_en=questionnaire.consent_text_en,
        consent_text_zh=questionnaire.consent_text_zh,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            **{
                field.name: getattr(question, field.name)
                for field in Question._meta.concrete_fields
                if field.name not in ("id", "questionnaire")
            },
        )
        for question in questionnaire.questions.all()
    )
    audit_record(
        subject=copy, action="new_version", actor=actor, data={"copied_from": questionnaire.version}
    )
    return copy
