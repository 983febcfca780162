"""Screening: evaluate a campaign's criteria against one applicant's profile.

Pure functions over plain data, so threshold edges are tested without a database and a whole
campaign is re-scored quickly. The breakdown stores facts (value, threshold); `describe` turns
them into a sentence in the reader's language when it is shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from onboarding.applicants.models import Industry, LiveExperience, SocialAccount
from onboarding.reviews.models import Criterion

Kind = Criterion.Kind


@dataclass(frozen=True)
class Profile:
    on_camera_in_person: bool | None
    industry: str
    years_in_business: int | None
    live_experience: str
    followers: list[tuple[str, str, int]]  # (platform, handle, followers)
    answers: dict[str, Any]
    min_weekly_events: int


@dataclass
class Result:
    score: int = 0
    max_score: int = 0
    hard_failed: bool = False
    breakdown: list[dict[str, Any]] = field(default_factory=list)


def evaluate(criteria: list[Criterion], profile: Profile) -> Result:
    result = Result()
    for criterion in criteria:
        passed, facts = CHECKS[criterion.kind](criterion.params or {}, profile)
        points = criterion.weight if passed and not criterion.hard else 0
        if criterion.hard:
            result.hard_failed |= not passed
        else:
            result.max_score += criterion.weight
            result.score += points
        result.breakdown.append(
            {
                "criterion": criterion.pk,
                "name": criterion.name,
                "kind": criterion.kind,
                "hard": criterion.hard,
                "passed": passed,
                "points": points,
                "weight": 0 if criterion.hard else criterion.weight,
                "facts": facts,
            }
        )
    # A hard failure is not a high score with a flag: it scores nothing, so sorting and score
    # filters never put it among the best. The soft points stay in the breakdown.
    if result.hard_failed:
        result.score = 0
    return result


def soft_points(breakdown: list[dict[str, Any]]) -> int:
    """What the soft criteria gave, whatever the hard ones said."""
    return sum(entry.get("points", 0) for entry in breakdown if not entry.get("hard"))


def failed_hard(breakdown: list[dict[str, Any]]) -> list[str]:
    """The names of the hard criteria the application fails, in the campaign's order."""
    return [entry["name"] for entry in breakdown if entry.get("hard") and not entry.get("passed")]


def _on_camera(params: dict, p: Profile) -> tuple[bool, dict]:
    return bool(p.on_camera_in_person), {"value": p.on_camera_in_person}


def _followers(params: dict, p: Profile) -> tuple[bool, dict]:
    """Passes when any account reaches the threshold set for its platform."""
    thresholds = params.get("thresholds", {})
    default = params.get("default")
    closest: tuple[float, dict] | None = None
    for platform, handle, count in p.followers:
        needed = thresholds.get(platform, default)
        if needed is None:
            continue
        facts = {"platform": platform, "handle": handle, "value": count, "threshold": needed}
        if count >= needed:
            return True, facts
        if closest is None or count / max(needed, 1) > closest[0]:
            closest = (count / max(needed, 1), facts)
    return False, closest[1] if closest else {"value": None}


def _at_least(value: Any, minimum: Any) -> tuple[bool, dict]:
    facts = {"value": value, "threshold": minimum}
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False, {**facts, "value": None}
    return value >= minimum, facts


def _weekly_events(params: dict, p: Profile) -> tuple[bool, dict]:
    return _at_least(p.answers.get(params.get("question", "weekly_events")), p.min_weekly_events)


def _answer_at_least(params: dict, p: Profile) -> tuple[bool, dict]:
    return _at_least(p.answers.get(params.get("question", "")), params.get("min", 0))


def _years_in_business(params: dict, p: Profile) -> tuple[bool, dict]:
    return _at_least(p.years_in_business, params.get("min", 0))


def _industry(params: dict, p: Profile) -> tuple[bool, dict]:
    return p.industry in params.get("industries", []), {"value": p.industry}


def _live_experience(params: dict, p: Profile) -> tuple[bool, dict]:
    return p.live_experience in params.get("levels", []), {"value": p.live_experience}


CHECKS: dict[str, Callable[[dict, Profile], tuple[bool, dict]]] = {
    Kind.ON_CAMERA: _on_camera,
    Kind.FOLLOWERS: _followers,
    Kind.WEEKLY_EVENTS: _weekly_events,
    Kind.ANSWER_AT_LEAST: _answer_at_least,
    Kind.YEARS_IN_BUSINESS: _years_in_business,
    Kind.INDUSTRY: _industry,
    Kind.LIVE_EXPERIENCE: _live_experience,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return _is_number(value) and value >= 0


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _thresholds(value: Any) -> bool:
    return isinstance(value, dict) and all(
        platform in SocialAccount.Platform.values and _count(count)
        for platform, count in value.items()
    )


def _one_of(choices: type[models.TextChoices]) -> Any:
    return lambda value: isinstance(value, list) and all(v in choices.values for v in value)


# Each kind's parameters: name -> (check, required). A lead's typo would otherwise be stored, then
# fail every later screening of the campaign (or never match anyone, without a word).
PARAMS: dict[str, dict[str, tuple[Callable[[Any], Any], bool]]] = {
    Kind.ON_CAMERA: {},
    Kind.FOLLOWERS: {
        "thresholds": (_thresholds, False),
        "default": (lambda value: value is None or _count(value), False),
    },
    Kind.WEEKLY_EVENTS: {"question": (_text, False)},
    Kind.ANSWER_AT_LEAST: {"question": (_text, True), "min": (_is_number, True)},
    Kind.YEARS_IN_BUSINESS: {"min": (_count, True)},
    Kind.INDUSTRY: {"industries": (_one_of(Industry), True)},
    Kind.LIVE_EXPERIENCE: {"levels": (_one_of(LiveExperience), True)},
}


def params_problems(kind: str, params: Any) -> list[str]:
    """What is wrong with a criterion's parameters for its kind; empty when they are usable."""
    if not isinstance(params, dict):
        return [_("Parameters must be an object.")]
    spec = PARAMS[kind]
    problems = [_("Unknown parameter “%(name)s”.") % {"name": n} for n in params if n not in spec]
    for name, (check, required) in spec.items():
        if name not in params:
            if required:
                problems.append(_("Parameter “%(name)s” is required.") % {"name": name})
        elif not check(params[name]):
            problems.append(_("Parameter “%(name)s” is not valid.") % {"name": name})
    return problems


def describe(entry: dict[str, Any], *, anonymous: bool = False) -> str:
    """Why a criterion gave what it gave, in the active language; `anonymous` leaves out the
    social handle, for blind review."""
    facts = entry.get("facts", {})
    value, threshold = facts.get("value"), facts.get("threshold")
    if value is None:
        return _("not answered")
    if entry["kind"] == Kind.ON_CAMERA:
        return _("appears on camera in person") if value else _("will not appear on camera")
    if entry["kind"] == Kind.FOLLOWERS and anonymous:
        return _("%(platform)s: %(value)s followers, threshold %(threshold)s") % {
            "platform": facts["platform"],
            "value": f"{value:,}",
            "threshold": f"{threshold:,}",
        }
    if entry["kind"] == Kind.FOLLOWERS:
        return _("%(platform)s @%(handle)s: %(value)s followers, threshold %(threshold)s") % {
            "platform": facts["platform"],
            "handle": facts["handle"],
            "value": f"{value:,}",
            "threshold": f"{threshold:,}",
        }
    if threshold is not None:
        return _("%(value)s against a minimum of %(threshold)s") % facts
    return (
        _("%(value)s is listed") % facts
        if entry["passed"]
        else _("%(value)s is not listed") % facts
    )
