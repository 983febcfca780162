"""The whole application page as one form: applicant fields, social accounts, answers, consent.

It reads a post into the arguments the services take, and puts the services' errors back
beside the fields they are about.
"""

from typing import Any

from django.forms.models import model_to_dict
from django.http import QueryDict
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application
from onboarding.applicants.normalise import ACCOUNT_LISTED_ABOVE, repeated_accounts
from onboarding.applicants.services import (
    APPLICANT_FIELDS,
    MAX_SOCIAL_ACCOUNTS,
    submission_problems,
)
from onboarding.core.errors import Invalid
from onboarding.portal.forms import ApplicantForm, SocialAccountForm
from onboarding.portal.questions import QuestionField, answers_from_post
from onboarding.questionnaires.models import Questionnaire
from onboarding.questionnaires.selectors import answer_values
from onboarding.questionnaires.services import answers_clean

SOCIAL_ROWS = 3
ROWS_FIELD = "social_rows"
ACCOUNT_FIELDS = ["platform", "handle", "followers"]
GENERAL = "__all__"


def _row_count(raw: str | None) -> int:
    try:
        rows = int(raw or SOCIAL_ROWS)
    except ValueError:
        rows = SOCIAL_ROWS
    return min(max(rows, SOCIAL_ROWS), MAX_SOCIAL_ACCOUNTS)


class ApplicationForm:
    def __init__(self, *, questionnaire: Questionnaire, data: QueryDict | None = None):
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.all())
        # Errors that belong to no Django form field: "social_accounts", "consent", GENERAL.
        self.errors: dict[str, list[str]] = {}
        self.answer_errors: dict[str, list[str]] = {}
        if data is None:
            self.applicant = ApplicantForm()
            self.accounts = self._account_forms(SOCIAL_ROWS)
            self.answers: dict[str, Any] = {}
            self.consent = False
        else:
            self.applicant = ApplicantForm(data)
            self.accounts = self._account_forms(_row_count(data.get(ROWS_FIELD)), data=data)
            self.answers = answers_from_post(self.questions, data)
            self.consent = bool(data.get("consent"))

    @classmethod
    def for_draft(cls, application: Application) -> "ApplicationForm":
        """An unbound form showing what the draft holds so far."""
        form = cls(questionnaire=application.questionnaire)
        form.applicant = ApplicantForm(instance=application)
        saved = [model_to_dict(a, ACCOUNT_FIELDS) for a in application.social_accounts.all()]
        form.accounts = form._account_forms(max(SOCIAL_ROWS, len(saved)), initial=saved)
        form.answers = answer_values(application)
        return form

    @staticmethod
    def _account_forms(rows: int, *, data=None, initial=()) -> list[SocialAccountForm]:
        initial = list(initial)
        return [
            SocialAccountForm(
                data,
                prefix=f"social-{row}",
                initial=initial[row] if row < len(initial) else None,
            )
            for row in range(rows)
        ]

    # Reading a post

    def is_valid(self, *, partial: bool) -> bool:
        """Whether the fields are well formed enough to hand to a service.

        The service then checks the answers and completeness, and reports all it finds at once.
        When a field is malformed the service is not called, so the answers are checked here
        (a read, nothing saved) and their errors shown in the same round.
        """
        self.applicant.is_valid()
        for form in self.accounts:
            form.is_valid()
        self._refuse_repeated_accounts()
        if not self.has_errors:
            return True
        try:
            answers_clean(questionnaire=self.questionnaire, raw=self.answers, partial=partial)
        except Invalid as exc:
            self.add_invalid(exc)
        if not partial:
            given = {**self.applicant.data.dict(), **getattr(self.applicant, "cleaned_data", {})}
            missing = submission_problems(
                applicant_data={name: given.get(name) for name in APPLICANT_FIELDS},
                social_accounts=[form for form in self.accounts if form.has_changed()],
                consent=self.consent,
            )
            already = set(self.applicant.errors) | set(self.errors)
            missing = {name: msgs for name, msgs in missing.items() if name not in already}
            if missing:
                self.add_invalid(Invalid("", fields=missing))
        return False

    def _refuse_repeated_accounts(self) -> None:
        # The same account twice would break the table's unique constraint mid-save; the
        # service's answer to "the same account" (any letter case), shown on the row.
        accounts = [form.as_data() if not form.errors else None for form in self.accounts]
        for index in repeated_accounts(accounts):
            self.accounts[index].add_error("handle", _(ACCOUNT_LISTED_ABOVE))

    def applicant_data(self) -> dict[str, Any]:
        return {name: self.applicant.cleaned_data[name] for name in APPLICANT_FIELDS}

    def social_accounts(self) -> list[dict]:
        return [account for form in self.accounts if (account := form.as_data())]

    def draft_data(self) -> dict[str, Any]:
        """Keyword arguments for services.draft_save."""
        return {
            "applicant_data": self.applicant_data(),
            "social_accounts": self.social_accounts(),
            "answers": self.answers,
        }

    def submit_data(self) -> dict[str, Any]:
        """Keyword arguments for services.application_submit, less campaign and language."""
        return {**self.draft_data(), "consent": self.consent}

    # Errors

    def add_invalid(self, exc: Invalid) -> None:
        """Put a service's field errors beside the fields they name."""
        keys = {q.key for q in self.questions}
        for name, messages in exc.fields.items():
            if name == "answers" and isinstance(messages, dict):
                for key, texts in messages.items():
                    target = self.answer_errors if key in keys else self.errors
                    target.setdefault(key if key in keys else GENERAL, []).extend(texts)
            elif name in self.applicant.fields:
                self.applicant.add_error(name, list(messages))
            elif name in ("social_accounts", "consent"):
                self.errors.setdefault(name, []).extend(messages)
            else:
                self.errors.setdefault(GENERAL, []).extend(messages)
        if not exc.fields:
            self.errors.setdefault(GENERAL, []).append(exc.message)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.applicant.errors
            or any(form.errors for form in self.accounts)
            or self.errors
            or self.answer_errors
        )

    def field_errors(self) -> dict[str, list[str]]:
        """Every error keyed by the name of the form field it is shown beside."""
        errors: dict[str, list[str]] = {}
        for form in [self.applicant, *self.accounts]:
            for name, texts in form.errors.items():
                key = GENERAL if name == GENERAL else form[name].html_name
                errors.setdefault(key, []).extend(texts)
        for key, texts in self.answer_errors.items():
            errors[f"q-{key}"] = list(texts)
        for key, texts in self.errors.items():
            errors.setdefault(key, []).extend(texts)
        return errors

    def summary(self) -> list[tuple[str, str]]:
        """(anchor, text) for the list of problems at the top of the page."""
        lines: list[tuple[str, str]] = []
        for form, prefix in [(self.applicant, ""), *self._account_prefixes()]:
            for name, texts in form.errors.items():
                if name == GENERAL:
                    lines += [("#application-form", text) for text in texts]
                    continue
                label = f"{prefix}{form.fields[name].label}"
                lines += [(f"#{form[name].auto_id}", f"{label}: {text}") for text in texts]
        for question in self.questions:
            for text in self.answer_errors.get(question.key, []):
                lines.append((f"#q-{question.key}", text))
        for key, anchor in [("social_accounts", "#social-accounts"), ("consent", "#id_consent")]:
            lines += [(anchor, text) for text in self.errors.get(key, [])]
        lines += [("#application-form", text) for text in self.errors.get(GENERAL, [])]
        return lines

    def _account_prefixes(self) -> list[tuple[SocialAccountForm, str]]:
        return [
            (form, _("Account %(number)s") % {"number": row + 1} + " – ")
            for row, form in enumerate(self.accounts)
        ]

    # Rendering

    def question_fields(self) -> list[QuestionField]:
        return [
            QuestionField(
                question=question,
                value=self.answers.get(question.key),
                errors=self.answer_errors.get(question.key, []),
            )
            for question in self.questions
        ]

    @property
    def rows(self) -> int:
        return len(self.accounts)
