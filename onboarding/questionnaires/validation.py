"""Check answers against the questions they answer; every problem is reported at once.

Each check returns the cleaned value or raises AnswerError with a message that names the question.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from onboarding.core.validators import NUL_REFUSED, nul_path
from onboarding.questionnaires.models import WEEKDAYS, Question

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_WINDOWS_PER_DAY = 4


class AnswerError(Exception):
    pass


def is_visible(question: Question, answers: dict[str, Any]) -> bool:
    """A conditional question shows only when the earlier answer is one of its values."""
    if not question.show_if_key:
        return True
    given = answers.get(question.show_if_key)
    values = question.show_if_values
    if isinstance(given, list):
        return any(item in values for item in given)
    return given in values


def is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def clean_answers(
    questions: Iterable[Question], raw: dict[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return (cleaned answers by key, errors by key).

    Hidden questions are dropped. With partial=True (a draft), missing answers are fine but
    what is given must still be well formed.
    """
    questions = list(questions)
    known = {q.key for q in questions}
    errors: dict[str, list[str]] = {
        key: [_("There is no such question in this questionnaire.")]
        for key in sorted(set(raw) - known)
    }
    cleaned: dict[str, Any] = {}
    for question in questions:
        if not is_visible(question, cleaned):
            continue
        value = raw.get(question.key)
        # PostgreSQL keeps NUL in no text or jsonb value: a form error, not a failed save.
        if nul_path(value) is not None:
            errors[question.key] = [f"“{question.label}”: {NUL_REFUSED}"]
            continue
        if is_empty(value):
            if question.required and not partial:
                errors[question.key] = [
                    _("“%(question)s” needs an answer.") % {"question": question.label}
                ]
            continue
        try:
            cleaned[question.key] = CHECKS[question.kind](question, value)
        except AnswerError as exc:
            errors[question.key] = [f"“{question.label}”: {exc}"]
    return cleaned, errors


def _number(question: Question, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise AnswerError(_("enter a whole number."))
    try:
        number = int(value)
    except ValueError:
        raise AnswerError(_("enter a whole number.")) from None
    if question.min_value is not None and number < question.min_value:
        raise AnswerError(_("must be at least %(min)s.") % {"min": question.min_value})
    if question.max_value is not None and number > question.max_value:
        raise AnswerError(_("must be at most %(max)s.") % {"max": question.max_value})
    return number


def _single_choice(question: Question, value: Any) -> str:
    if value not in question.choice_values():
        raise AnswerError(_("“%(value)s” is not one of the choices.") % {"value": value})
    return value


def _multiple_choice(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise AnswerError(_("choose from the list."))
    unknown = [item for item in value if item not in question.choice_values()]
    if unknown:
        raise AnswerError(
            _("“%(value)s” is not one of the choices.") % {"value": ", ".join(map(str, unknown))}
        )
    if len(set(value)) != len(value):
        raise AnswerError(_("a choice is given twice."))
    if question.min_value is not None and len(value) < question.min_value:
        raise AnswerError(_("choose at least %(min)s.") % {"min": question.min_value})
    if question.max_value is not None and len(value) > question.max_value:
        raise AnswerError(_("choose at most %(max)s.") % {"max": question.max_value})
    # Keep the questionnaire's order, whatever order the client sent.
    return [choice for choice in question.choice_values() if choice in value]


def _text(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError(_("enter text."))
    text = value.strip()
    if len(text) > question.max_length:
        raise AnswerError(
            _("use at most %(max)s characters (you used %(count)s).")
            % {"max": question.max_length, "count": len(text)}
        )
    return text


def _yes_no(question: Question, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AnswerError(_("answer yes or no."))
    return value


def _weekly_availability(question: Question, value: Any) -> list[dict[str, str]]:
    """A list of {"day": "mon", "start": "19:00", "end": "22:00"} windows, none overlapping."""
    if not isinstance(value, list):
        raise AnswerError(_("give a list of weekly time windows."))
    windows = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"day", "start", "end"}:
            raise AnswerError(_("each window needs a day, a start and an end."))
        day, start, end = item["day"], item["start"], item["end"]
        if day not in WEEKDAYS:
            raise AnswerError(_("“%(day)s” is not a weekday.") % {"day": day})
        if not (isinstance(start, str) and TIME.match(start)) or not (
            isinstance(end, str) and TIME.match(end)
        ):
            raise AnswerError(_("times are written HH:MM, for example 19:30."))
        if start >= end:
            raise AnswerError(_("a window must end after it starts."))
        windows.append({"day": day, "start": start, "end": end})
    windows.sort(key=lambda w: (WEEKDAYS.index(w["day"]), w["start"]))
    for earlier, later in zip(windows, windows[1:], strict=False):
        if earlier["day"] == later["day"] and later["start"] < earlier["end"]:
            raise AnswerError(_("two windows overlap on the same day."))
    for day in WEEKDAYS:
        if sum(1 for w in windows if w["day"] == day) > MAX_WINDOWS_PER_DAY:
            raise AnswerError(_("at most %(max)s windows a day.") % {"max": MAX_WINDOWS_PER_DAY})
    if question.min_value is not None and len({w["day"] for w in windows}) < question.min_value:
        raise AnswerError(_("choose at least %(min)s days.") % {"min": question.min_value})
    return windows


CHECKS: dict[str, Callable[[Question, Any], object]] = {
    Question.Kind.NUMBER: _number,
    Question.Kind.SINGLE_CHOICE: _single_choice,
    Question.Kind.MULTIPLE_CHOICE: _multiple_choice,
    Question.Kind.TEXT: _text,
    Question.Kind.YES_NO: _yes_no,
    Question.Kind.WEEKLY_AVAILABILITY: _weekly_availability,
}
