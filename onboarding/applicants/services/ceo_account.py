"""The CEO's sign-in account, made on their first submission, and the link that sets its
password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from onboarding.applicants.models import Application
from onboarding.core.models import Role, User


def ceo_account_for(application: Application) -> tuple[User | None, bool]:
    """The applicant's account and whether it was made now; staff accounts are left alone
    (None: a staff member applying keeps their own sign-in, and the application no user)."""
    user = User.objects.filter(email__iexact=application.email).first()
    created = user is None
    if user is None:
        user = User(
            # Sign-in is by e-mail; the username only has to be unique and fit its column.
            username=application.email[:150],
            email=application.email,
            role=Role.CEO,
            language=application.language,
            first_name=application.full_name[:150],
        )
        user.set_unusable_password()
        user.save()
    return (user if user.role == Role.CEO else None), created


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("portal:set-password", args=[uid, token])
