"""Screening: a submission scored and given to the least busy reviewer; criteria replaced and
the campaign re-scored in the background."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, Campaign, SocialAccount
from onboarding.applicants.services import actor_kind
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.core.time import add_business_days
from onboarding.questionnaires.selectors import answer_values
from onboarding.reviews import scoring, workload
from onboarding.reviews.models import Criterion, RecomputeJob, ReviewCase, ReviewSettings
from onboarding.reviews.services.campaign_settings import settings_of

RECOMPUTE_BATCH = 500
# A job still queued this long after it was asked for (or last sent) has missed the broker: the
# broker was away when the criteria were saved. It is sent again, once a minute at most.
REQUEUE_AFTER = timedelta(minutes=1)

logger = logging.getLogger(__name__)


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
    case = ReviewCase(application=application)
    profile = profile_of(application, social_accounts=social_accounts, answers=answers)
    criteria, decision_days = _criteria_and_decision_days(application.campaign)
    _screen(case, criteria, application, profile)
    # Opened as the application is sent, so it has its submission time.
    assert application.submitted_at is not None
    case.decision_due_at = add_business_days(
        application.submitted_at, decision_days, application.campaign.timezone
    )
    case.reviewer_id = least_busy_reviewer(application)
    # A new case: one INSERT, not the UPDATE-then-INSERT a primary key set by hand costs.
    case.save(force_insert=True)
    return case


# As SQL rather than Subquery(), which the ORM takes longer to compile than the query it spares.
_SAVED_DECISION_DAYS = (
    f"SELECT s.decision_days FROM {ReviewSettings._meta.db_table} s"
    f" WHERE s.campaign_id = {Criterion._meta.db_table}.campaign_id"
)


def _criteria_and_decision_days(campaign: Campaign) -> tuple[list[Criterion], int]:
    """The campaign's criteria, each read with the days a decision may take: one query where
    the campaign has criteria (nearly always), its settings' own where it has none. A campaign
    whose lead never changed its settings has the defaults, unsaved."""
    saved_days = RawSQL(_SAVED_DECISION_DAYS, [], output_field=IntegerField())
    rows = list(
        Criterion.objects.filter(campaign_id=campaign.pk)
        .annotate(decision_days=saved_days)
        .order_by("position", "id")
    )
    if not rows:
        return [], settings_of(campaign).decision_days
    days = rows[0].decision_days
    criteria: list[Criterion] = list(rows)
    return criteria, ReviewSettings(campaign=campaign).decision_days if days is None else days


def least_busy_reviewer(application: Application) -> int | None:
    """The active reviewer with the fewest open reviews in this campaign (oldest account first),
    never one with a conflict of interest; their workload row stays locked until commit."""
    return workload.least_busy_reviewer_id(
        campaign_id=application.campaign_id, application_id=application.pk
    )


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


def recompute_jobs_requeue(*, now: datetime | None = None) -> list[int]:
    """Send again the re-scoring jobs whose hand-off missed the broker; the ids it handed over.

    Beat runs it every minute. Two beats at once send each job once: the rows are claimed with
    SKIP LOCKED. A copy that reaches a worker after another copy has started the job finds it
    no longer queued and does nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            RecomputeJob.objects.select_for_update(skip_locked=True)
            .filter(status=RecomputeJob.Status.QUEUED, updated_at__lt=now - REQUEUE_AFTER)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        RecomputeJob.objects.filter(pk__in=ids).update(updated_at=now)
    from onboarding.reviews.tasks import screening_recompute_task

    sent = []
    for job_id in ids:
        try:
            screening_recompute_task.delay(job_id, only_if_queued=True)
        except Exception as exc:  # the broker's errors are many; a run a minute on tries again
            logger.warning("could not send re-scoring job %s again (%s)", job_id, exc)
        else:
            sent.append(job_id)
    return sent


def screening_recompute(*, job_id: int, only_if_queued: bool = False) -> RecomputeJob:
    """Re-score every application of the job's campaign, in batches, saving progress as it goes.

    A finished job is left as it is. A job sent again (`only_if_queued`) runs only if no copy
    has started it; the first copy also runs a job already running, which is its redelivery
    after a worker was lost.
    """
    job = RecomputeJob.objects.select_related("campaign").get(pk=job_id)
    Status = RecomputeJob.Status
    may_start = [Status.QUEUED] if only_if_queued else [Status.QUEUED, Status.RUNNING]
    started = RecomputeJob.objects.filter(pk=job.pk, status__in=may_start)
    if not started.update(status=Status.RUNNING, done=0):
        return job
    criteria = list(Criterion.objects.filter(campaign=job.campaign))
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
