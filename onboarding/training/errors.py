"""Training's own domain errors, where a caller needs a more precise code than `conflict`."""

from onboarding.core.errors import Conflict


class SessionFull(Conflict):
    """Every seat is taken and the CEO asked not to wait for one."""

    code = "full"
