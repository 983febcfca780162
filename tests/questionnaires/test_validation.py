"""Each question kind's rules, checked against unsaved Question rows (no database needed)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onboarding.questionnaires.models import Question
from onboarding.questionnaires.validation import clean_answers

Kind = Question.Kind


def question(kind, key="q", **fields) -> Question:
    return Question(key=key, kind=kind, label_en=f"Label {key}", label_zh=f"标签 {key}", **fields)


def check(q: Question, value, *, partial=False):
    return clean_answers([q], {q.key: value}, partial=partial)


CHOICES = [
    {"value": "a", "en": "A", "zh": "甲"},
    {"value": "b", "en": "B", "zh": "乙"},
    {"value": "c", "en": "C", "zh": "丙"},
]


class TestNumber:
    q = question(Kind.NUMBER, min_value=1, max_value=14)

    @pytest.mark.parametrize("value", [1, 14, "7"])
    def test_inside_bounds(self, value):
        assert check(self.q, value) == ({"q": int(value)}, {})

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            (0, "at least 1"),
            (15, "at most 14"),
            (2.5, "whole number"),
            ("three", "whole number"),
            (True, "whole number"),
        ],
    )
    def test_outside_bounds_or_not_a_number(self, value, reason):
        cleaned, errors = check(self.q, value)
        assert cleaned == {}
        assert reason in errors["q"][0] and "Label q" in errors["q"][0]

    @given(st.integers())
    def test_any_integer_is_accepted_exactly_when_in_bounds(self, value):
        cleaned, errors = check(self.q, value)
        assert (cleaned == {"q": value}) == (1 <= value <= 14)
        assert bool(errors) != (1 <= value <= 14)


class TestChoices:
    single = question(Kind.SINGLE_CHOICE, choices=CHOICES)
    multiple = question(Kind.MULTIPLE_CHOICE, choices=CHOICES, min_value=1, max_value=2)

    def test_single_choice_must_be_one_of_the_values(self):
        assert check(self.single, "b") == ({"q": "b"}, {})
        assert "not one of the choices" in check(self.single, "z")[1]["q"][0]
        assert check(self.single, ["a"])[1]

    def test_multiple_choice_keeps_questionnaire_order(self):
        assert check(self.multiple, ["b", "a"]) == ({"q": ["a", "b"]}, {})

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            (["a", "z"], "not one of the choices"),
            (["a", "a"], "twice"),
            (["a", "b", "c"], "at most 2"),
            ("a", "choose from the list"),
        ],
    )
    def test_multiple_choice_refusals(self, value, reason):
        assert reason in check(self.multiple, value)[1]["q"][0]

    def test_empty_multiple_choice_counts_as_missing(self):
        assert "needs an answer" in check(self.multiple, [])[1]["q"][0]


class TestTextAndYesNo:
    def test_text_is_trimmed_and_bounded(self):
        q = question(Kind.TEXT, max_length=5)
        assert check(q, "  hello ") == ({"q": "hello"}, {})
        assert "at most 5 characters" in check(q, "toolong")[1]["q"][0]
        assert check(q, 42)[1]

    @pytest.mark.parametrize("value", [True, False])
    def test_yes_no_takes_booleans(self, value):
        assert check(question(Kind.YES_NO), value) == ({"q": value}, {})

    @pytest.mark.parametrize("value", ["yes", 1, "true"])
    def test_yes_no_refuses_anything_else(self, value):
        assert "yes or no" in check(question(Kind.YES_NO), value)[1]["q"][0]


class TestWeeklyAvailability:
    q = question(Kind.WEEKLY_AVAILABILITY, min_value=2)

    def test_windows_are_sorted_by_day_and_time(self):
        value = [
            {"day": "thu", "start": "20:00", "end": "22:00"},
            {"day": "mon", "start": "09:00", "end": "11:00"},
        ]
        cleaned, errors = check(self.q, value)
        assert errors == {}
        assert [w["day"] for w in cleaned["q"]] == ["mon", "thu"]

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ([{"day": "funday", "start": "09:00", "end": "10:00"}], "not a weekday"),
            ([{"day": "mon", "start": "9am", "end": "10:00"}], "HH:MM"),
            ([{"day": "mon", "start": "22:00", "end": "20:00"}], "end after it starts"),
            (
                [
                    {"day": "mon", "start": "19:00", "end": "22:00"},
                    {"day": "mon", "start": "21:00", "end": "23:00"},
                ],
                "overlap",
            ),
            ([{"day": "mon", "start": "19:00"}], "a day, a start and an end"),
            ([{"day": "mon", "start": "19:00", "end": "22:00"}], "at least 2 days"),
            ({"mon": "evening"}, "list of weekly time windows"),
        ],
    )
    def test_refusals(self, value, reason):
        assert reason in check(self.q, value)[1]["q"][0]


class TestRequiredAndConditional:
    gate = question(Kind.YES_NO, key="needs_logistics")
    detail = question(
        Kind.TEXT, key="address", show_if_key="needs_logistics", show_if_values=[True]
    )

    def test_required_question_needs_an_answer_unless_partial(self):
        q = question(Kind.TEXT)
        assert "needs an answer" in check(q, "")[1]["q"][0]
        assert check(q, "", partial=True) == ({}, {})

    def test_optional_question_may_be_left_out(self):
        assert check(question(Kind.TEXT, required=False), None) == ({}, {})

    def test_hidden_question_is_dropped_even_when_answered(self):
        cleaned, errors = clean_answers(
            [self.gate, self.detail], {"needs_logistics": False, "address": "somewhere"}
        )
        assert (cleaned, errors) == ({"needs_logistics": False}, {})

    def test_shown_question_is_required(self):
        cleaned, errors = clean_answers([self.gate, self.detail], {"needs_logistics": True})
        assert list(errors) == ["address"]

    def test_unknown_keys_are_reported(self):
        assert "no such question" in clean_answers([self.gate], {"shoe": 1})[1]["shoe"][0]

    def test_every_problem_is_reported_at_once(self):
        questions = [question(Kind.NUMBER, key="n", max_value=3), question(Kind.YES_NO, key="y")]
        _cleaned, errors = clean_answers(questions, {"n": 5, "y": "maybe", "z": 1})
        assert set(errors) == {"n", "y", "z"}
