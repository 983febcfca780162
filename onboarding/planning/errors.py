"""The planning refusals, each a 409 with its own code."""

from onboarding.core.errors import Conflict


class PlanNotDone(Conflict):
    """Only a finished plan can be accepted; a finished one cannot be cancelled."""

    code = "plan_not_done"


class PlanFinished(Conflict):
    code = "plan_finished"


class PlanAcceptRefused(Conflict):
    """All or nothing, and something in the selection can no longer be booked: nothing was."""

    code = "plan_accept_refused"
