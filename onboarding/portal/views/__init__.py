from onboarding.portal.views.application import apply, draft, submitted
from onboarding.portal.views.autosave import apply_autosave, draft_autosave
from onboarding.portal.views.pages import home, my_applications

__all__ = [
    "apply",
    "apply_autosave",
    "draft",
    "draft_autosave",
    "home",
    "my_applications",
    "submitted",
]
