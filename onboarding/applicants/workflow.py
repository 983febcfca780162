"""The application's life: which action moves which state to which, and who may take it.

Read the table from top to bottom; everything else in this module only looks things up in it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.applicants.models import Status
from onboarding.core.errors import Conflict, NotAllowed
from onboarding.core.models import Role


class Action(models.TextChoices):
    SUBMIT = "submit", gettext_lazy("Submit")
    START_REVIEW = "start_review", gettext_lazy("Start review")
    APPROVE = "approve", gettext_lazy("Approve")
    REJECT = "reject", gettext_lazy("Reject")
    WAITLIST = "waitlist", gettext_lazy("Waitlist")
    REQUEST_INFO = "request_info", gettext_lazy("Ask for more information")
    ANSWER_INFO = "answer_info", gettext_lazy("Answer the information request")
    WITHDRAW = "withdraw", gettext_lazy("Withdraw")
    REOPEN = "reopen", gettext_lazy("Reopen")
    COMPLETE_TRAINING = "complete_training", gettext_lazy("Complete training")
    SCHEDULE = "schedule", gettext_lazy("Schedule first show")
    GO_LIVE = "go_live", gettext_lazy("Go live")


# Who acts: staff roles, plus the applicant (signed in, or holding the private link) and the
# system itself (Celery tasks, other services).
APPLICANT = "applicant"
SYSTEM = "system"
REVIEWERS = frozenset({Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN})
LEADS = frozenset({Role.LEAD_REVIEWER, Role.ADMIN})

# Decisions a reviewer takes from the queue (bulk actions take these too).
DECISIONS = (Action.APPROVE, Action.REJECT, Action.WAITLIST, Action.REQUEST_INFO)


@dataclass(frozen=True)
class Move:
    action: Action
    sources: frozenset[str]
    target: Status
    actors: frozenset[str]


S = Status
MOVES = [
    Move(Action.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, frozenset({APPLICANT})),
    Move(Action.START_REVIEW, frozenset({S.SUBMITTED}), S.IN_REVIEW, REVIEWERS | {SYSTEM}),
    Move(
        Action.APPROVE, frozenset({S.SUBMITTED, S.IN_REVIEW, S.WAITLISTED}), S.APPROVED, REVIEWERS
    ),
    Move(
        Action.REJECT,
        frozenset({S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFO, S.WAITLISTED}),
        S.REJECTED,
        REVIEWERS,
    ),
    Move(Action.WAITLIST, frozenset({S.SUBMITTED, S.IN_REVIEW}), S.WAITLISTED, REVIEWERS),
    Move(
        Action.REQUEST_INFO,
        frozenset({S.SUBMITTED, S.IN_REVIEW, S.WAITLISTED}),
        S.NEEDS_INFO,
        REVIEWERS,
    ),
    Move(Action.ANSWER_INFO, frozenset({S.NEEDS_INFO}), S.IN_REVIEW, frozenset({APPLICANT})),
    # Any time before the first show.
    Move(
        Action.WITHDRAW,
        frozenset(
            {
                S.SUBMITTED,
                S.IN_REVIEW,
                S.NEEDS_INFO,
                S.APPROVED,
                S.WAITLISTED,
                S.TRAINED,
                S.SCHEDULED,
            }
        ),
        S.WITHDRAWN,
        LEADS | {APPLICANT},
    ),
    Move(Action.REOPEN, frozenset({S.REJECTED}), S.IN_REVIEW, LEADS),
    Move(
        Action.COMPLETE_TRAINING,
        frozenset({S.APPROVED}),
        S.TRAINED,
        frozenset({Role.TRAINER, Role.ADMIN, SYSTEM}),
    ),
    Move(
        Action.SCHEDULE,
        frozenset({S.TRAINED}),
        S.SCHEDULED,
        frozenset({Role.SCHEDULER, Role.ADMIN, SYSTEM}),
    ),
    # Only through a held show that passed the go-live gate (studios' outcome_record): no
    # role takes this step by hand, around the readiness check.
    Move(Action.GO_LIVE, frozenset({S.SCHEDULED}), S.LIVE, frozenset({SYSTEM})),
]
_BY_ACTION: dict[str, Move] = {move.action: move for move in MOVES}


def allowed_actions(status: str, actor: str) -> list[Action]:
    return [m.action for m in MOVES if status in m.sources and actor in m.actors]


def target_of(status: str, action: str, actor: str) -> Status:
    """The state `action` leads to, or NotAllowed (403) / Conflict (409) saying why not."""
    move = _BY_ACTION.get(action)
    if move is None or actor not in move.actors:
        raise NotAllowed(_("You may not take the action “%(action)s”.") % {"action": action})
    if status not in move.sources:
        allowed = allowed_actions(status, actor)
        raise Conflict(
            _("“%(action)s” is not possible while the application is “%(status)s”.")
            % {"action": move.action.label, "status": Status(status).label},
            status=status,
            allowed_actions=allowed,
        )
    return move.target
