"""The review of each application, played through the review services at the hours it happened.

Decisions are taken by the application's assigned reviewer (or, now and then, by the lead), as
the review rules require; an application that fails a hard requirement is never approved.
"""

import random
from datetime import datetime, timedelta

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_withdraw
from onboarding.core.models import User
from onboarding.reviews.models import ConflictOfInterest, ReviewCase
from onboarding.reviews.services import (
    conflict_declare,
    info_answer,
    review_decide,
    review_note_add,
    review_score,
)
from seeds.clock import call_at
from seeds.people import Person

# What each fate's decision is; fates not listed are still open.
DECISION = {
    "approved": "approve",
    "trained": "approve",
    "scheduled": "approve",
    "live": "approve",
    "waitlisted": "waitlist",
    "rejected": "reject",
}
REASONS = {
    "approve": [
        "Strong brand, large following and a firm weekly commitment.",
        "Well known in the field; on camera in person and ready to commit.",
        "Good reach and a long-standing brand; fits the campaign.",
    ],
    "waitlist": [
        "A good fit, but this campaign's training places are taken; first in line if one frees.",
        "Promising; waiting to see how many CEOs drop out before training.",
    ],
    "reject": [
        "Following too small for the campaign's reach target.",
        "Brand too young and no streaming experience yet; welcome to apply next season.",
        "Cannot commit to two live events a week during the sales window.",
    ],
    "hard": ["Will not appear on camera in person, which the programme requires."],
}
QUESTIONS = [
    "Please send a link to a recent video in which you present your products yourself.",
    "Which weeks of the sales window can you not stream? We plan studio time around them.",
    "Who holds the trademark of the brand: your company or a distributor?",
]
ANSWERS = [
    "Here is our latest product video: https://video.example.com/demo-clip (I present it).",
    "All weeks are fine except the first week of the sales window, when we attend a fair.",
    "The trademark is registered to our own company; the certificate is attached to my e-mail.",
]
NOTES = [
    "Checked the Douyin account: followers look genuine, steady engagement.",
    "Products photograph well; samples would travel easily.",
    "Ask about logistics early: the samples are heavy.",
    "Similar brand already in the campaign; keep the category balance in mind.",
]
CONFLICT = "I know this CEO personally through a trade association."


class Reviewing:
    def __init__(self, rng: random.Random, users: dict[str, User]) -> None:
        self.rng = rng
        self.lead = users["lead"]
        self.reviewers = [users["reviewer"], users["reviewer2"], users["reviewer3"]]
        self.conflicts_left = 2
        # Who holds each application; only a declared conflict changes it.
        self.holders: dict[int, User] = {}

    def assigned(self, application_id: int) -> User:
        if application_id not in self.holders:
            case = ReviewCase.objects.select_related("reviewer").get(application_id=application_id)
            self.holders[application_id] = case.reviewer or self.lead
        return self.holders[application_id]

    def score(self, application_id: int, reviewer: User, at: datetime) -> None:
        case = ReviewCase.objects.only("score", "max_score", "hard_failed").get(
            application_id=application_id
        )
        share = case.score / case.max_score if case.max_score else 0.5
        value = 1 if case.hard_failed else round(1 + 4 * share) + self.rng.choice([-1, 0, 0, 1])
        call_at(
            at,
            review_score,
            application_id=application_id,
            reviewer=reviewer,
            score=min(max(value, 1), 5),
            comment=self.rng.choice(["", "", "Matches what the screening says."]),
        )

    def second_opinion(self, application_id: int, at: datetime) -> None:
        away = {self.assigned(application_id).pk}
        away |= set(
            ConflictOfInterest.objects.filter(application_id=application_id).values_list(
                "reviewer_id", flat=True
            )
        )
        others = [u for u in self.reviewers + [self.lead] if u.pk not in away]
        self.score(application_id, self.rng.choice(others), at)

    def decide(self, person: Person, action: str, at: datetime, reason: str = "") -> None:
        # The assigned reviewer decides; one decision in five is the lead's.
        actor = self.lead if self.rng.random() < 0.2 else self.assigned(person.application_id)
        if action == "reject" and not reason:
            key = "hard" if person.extra.get("hard_fail") else "reject"
            reason = self.rng.choice(REASONS[key])
        if action == "approve":
            person.extra["approved_at"] = at
        call_at(
            at,
            review_decide,
            application_id=person.application_id,
            actor=actor,
            action=action,
            reason=reason or self.rng.choice(REASONS[action]),
        )

    def play(self, person: Person) -> None:
        """Take one application from submitted to where its fate says it stops."""
        app_id, s = person.application_id, person.submitted_at
        fate = person.fate
        hours = lambda n: s + timedelta(hours=n)  # noqa: E731
        if fate == "submitted":
            return
        if self.conflicts_left and fate in ("in_review", "approved") and person.number % 7 == 3:
            # The reviewer it went to knows the CEO and steps away; it moves to another.
            self.conflicts_left -= 1
            call_at(
                hours(5),
                conflict_declare,
                application_id=app_id,
                reviewer=self.assigned(app_id),
                reason=CONFLICT,
            )
            del self.holders[app_id]
        # Most rejections are plain from the screening: decided without a score of their own.
        plain_rejection = fate == "rejected" and not person.info_loop and person.number % 3
        if not plain_rejection:
            self.score(app_id, self.assigned(app_id), hours(20))
        if person.number % 4 == 0:
            call_at(
                hours(21),
                review_note_add,
                application_id=app_id,
                author=self.assigned(app_id),
                text=self.rng.choice(NOTES),
            )
        if fate == "in_review":
            return
        if fate == "withdrawn":
            call_at(hours(50), application_withdraw, application_id=app_id)
            return
        if fate in ("needs_info", "info_answered") or person.info_loop:
            self.decide(person, "request_info", hours(22), reason=QUESTIONS[person.number % 3])
            if fate == "needs_info":
                return
            application = Application.objects.get(pk=app_id)
            answer = ANSWERS[person.number % 3]
            call_at(hours(48), info_answer, application=application, text=answer)
            if fate == "info_answered":
                return
            # Re-reviewed after the answer: a second opinion, then the decision.
            self.second_opinion(app_id, hours(70))
            self.decide(person, DECISION[fate], hours(72))
            return
        if person.number % 3 == 0 and not plain_rejection:
            self.second_opinion(app_id, hours(30))
        self.decide(person, DECISION[fate], hours(44))


def check_fates(people: list[Person]) -> None:
    """A hard-failed application is never approved here (that takes a lead's override)."""
    for person in people:
        if person.extra.get("hard_fail") and person.fate in DECISION:
            assert DECISION[person.fate] != "approve", person
    approved = Application.objects.filter(
        pk__in=[p.application_id for p in people],
        status=Status.APPROVED,
        review__hard_failed=True,
    )
    assert not approved.exists()
