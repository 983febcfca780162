"""Admin forms for questions: what staff type must make a questionnaire applicants can answer."""

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from onboarding.core.validators import NUL_REFUSED, nul_path
from onboarding.questionnaires.models import Question

CHOICE_KINDS = {Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE}
CHOICE_KEYS = {"value", "en", "zh"}

CHOICES_SHAPE = _('Choices must be a list of {"value": "...", "en": "...", "zh": "..."}.')
CHOICES_TOO_FEW = _("A choice question needs at least two choices.")
CHOICES_NOT_ALLOWED = _("Only single and multiple choice questions have choices.")
CHOICE_VALUE_TWICE = _("The value “%(value)s” is used twice.")
BOUNDS_ORDER = _("The maximum must not be below the minimum.")
SHOW_IF_NOT_EARLIER = _("“%(key)s” is not the key of an earlier question in this questionnaire.")
SHOW_IF_SELF = _("A question cannot depend on itself.")
SHOW_IF_VALUES_MISSING = _("Give the answers that make this question show.")
SHOW_IF_VALUES_WITHOUT_KEY = _("Values need a question to compare with.")
SHOW_IF_VALUES_SHAPE = _('Give a list of answers, for example [true] or ["sales"].')
SHOW_IF_VALUE_UNKNOWN = _("“%(value)s” is not a possible answer to “%(key)s”.")


class QuestionForm(forms.ModelForm):
    """Checks one question on its own; QuestionInlineFormSet checks it against the others."""

    class Meta:
        model = Question
        fields = [
            "key",
            "position",
            "kind",
            "required",
            "label_en",
            "label_zh",
            "help_en",
            "help_zh",
            "min_value",
            "max_value",
            "max_length",
            "choices",
            "show_if_key",
            "show_if_values",
        ]

    def clean_choices(self) -> list[dict[str, str]]:
        choices = self.cleaned_data.get("choices") or []
        if nul_path(choices) is not None:
            raise forms.ValidationError(NUL_REFUSED)
        if not isinstance(choices, list) or not all(
            isinstance(item, dict)
            and set(item) == CHOICE_KEYS
            and all(isinstance(text, str) and text.strip() for text in item.values())
            for item in choices
        ):
            raise forms.ValidationError(CHOICES_SHAPE)
        values = [item["value"] for item in choices]
        for value in values:
            if values.count(value) > 1:
                raise forms.ValidationError(CHOICE_VALUE_TWICE % {"value": value})
        return choices

    def clean_show_if_values(self) -> list[Any]:
        values = self.cleaned_data.get("show_if_values")
        if nul_path(values) is not None:
            raise forms.ValidationError(NUL_REFUSED)
        if values in (None, ""):
            return []
        if not isinstance(values, list):
            raise forms.ValidationError(SHOW_IF_VALUES_SHAPE)
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        choices = data.get("choices")
        if kind in CHOICE_KINDS and choices is not None and len(choices) < 2:
            self.add_error("choices", CHOICES_TOO_FEW)
        if kind and kind not in CHOICE_KINDS and choices:
            self.add_error("choices", CHOICES_NOT_ALLOWED)
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", BOUNDS_ORDER)
        show_if_key, show_if_values = data.get("show_if_key"), data.get("show_if_values")
        if show_if_key and show_if_key == data.get("key"):
            self.add_error("show_if_key", SHOW_IF_SELF)
        elif show_if_key and show_if_values == []:
            self.add_error("show_if_values", SHOW_IF_VALUES_MISSING)
        elif not show_if_key and show_if_values:
            self.add_error("show_if_values", SHOW_IF_VALUES_WITHOUT_KEY)
        return data


def _possible_answers(question: dict[str, Any]) -> list[Any] | None:
    """What an answer to this question can be, when that is a short list; else None."""
    if question.get("kind") == Question.Kind.YES_NO:
        return [True, False]
    if question.get("kind") in CHOICE_KINDS:
        return [item["value"] for item in question.get("choices") or []]
    return None


class QuestionInlineFormSet(BaseInlineFormSet):
    """A condition may only name a question that comes before it, as applicants see them."""

    def clean(self) -> None:
        super().clean()
        rows = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("key"):
                continue
            rows.append((data.get("position") or 0, index, form))
        # The same order the questionnaire is shown in: position, then the order of the rows.
        rows.sort(key=lambda row: row[:2])
        earlier: dict[str, dict[str, Any]] = {}
        for _position, _index, form in rows:
            data = form.cleaned_data
            show_if_key = data.get("show_if_key")
            if show_if_key and show_if_key != data["key"]:
                self._check_condition(form, earlier.get(show_if_key), show_if_key)
            earlier[data["key"]] = data

    @staticmethod
    def _check_condition(form: forms.Form, target: dict[str, Any] | None, key: str) -> None:
        if target is None:
            form.add_error("show_if_key", SHOW_IF_NOT_EARLIER % {"key": key})
            return
        possible = _possible_answers(target)
        if possible is None:
            return
        for value in form.cleaned_data.get("show_if_values") or []:
            # True == 1 in Python; a yes/no condition must say true or false, not 1 or 0.
            if not any(value == p and type(value) is type(p) for p in possible):
                form.add_error(
                    "show_if_values", SHOW_IF_VALUE_UNKNOWN % {"value": value, "key": key}
                )
                return
