from onboarding.portal.views.application import apply, draft, submitted
from onboarding.portal.views.autosave import apply_autosave, draft_autosave
from onboarding.portal.views.pages import home, my_applications
from onboarding.portal.views.shows import show_confirm
from onboarding.portal.views.status import answer, assistant, withdraw

__all__ = [
    "answer",
    "apply",
    "apply_autosave",
    "assistant",
    "draft",
    "draft_autosave",
    "home",
    "my_applications",
    "show_confirm",
    "submitted",
    "withdraw",
]
