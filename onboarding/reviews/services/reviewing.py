"""A reviewer's work on a case: assignment by a lead, scores, notes, a declared conflict."""

from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.services import actor_kind
from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import Role, User
from onboarding.core.services import audit_record, require_reason
from onboarding.reviews.models import ConflictOfInterest, ReviewCase, ReviewerScore, ReviewNote
from onboarding.reviews.services.common import (
    is_conflicted,
    locked_case,
    refuse_closed_scoring,
    refuse_conflicted,
    start_review_if_submitted,
)
from onboarding.reviews.services.screening import least_busy_reviewer


@transaction.atomic
def review_assign(*, application_id: int, reviewer: User, actor: User) -> ReviewCase:
    """A lead gives an application to a reviewer by hand."""
    if actor_kind(actor) not in workflow.LEADS:
        raise NotAllowed(_("Only a lead reviewer assigns work."))
    if not reviewer.has_role(Role.REVIEWER, Role.LEAD_REVIEWER):
        raise Invalid(_("Not a reviewer."), fields={"reviewer": [_("Not a reviewer.")]})
    # The lead's choice is what is wrong here, not the lead's own standing: say so on the field.
    if is_conflicted(application_id, reviewer):
        conflicted = _("This reviewer declared a conflict of interest with this application.")
        raise Invalid(conflicted, fields={"reviewer": [conflicted]})
    case = locked_case(application_id)
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
    refuse_conflicted(application_id, reviewer)
    case = locked_case(application_id)
    refuse_closed_scoring(case, reviewer)
    entry, _created = ReviewerScore.objects.update_or_create(
        application_id=application_id,
        reviewer=reviewer,
        defaults={"score": score, "comment": comment},
    )
    start_review_if_submitted(case, reviewer, actor_kind(reviewer))
    return entry


@transaction.atomic
def review_note_add(*, application_id: int, author: User, text: str) -> ReviewNote:
    refuse_conflicted(application_id, author)
    refuse_closed_scoring(locked_case(application_id), author)
    if not text.strip():
        raise Invalid(_("Write a note."), fields={"text": [_("Write a note.")]})
    return ReviewNote.objects.create(application_id=application_id, author=author, text=text)


@transaction.atomic
def conflict_declare(*, application_id: int, reviewer: User, reason: str) -> ConflictOfInterest:
    """Step away from an application; if it was yours, it goes to the next least busy reviewer."""
    reason = require_reason(reason)
    case = locked_case(application_id)
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        application_id=application_id, reviewer=reviewer, defaults={"reason": reason}
    )
    if case.reviewer_id == reviewer.pk:
        case.reviewer_id = least_busy_reviewer(case.application)
        case.save(update_fields=["reviewer"])
    audit_record(
        subject=case.application,
        action="conflict_declared",
        actor=reviewer,
        reason=reason,
        data={"reassigned_to": case.reviewer_id},
    )
    return conflict
