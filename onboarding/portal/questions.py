"""The questionnaire as HTML form fields: read answers from a post, and lay them out to render.

Answers are read into the shape the questionnaire service checks (numbers as text, yes/no as
booleans, availability as a list of windows); what is allowed is decided there, not here.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.dates import WEEKDAYS as DAY_NAMES
from django.utils.translation import gettext as _

from onboarding.questionnaires.models import WEEKDAYS, Question

Kind = Question.Kind
YES, NO = "yes", "no"


def field_name(question: Question) -> str:
    return f"q-{question.key}"


def answers_from_post(questions: list[Question], data: QueryDict) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in questions:
        name = field_name(question)
        if question.kind == Kind.MULTIPLE_CHOICE:
            value: Any = data.getlist(name)
        elif question.kind == Kind.YES_NO:
            raw = data.get(name, "")
            # Anything but yes or no is passed on as given, for the check to name it.
            value = {YES: True, NO: False}.get(raw, raw)
        elif question.kind == Kind.WEEKLY_AVAILABILITY:
            value = [
                {
                    "day": day,
                    "start": data.get(f"{name}-{day}-start", "").strip(),
                    "end": data.get(f"{name}-{day}-end", "").strip(),
                }
                for day in WEEKDAYS
                if data.get(f"{name}-{day}")
            ]
        else:
            # Blank text counts as no answer, so a required question cannot be answered by spaces.
            value = data.get(name, "").strip()
        if value not in ("", [], None):
            answers[question.key] = value
    return answers


def form_value(value: Any) -> str:
    """An answer value as the form posts it (True is "yes")."""
    if value is True:
        return YES
    if value is False:
        return NO
    return "" if value is None else str(value)


@dataclass
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass
class Day:
    code: str
    label: str
    checked: bool
    start: str
    end: str
    id: str


@dataclass
class QuestionField:
    """One question with its current answer and errors, ready for portal/_question.html."""

    question: Question
    value: Any = None
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return field_name(self.question)

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def uses_fieldset(self) -> bool:
        return self.kind not in (Kind.NUMBER, Kind.TEXT)

    @property
    def text(self) -> str:
        return form_value(self.value) if not isinstance(self.value, list | dict) else ""

    @property
    def described_by(self) -> str:
        ids = []
        if self.question.help_text:
            ids.append(f"{self.id}_helptext")
        if self.errors:
            ids.append(f"{self.id}_error")
        return " ".join(ids)

    @property
    def show_if_field(self) -> str:
        return f"q-{self.question.show_if_key}" if self.question.show_if_key else ""

    @property
    def show_if_values(self) -> str:
        return json.dumps([form_value(v) for v in self.question.show_if_values])

    def choices(self) -> list[Choice]:
        if self.kind == Kind.YES_NO:
            pairs = [(YES, _("Yes")), (NO, _("No"))]
        else:
            pairs = self.question.choice_pairs()
        selected = self.value if isinstance(self.value, list) else [self.value]
        selected = {form_value(v) for v in selected}
        return [
            Choice(value=value, label=label, checked=value in selected, id=f"{self.id}_{index}")
            for index, (value, label) in enumerate(pairs)
        ]

    def days(self) -> list[Day]:
        windows: dict[str, dict] = {}
        for window in self.value if isinstance(self.value, list) else []:
            # The form offers one window a day, so only a day's first window is shown.
            if isinstance(window, dict):
                windows.setdefault(window.get("day"), window)
        return [
            Day(
                code=day,
                label=str(DAY_NAMES[index]),
                checked=day in windows,
                start=str(windows.get(day, {}).get("start", "")),
                end=str(windows.get(day, {}).get("end", "")),
                id=f"{self.id}_{day}",
            )
            for index, day in enumerate(WEEKDAYS)
        ]
