"""The reviews app's part of an applicant's data copy and erasure (see core.privacy).

The copy holds the review's outcome as it affects the applicant (score, breakdown, deadline,
their own answers to information requests). Reviewers' own scores, comments, internal notes and
conflicts of interest are staff members' opinions and personal data of their own: they stay out
of the copy (the decisions and the reasons given to the applicant are in the application's
history), and their text is erased with the applicant, since it may quote them.
"""

from typing import Any

from onboarding.core.privacy import ERASED, DataSubject
from onboarding.core.time import iso_utc
from onboarding.reviews.models import ConflictOfInterest, ReviewCase, ReviewerScore, ReviewNote


def export(subject: DataSubject) -> dict[str, Any]:
    ids = list(subject.application_ids)
    return {
        "cases": [
            {
                "application": case.application_id,
                "score": case.score,
                "max_score": case.max_score,
                "hard_failed": case.hard_failed,
                "breakdown": case.breakdown,
                "screened_at": iso_utc(case.screened_at) if case.screened_at else None,
                "decision_due_at": iso_utc(case.decision_due_at) if case.decision_due_at else None,
            }
            for case in ReviewCase.objects.filter(application_id__in=ids)
        ],
        "your_answers_to_information_requests": [
            {"application": n.application_id, "text": n.text, "at": iso_utc(n.created_at)}
            for n in ReviewNote.objects.filter(application_id__in=ids, from_applicant=True)
        ],
    }


def erase(subject: DataSubject) -> None:
    ids = list(subject.application_ids)
    # The notes, scores and conflicts stay counted; only what was written goes.
    ReviewNote.objects.filter(application_id__in=ids).update(text=ERASED)
    ReviewerScore.objects.filter(application_id__in=ids).exclude(comment="").update(comment=ERASED)
    ConflictOfInterest.objects.filter(application_id__in=ids).update(reason=ERASED)
