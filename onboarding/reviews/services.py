"""Every write of the review: screening, assignment, scores, notes, decisions, criteria.

Lock order: every path that locks both rows takes the review case first (`_case`), then the
application (`application_transition`). Two paths taking them the other way round deadlock when
they meet (a reject from needs_info racing the applicant's answer did; tests/reviews/
test_lock_order.py races them). A new write here locks the case before it moves the application.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, Campaign, SocialAccount, Status
from onboarding.applicants.services import actor_kind, application_transition
from onboarding.core.errors import Conflict, DomainError, Invalid, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record, require_reason
from onboarding.core.time import add_business_days
from onboarding.core.validators import NUL, NUL_REFUSED
from onboarding.questionnaires.selectors import answer_values
from onboarding.reviews import scoring, workload
from onboarding.reviews.models import (
    ConflictOfInterest,
    Criterion,
    RecomputeJob,
    ReviewCase,
    ReviewerScore,
    ReviewNote,
    ReviewSettings,
)
from onboarding.reviews.reminders import info_request_reminders_schedule

RECOMPUTE_BATCH = 500
# What a lead switches per campaign (the API, the admin and the portal all go through this list).
SETTINGS_FIELDS = (
    "hide_identity",
    "four_eyes",
    "open_scoring",
    "decision_days",
    "info_response_days",
)


class HardRequirementFailed(Conflict):
    """An approval of an application that fails a hard criterion, without a lead's override."""

    code = "hard_requirement_failed"


def settings_for(campaign: Campaign) -> ReviewSettings:
    return ReviewSettings.objects.get_or_create(campaign=campaign)[0]


def settings_of(campaign: Campaign) -> ReviewSettings:
    """The campaign's settings as they stand, or the defaults (unsaved) when none were set."""
    return ReviewSettings.objects.filter(campaign=campaign).first() or ReviewSettings(
        campaign=campaign
    )


@transaction.atomic
def review_settings_update(*, campaign: Campaign, data: dict, actor: User) -> ReviewSettings:
    """Change some or all of a campaign's review settings; the history keeps who changed what."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer changes the review settings."))
    unknown = sorted(set(data) - set(SETTINGS_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."),
            fields={name: [_("Unknown field.")] for name in unknown},
        )
    # Locked, so two leads saving at once each see the other's change in their audit line.
    review_settings, _created = ReviewSettings.objects.select_for_update().get_or_create(
        campaign=campaign
    )
    before = {name: getattr(review_settings, name) for name in SETTINGS_FIELDS}
    for name, value in data.items():
        setattr(review_settings, name, value)
    try:
        review_settings.full_clean(exclude=["campaign"])
    except ValidationError as exc:
        raise Invalid(_("Some fields are not valid."), fields=exc.message_dict) from None
    changed = {
        name: [before[name], getattr(review_settings, name)]
        for name in SETTINGS_FIELDS
        if getattr(review_settings, name) != before[name]
    }
    if changed:
        review_settings.save(update_fields=list(changed))
        audit_record(
            subject=campaign,
            action="review_settings_update",
            actor=actor,
            data={"changed": changed},
        )
    return review_settings


def profile_of(
    application: Application,
    *,
    social_accounts: Iterable[SocialAccount] | None = None,
    answers: dict[str, Any] | None = None,
) -> scoring.Profile:
    """What screening reads; the accounts and answers are read unless the caller has them."""
    if social_accounts is None:
        social_accounts = application.social_accounts.all()
    return scoring.Profile(
        on_camera_in_person=application.on_camera_in_person,
        industry=application.industry,
        years_in_business=application.years_in_business,
        live_experience=application.live_experience,
        followers=[(a.platform, a.handle, a.followers) for a in social_accounts],
        answers=answer_values(application) if answers is None else answers,
        min_weekly_events=application.campaign.min_weekly_events,
    )


def _screen(
    case: ReviewCase,
    criteria: list[Criterion],
    application: Application,
    profile: scoring.Profile | None = None,
) -> None:
    result = scoring.evaluate(criteria, profile or profile_of(application))
    case.score, case.max_score = result.score, result.max_score
    case.hard_failed, case.breakdown = result.hard_failed, result.breakdown
    case.screened_at = timezone.now()


def application_receive(
    *,
    application: Application,
    social_accounts: Iterable[SocialAccount] | None = None,
    answers: dict[str, Any] | None = None,
) -> ReviewCase:
    """On submission: score it, give it to a reviewer and set when a decision is due.

    Runs inside the submission's transaction, so a failure here saves no part of it. The
    submission hands over the accounts and answers it wrote, so they are not read back.
    """
    review_settings = settings_for(application.campaign)
    case = ReviewCase(application=application)
    profile = profile_of(application, social_accounts=social_accounts, answers=answers)
    criteria = list(
        Criterion.objects.filter(campaign_id=application.campaign_id).order_by("position", "id")
    )
    _screen(case, criteria, application, profile)
    # Opened as the application is sent, so it has its submission time.
    assert application.submitted_at is not None
    case.decision_due_at = add_business_days(
        application.submitted_at, review_settings.decision_days, application.campaign.timezone
    )
    case.reviewer_id = _least_busy_reviewer(application)
    # A new case: one INSERT, not the UPDATE-then-INSERT a primary key set by hand costs.
    case.save(force_insert=True)
    return case


def _least_busy_reviewer(application: Application) -> int | None:
    """The active reviewer with the fewest open reviews in this campaign (oldest account first),
    never one with a conflict of interest; their workload row stays locked until commit."""
    return workload.least_busy_reviewer_id(
        campaign_id=application.campaign_id, application_id=application.pk
    )


def _case(application_id: int) -> ReviewCase:
    try:
        return ReviewCase.objects.select_for_update().get(application_id=application_id)
    except ReviewCase.DoesNotExist:
        raise Conflict(_("This application has not been sent for review.")) from None


def _conflicted(application_id: int, user: User) -> bool:
    return ConflictOfInterest.objects.filter(application_id=application_id, reviewer=user).exists()


def _refuse_conflicted(application_id: int, user: User) -> None:
    if _conflicted(application_id, user):
        raise NotAllowed(_("You declared a conflict of interest with this application."))


@transaction.atomic
def review_assign(*, application_id: int, reviewer: User, actor: User) -> ReviewCase:
    """A lead gives an application to a reviewer by hand."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer assigns work."))
    if not reviewer.has_role(Role.REVIEWER, Role.LEAD_REVIEWER):
        raise Invalid(_("Not a reviewer."), fields={"reviewer": [_("Not a reviewer.")]})
    # The lead's choice is what is wrong here, not the lead's own standing: say so on the field.
    if _conflicted(application_id, reviewer):
        conflicted = _("This reviewer declared a conflict of interest with this application.")
        raise Invalid(conflicted, fields={"reviewer": [conflicted]})
    case = _case(application_id)
    previous = case.reviewer_id
    case.reviewer = reviewer
    case.save(update_fields=["reviewer"])
    audit_record(
        subject=case.application,
        action="assign",
        actor=actor,
        data={"from_reviewer": previous, "to_reviewer": reviewer.pk},
    )
    return case


@transaction.atomic
def review_score(
    *, application_id: int, reviewer: User, score: int, comment: str = ""
) -> ReviewerScore:
    """Record (or change) a reviewer's own score; the first look moves it into review."""
    _refuse_conflicted(application_id, reviewer)
    case = _case(application_id)
    _refuse_closed_scoring(case, reviewer)
    entry, _created = ReviewerScore.objects.update_or_create(
        application_id=application_id,
        reviewer=reviewer,
        defaults={"score": score, "comment": comment},
    )
    _start_review_if_submitted(case, reviewer, actor_kind(reviewer))
    return entry


def _refuse_closed_scoring(case: ReviewCase, user: User) -> None:
    """Where the campaign wants one opinion, only the assigned reviewer and leads give it."""
    holder = case.reviewer
    if holder is None or holder.pk == user.pk or actor_kind(user) in workflow.LEADS:
        return
    if settings_of(case.application.campaign).open_scoring:
        return
    raise NotAllowed(
        _(
            "This campaign takes scores and notes from the assigned reviewer (%(reviewer)s) "
            "and leads only."
        )
        % {"reviewer": holder.get_username()},
        assigned_to=holder.get_username(),
    )


def _start_review_if_submitted(case: ReviewCase, actor: User, kind: str) -> None:
    """A reviewer's first look (a score, a first approval) moves the application into review."""
    if case.application.status == Status.SUBMITTED:
        application_transition(
            application_id=case.application_id,
            action=workflow.Action.START_REVIEW,
            actor_kind=kind,
            actor=actor,
            notify=False,
        )


@transaction.atomic
def review_note_add(*, application_id: int, author: User, text: str) -> ReviewNote:
    _refuse_conflicted(application_id, author)
    _refuse_closed_scoring(_case(application_id), author)
    if not text.strip():
        raise Invalid(_("Write a note."), fields={"text": [_("Write a note.")]})
    return ReviewNote.objects.create(application_id=application_id, author=author, text=text)


@transaction.atomic
def conflict_declare(*, application_id: int, reviewer: User, reason: str) -> ConflictOfInterest:
    """Step away from an application; if it was yours, it goes to the next least busy reviewer."""
    reason = require_reason(reason)
    case = _case(application_id)
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        application_id=application_id, reviewer=reviewer, defaults={"reason": reason}
    )
    if case.reviewer_id == reviewer.pk:
        case.reviewer_id = _least_busy_reviewer(case.application)
        case.save(update_fields=["reviewer"])
    audit_record(
        subject=case.application,
        action="conflict_declared",
        actor=reviewer,
        reason=reason,
        data={"reassigned_to": case.reviewer_id},
    )
    return conflict


@transaction.atomic
def review_decide(
    *,
    application_id: int,
    actor: User,
    action: str,
    reason: str,
    notify: bool = True,
    override_hard_failure: bool = False,
) -> Application:
    """Approve, reject, waitlist or ask for information, always with a reason.

    Deciding is for the assigned reviewer and leads (an unassigned application goes to the
    reviewer who decides it); with four eyes on, the first approval is recorded and waits for a
    second, different reviewer. An application that fails a hard criterion is approved only by
    a lead who overrides it (`override_hard_failure`), with the reason in the history.
    """
    if action not in workflow.DECISIONS:
        raise Invalid(_("Not a decision."), fields={"action": [_("Not a decision.")]})
    reason = require_reason(reason)
    if override_hard_failure and action != workflow.Action.APPROVE:
        only = _("Only an approval overrides a hard requirement.")
        raise Invalid(only, fields={"override_hard_failure": [only]})
    _refuse_conflicted(application_id, actor)
    case = _case(application_id)
    kind = actor_kind(actor)
    application = case.application
    four_eyes = settings_for(application.campaign).four_eyes
    second_approval = (
        action == workflow.Action.APPROVE
        and four_eyes
        and case.first_approval_by_id not in (None, actor.pk)
    )
    data = _refuse_unless_holder(case, actor, kind, second_approval=second_approval)
    if action == workflow.Action.APPROVE:
        # Check the move is possible before recording anything of it.
        workflow.target_of(application.status, action, kind)
        data |= _hard_failure_check(case, actor, kind, reason, override_hard_failure)
    if action == workflow.Action.APPROVE and four_eyes:
        if case.first_approval_by_id is None:
            return _first_approval(case, actor, kind, reason, data)
        if case.first_approval_by_id == actor.pk:
            others = workflow.allowed_actions(application.status, kind)
            raise Conflict(
                _("The second approval must come from another reviewer."),
                status=application.status,
                allowed_actions=[a for a in others if a != workflow.Action.APPROVE],
            )
    # Any decision that goes through ends the wait for a second approval, the approval included.
    if case.first_approval_by_id is not None:
        case.first_approval_by = None
        case.save(update_fields=["first_approval_by"])
    application = application_transition(
        application_id=application_id,
        action=action,
        actor_kind=kind,
        actor=actor,
        reason=reason,
        notify=notify,
        data=data,
    )
    if action == workflow.Action.REQUEST_INFO:
        due = timezone.now() + timedelta(days=settings_for(application.campaign).info_response_days)
        case.decision_due_at = due
        case.save(update_fields=["decision_due_at"])
        # Only an applicant who was told of the request is reminded of it.
        if notify:
            info_request_reminders_schedule(application=application, deadline=due)
    return application


def _refuse_unless_holder(
    case: ReviewCase, actor: User, kind: str, *, second_approval: bool
) -> dict:
    """Deciding belongs to the assigned reviewer and leads; a second approval to anyone else.

    Nobody holds an unassigned application: the reviewer who decides it takes it, which the
    decision's audit line says (`took_assignment`).
    """
    if kind in workflow.LEADS or second_approval or case.reviewer_id == actor.pk:
        return {}
    holder = case.reviewer
    if holder is None:
        case.reviewer = actor
        case.save(update_fields=["reviewer"])
        return {"took_assignment": True}
    raise NotAllowed(
        _("This application is assigned to %(reviewer)s: only they or a lead decide it.")
        % {"reviewer": holder.get_username()},
        assigned_to=holder.get_username(),
    )


def _hard_failure_check(
    case: ReviewCase, actor: User, kind: str, reason: str, override: bool
) -> dict:
    """Refuse approving a hard failure unless a lead overrides it; what the audit line keeps."""
    if not case.hard_failed:
        return {}
    failed = scoring.failed_hard(case.breakdown)
    if case.override_by_id is not None:
        # A lead overrode it already (a four-eyes first approval): the second approval follows.
        return {"override_hard_failure": True, "failed_criteria": failed}
    names = ", ".join(f"“{name}”" for name in failed) or _("a hard requirement")
    if not override:
        raise HardRequirementFailed(
            _(
                "This application fails the hard requirement %(criteria)s: only a lead can "
                "approve it, overriding it with a reason."
            )
            % {"criteria": names},
            status=case.application.status,
            failed_criteria=failed,
        )
    if kind not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer overrides a hard requirement."))
    case.override_by, case.override_reason = actor, reason
    case.save(update_fields=["override_by", "override_reason"])
    return {"override_hard_failure": True, "failed_criteria": failed}


def _first_approval(
    case: ReviewCase, actor: User, kind: str, reason: str, data: dict
) -> Application:
    case.first_approval_by = actor
    case.save(update_fields=["first_approval_by"])
    _start_review_if_submitted(case, actor, kind)
    audit_record(
        subject=case.application, action="first_approval", actor=actor, reason=reason, data=data
    )
    case.application.refresh_from_db(fields=["status"])
    return case.application


@dataclass
class BulkResult:
    application_id: int
    ok: bool
    status: str = ""
    code: str = ""
    message: str = ""


def review_bulk_decide(
    *, application_ids: Iterable[int], actor: User, action: str, reason: str, notify: bool = True
) -> list[BulkResult]:
    """One decision for many applications, each in its own transaction: a refusal for one
    leaves the others done, and only committed changes send a message."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer takes bulk decisions."))
    reason = require_reason(reason)
    results = []
    for application_id in dict.fromkeys(application_ids):
        try:
            application = review_decide(
                application_id=application_id,
                actor=actor,
                action=action,
                reason=reason,
                notify=notify,
            )
            results.append(BulkResult(application_id, True, status=application.status))
        except Application.DoesNotExist:
            results.append(
                BulkResult(
                    application_id, False, code="not_found", message=_("No such application.")
                )
            )
        except DomainError as exc:
            results.append(BulkResult(application_id, False, code=exc.code, message=exc.message))
    return results


@transaction.atomic
def info_answer(*, application: Application, text: str) -> Application:
    """The applicant answers an information request: noted, and back in the reviewer's queue."""
    if not text.strip():
        raise Invalid(_("Write your answer."), fields={"text": [_("Write your answer.")]})
    if NUL in text:
        raise Invalid(str(NUL_REFUSED), fields={"text": [str(NUL_REFUSED)]})
    # The case first, then the application (the lock order above): a reviewer deciding at the
    # same moment takes them in this order too, so one waits for the other instead of deadlocking.
    case = _case(application.pk)
    application = application_transition(
        application_id=application.pk,
        action=workflow.Action.ANSWER_INFO,
        actor_kind=workflow.APPLICANT,
        notify=False,
    )
    ReviewNote.objects.create(application=application, from_applicant=True, text=text)
    case.decision_due_at = add_business_days(
        timezone.now(),
        settings_for(application.campaign).decision_days,
        application.campaign.timezone,
    )
    case.save(update_fields=["decision_due_at"])
    return application


@transaction.atomic
def criteria_replace(*, campaign: Campaign, criteria: list[dict], actor: User) -> RecomputeJob:
    """Replace a campaign's criteria and start re-scoring its applications in the background."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer changes the criteria."))
    # Keyed by the criterion's index, as the serializer reports the other mistakes in the list.
    problems = {
        str(index): {"params": found}
        for index, spec in enumerate(criteria)
        if (found := scoring.params_problems(spec["kind"], spec.get("params", {})))
    }
    if problems:
        raise Invalid(_("Some criteria are not valid."), fields={"criteria": problems})
    Criterion.objects.filter(campaign=campaign).delete()
    Criterion.objects.bulk_create(
        Criterion(campaign=campaign, position=index, **spec) for index, spec in enumerate(criteria)
    )
    audit_record(
        subject=campaign, action="criteria_replace", actor=actor, data={"criteria": criteria}
    )
    job = RecomputeJob.objects.create(
        campaign=campaign,
        requested_by=actor,
        total=ReviewCase.objects.filter(application__campaign=campaign).count(),
    )
    from onboarding.reviews.tasks import screening_recompute_task

    # robust: with the broker away the criteria are saved all the same, and the job shows as
    # queued; the failure is logged rather than turned into an error after the commit.
    transaction.on_commit(lambda: screening_recompute_task.delay(job.pk), robust=True)
    return job


def screening_recompute(*, job_id: int) -> RecomputeJob:
    """Re-score every application of the job's campaign, in batches, saving progress as it goes."""
    job = RecomputeJob.objects.select_related("campaign").get(pk=job_id)
    criteria = list(Criterion.objects.filter(campaign=job.campaign))
    RecomputeJob.objects.filter(pk=job.pk).update(status=RecomputeJob.Status.RUNNING, done=0)
    job.done = 0
    cases = (
        ReviewCase.objects.filter(application__campaign=job.campaign)
        .select_related("application__campaign")
        .prefetch_related("application__social_accounts", "application__answers__question")
        .order_by("pk")
    )
    done, batch = 0, []
    for case in cases.iterator(chunk_size=RECOMPUTE_BATCH):
        _screen(case, criteria, case.application)
        batch.append(case)
        if len(batch) == RECOMPUTE_BATCH:
            done += _save_scores(job, batch)
            batch = []
    done += _save_scores(job, batch)
    RecomputeJob.objects.filter(pk=job.pk).update(
        status=RecomputeJob.Status.DONE, done=done, total=done, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def _save_scores(job: RecomputeJob, cases: list[ReviewCase]) -> int:
    ReviewCase.objects.bulk_update(
        cases, ["score", "max_score", "hard_failed", "breakdown", "screened_at"]
    )
    RecomputeJob.objects.filter(pk=job.pk).update(done=job.done + len(cases))
    job.done += len(cases)
    return len(cases)


def screening_recompute_failed(*, job_id: int, error: str) -> None:
    RecomputeJob.objects.filter(pk=job_id).update(
        status=RecomputeJob.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
