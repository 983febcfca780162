"""Django forms for the applicant's own fields and social accounts: types and formats only.

Completeness (what must be filled in before sending) is the service's call, so every field here
is optional; the service reports what is missing.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.applicants.models import Application, LiveExperience, SocialAccount
from onboarding.applicants.normalise import normalize_handle
from onboarding.applicants.services import APPLICANT_FIELDS, ASSISTANT_FIELDS, REQUIRED_ON_SUBMIT
from onboarding.core.models import User

# How the applicant's fields are grouped on the page; a field not named here goes last.
SECTIONS = [
    (_("About you"), ["full_name", "job_title", "email", "phone"]),
    (
        _("Your company and brand"),
        [
            "company_name",
            "industry",
            "company_website",
            "years_in_business",
            "brand_name",
            "products",
        ],
    ),
    (
        _("Live selling"),
        ["on_camera_in_person", "live_experience", "live_experience_notes"],
    ),
    (_("Your assistant (optional)"), ["assistant_name", "assistant_email", "assistant_phone"]),
]

YES_NO_CHOICES = [("True", _("Yes")), ("False", _("No"))]


def _formfield(field: models.Field, **kwargs) -> forms.Field | None:
    # A website typed without a scheme is taken as https, as Django 6 will do by default.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ApplicantForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        formfield_callback = _formfield
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "company_website": forms.URLInput(attrs={"autocomplete": "url"}),
            "years_in_business": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "products": forms.Textarea(attrs={"rows": 3}),
            "live_experience_notes": forms.Textarea(attrs={"rows": 3}),
            "on_camera_in_person": forms.RadioSelect(choices=YES_NO_CHOICES),
            "live_experience": forms.RadioSelect,
            "assistant_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "assistant_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "phone": _("Mobile number with country code if outside mainland China, e.g. +852…"),
            "company_website": _("Starting with https://"),
            "products": _("What you make or sell, in a sentence or two."),
            "on_camera_in_person": _("The programme is for CEOs who present in person."),
            "assistant_name": _(
                "We tell your assistant if a show of yours is not confirmed in time."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["live_experience"].choices = LiveExperience.choices
        for name in REQUIRED_ON_SUBMIT:
            if name in self.fields:
                self.fields[name].required_on_submit = True
                self.fields[name].widget.attrs["aria-required"] = "true"

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        placed = {name for _title, names in SECTIONS for name in names}
        groups = [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in SECTIONS
        ]
        rest = [self[name] for name in self.fields if name not in placed]
        if rest:
            groups.append((_("More about you"), rest))
        return groups


class SocialAccountForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = SocialAccount
        fields = ["platform", "handle", "followers"]
        widgets = {"followers": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})}
        help_texts = {"handle": _("Your account name, without @.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_permitted", True)
        super().__init__(*args, **kwargs)

    def clean_handle(self) -> str:
        handle = normalize_handle(self.cleaned_data["handle"])
        if not handle:
            raise forms.ValidationError(_("Enter the account name."))
        return handle

    def as_data(self) -> dict | None:
        """The account as the service takes it, or None for a row left empty."""
        if not self.has_changed():
            return None
        return {key: self.cleaned_data[key] for key in ("platform", "handle", "followers")}


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail or username and password do not match an account. Applicants: the "
            "password is the one you set from the link in our e-mail."
        ),
    }
    username = forms.CharField(
        label=_("E-mail or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if "@" not in username:
            return username
        # Applicants' accounts are named by their e-mail, which the service stores in lower case;
        # staff named otherwise may sign in with the one e-mail address on their account.
        username = username.lower()
        if not User.objects.filter(username=username).exists():
            named = list(User.objects.filter(email__iexact=username).values_list("username")[:2])
            if len(named) == 1:
                return named[0][0]
        return username


class AssistantForm(forms.ModelForm):
    """The assistant on the status page, after sending: formats here, rules in the service."""

    use_required_attribute = False

    class Meta:
        model = Application
        fields = ASSISTANT_FIELDS
        widgets = {
            "assistant_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "assistant_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
