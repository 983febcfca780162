"""What makes a questionnaire one applicants can answer: the rules, in one place.

`questionnaire_publish` refuses a version that breaks them; the admin forms run the same checks
on what staff type and only show what they say. Questions are plain mappings (a form's cleaned
data or a saved question's fields), so both callers feed the same functions.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from onboarding.questionnaires.models import Question

CHOICE_KINDS = {Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE}
CHOICE_KEYS = {"value", "en", "zh"}
# The fields of a question these rules read (what the publish check loads).
FIELDS = ("key", "kind", "min_value", "max_value", "choices", "show_if_key", "show_if_values")

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

Problems = dict[str, list[str]]


def choices_problem(choices: Any) -> str | None:
    """Why a list of choices is malformed (shape, a value twice), or None."""
    if not isinstance(choices, list) or not all(
        isinstance(item, dict)
        and set(item) == CHOICE_KEYS
        and all(isinstance(text, str) and text.strip() for text in item.values())
        for item in choices
    ):
        return str(CHOICES_SHAPE)
    values = [item["value"] for item in choices]
    for value in values:
        if values.count(value) > 1:
            return CHOICE_VALUE_TWICE % {"value": value}
    return None


def show_if_values_problem(values: Any) -> str | None:
    if values in (None, "") or isinstance(values, list):
        return None
    return str(SHOW_IF_VALUES_SHAPE)


def question_problems(question: Mapping[str, Any]) -> Problems:
    """What is wrong with one question on its own, by field."""
    problems: Problems = {}

    def add(field: str, message: Any) -> None:
        problems.setdefault(field, []).append(str(message))

    kind, choices = question.get("kind"), question.get("choices")
    shape = choices_problem(choices or [])
    if shape is not None:
        add("choices", shape)
    elif kind in CHOICE_KINDS and len(choices or []) < 2:
        add("choices", CHOICES_TOO_FEW)
    elif kind and kind not in CHOICE_KINDS and choices:
        add("choices", CHOICES_NOT_ALLOWED)
    low, high = question.get("min_value"), question.get("max_value")
    if low is not None and high is not None and low > high:
        add("max_value", BOUNDS_ORDER)
    show_if_key, show_if_values = question.get("show_if_key"), question.get("show_if_values")
    values_shape = show_if_values_problem(show_if_values)
    if values_shape is not None:
        add("show_if_values", values_shape)
    elif show_if_key and show_if_key == question.get("key"):
        add("show_if_key", SHOW_IF_SELF)
    elif show_if_key and not show_if_values:
        add("show_if_values", SHOW_IF_VALUES_MISSING)
    elif not show_if_key and show_if_values:
        add("show_if_values", SHOW_IF_VALUES_WITHOUT_KEY)
    return problems


def _possible_answers(question: Mapping[str, Any]) -> list[Any] | None:
    """What an answer to this question can be, when that is a short list; else None."""
    if question.get("kind") == Question.Kind.YES_NO:
        return [True, False]
    if question.get("kind") in CHOICE_KINDS and choices_problem(question.get("choices")) is None:
        return [item["value"] for item in question.get("choices") or []]
    return None


def condition_problems(questions: Iterable[Mapping[str, Any]]) -> list[Problems]:
    """Each condition against the questions before it, in the order applicants see them.

    A `show_if` must name an earlier question and ask for answers that question can have.
    Returns one dict of problems per question, in the order given.
    """
    earlier: dict[str, Mapping[str, Any]] = {}
    found: list[Problems] = []
    for question in questions:
        problems: Problems = {}
        key = question.get("show_if_key")
        if key and key != question.get("key"):
            target = earlier.get(key)
            if target is None:
                problems["show_if_key"] = [SHOW_IF_NOT_EARLIER % {"key": key}]
            elif (possible := _possible_answers(target)) is not None:
                for value in question.get("show_if_values") or []:
                    # True == 1 in Python; a yes/no condition must say true or false, not 1 or 0.
                    if not any(value == p and type(value) is type(p) for p in possible):
                        problems["show_if_values"] = [
                            SHOW_IF_VALUE_UNKNOWN % {"value": value, "key": key}
                        ]
                        break
        found.append(problems)
        if question.get("key"):
            earlier[question["key"]] = question
    return found


def questionnaire_problems(questions: Iterable[Mapping[str, Any]]) -> dict[str, Problems]:
    """Every problem of a questionnaire's questions (in the order shown), by question key."""
    questions = list(questions)
    found: dict[str, Problems] = {}
    for question, conditions in zip(questions, condition_problems(questions), strict=True):
        problems = question_problems(question)
        for field, messages in conditions.items():
            problems.setdefault(field, []).extend(messages)
        if problems:
            found[str(question.get("key"))] = problems
    return found
