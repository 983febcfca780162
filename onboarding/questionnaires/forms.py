"""Admin forms for questions: what staff type must make a questionnaire applicants can answer.

The rules live in onboarding/questionnaires/integrity.py (publishing checks them too); these
forms feed them what staff typed and show what they say on the right field.
"""

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet

from onboarding.core.validators import NUL_REFUSED, nul_path
from onboarding.questionnaires import integrity
from onboarding.questionnaires.models import Question


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

    def clean_choices(self) -> Any:
        choices = self.cleaned_data.get("choices") or []
        if nul_path(choices) is not None:
            raise forms.ValidationError(NUL_REFUSED)
        return choices

    def clean_show_if_values(self) -> Any:
        values = self.cleaned_data.get("show_if_values")
        if nul_path(values) is not None:
            raise forms.ValidationError(NUL_REFUSED)
        return [] if values in (None, "") else values

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field, messages in integrity.question_problems(data).items():
            # A field that failed its own cleaning already says why.
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data


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
        forms_in_order = [form for _position, _index, form in rows]
        found = integrity.condition_problems(form.cleaned_data for form in forms_in_order)
        for form, problems in zip(forms_in_order, found, strict=True):
            for field, messages in problems.items():
                for message in messages:
                    form.add_error(field, message)
