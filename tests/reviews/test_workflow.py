"""Every action, from every state, by every kind of actor: moved and audited, or refused."""

import itertools

import pytest
from django.contrib.contenttypes.models import ContentType

from onboarding.applicants import services
from onboarding.applicants.models import Application, Status
from onboarding.applicants.workflow import APPLICANT, SYSTEM, Action
from onboarding.core.errors import Conflict, NotAllowed
from onboarding.core.models import AuditEntry, Role
from onboarding.notifications.models import Message
from tests.factories import ApplicationFactory, UserFactory

S = Status
ACTORS = [APPLICANT, SYSTEM, *Role.values]
REVIEWERS = {Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN}
LEADS = {Role.LEAD_REVIEWER, Role.ADMIN}
ONBOARDING = {Role.ADMIN, SYSTEM}
BEFORE_FIRST_SHOW = {
    S.SUBMITTED,
    S.IN_REVIEW,
    S.NEEDS_INFO,
    S.APPROVED,
    S.WAITLISTED,
    S.TRAINED,
    S.SCHEDULED,
}

# The workflow as the issue states it, written out on its own so the table is checked, not
# copied: action -> (states it starts from, state it leads to, who may take it).
SPEC: dict[Action, tuple[set[str], str, set[str]]] = {
    Action.SUBMIT: ({S.DRAFT}, S.SUBMITTED, {APPLICANT}),
    Action.START_REVIEW: ({S.SUBMITTED}, S.IN_REVIEW, REVIEWERS | {SYSTEM}),
    Action.APPROVE: ({S.SUBMITTED, S.IN_REVIEW, S.WAITLISTED}, S.APPROVED, REVIEWERS),
    Action.REJECT: (
        {S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFO, S.WAITLISTED},
        S.REJECTED,
        REVIEWERS,
    ),
    Action.WAITLIST: ({S.SUBMITTED, S.IN_REVIEW}, S.WAITLISTED, REVIEWERS),
    Action.REQUEST_INFO: ({S.SUBMITTED, S.IN_REVIEW, S.WAITLISTED}, S.NEEDS_INFO, REVIEWERS),
    Action.ANSWER_INFO: ({S.NEEDS_INFO}, S.IN_REVIEW, {APPLICANT}),
    Action.WITHDRAW: (BEFORE_FIRST_SHOW, S.WITHDRAWN, LEADS | {APPLICANT}),
    Action.REOPEN: ({S.REJECTED}, S.IN_REVIEW, LEADS),
    Action.COMPLETE_TRAINING: ({S.APPROVED}, S.TRAINED, ONBOARDING | {Role.TRAINER}),
    Action.SCHEDULE: ({S.TRAINED}, S.SCHEDULED, ONBOARDING | {Role.SCHEDULER}),
    # Live only through a held show that passed the go-live gate (studios), never by hand.
    Action.GO_LIVE: ({S.SCHEDULED}, S.LIVE, {SYSTEM}),
}


def _allowed_actions(status: str, actor: str) -> set[str]:
    return {
        action
        for action, (sources, _target, actors) in SPEC.items()
        if status in sources and actor in actors
    }


CASES = list(itertools.product(Action.values, Status.values, ACTORS))
ALLOWED = [
    (action, status, actor)
    for action, status, actor in CASES
    if status in SPEC[action][0] and actor in SPEC[action][2]
]
CONFLICTS = [
    (action, status, actor)
    for action, status, actor in CASES
    if status not in SPEC[action][0] and actor in SPEC[action][2]
]
NOT_ALLOWED = [
    (action, status, actor) for action, status, actor in CASES if actor not in SPEC[action][2]
]


def _actor_user(actor: str):
    """A signed-in person for staff roles; the applicant and the system act without one."""
    if actor in (APPLICANT, SYSTEM):
        return None
    return UserFactory(role=actor, is_staff=actor != Role.CEO)


def _history(application: Application):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk
    )


def _ids(case) -> str:
    return "-".join(case)


def test_the_spec_covers_every_action_and_the_cases_split_three_ways():
    assert set(SPEC) == set(Action)
    assert len(ALLOWED) + len(CONFLICTS) + len(NOT_ALLOWED) == len(CASES)
    # A CEO's account acts as the applicant (private link or portal), never by its role.
    assert not [case for case in ALLOWED if case[2] == Role.CEO]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source", "actor"), ALLOWED, ids=map(_ids, ALLOWED))
def test_allowed_move_changes_state_and_writes_one_audit_entry(action, source, actor):
    # Given an application in the source state
    application = ApplicationFactory(status=source, accounts=0)
    user = _actor_user(actor)

    # When the actor takes the action
    result = services.application_transition(
        application_id=application.pk,
        action=action,
        actor_kind=actor,
        actor=user,
        reason=f"because {action}",
        notify=False,
    )

    # Then the application is in the target state, and one line of history says so
    target = SPEC[action][1]
    assert result.status == target
    application.refresh_from_db()
    assert application.status == target
    entry = _history(application).get()
    assert (entry.action, entry.from_state, entry.to_state) == (action, source, target)
    assert entry.actor == user
    assert entry.reason == f"because {action}"
    assert entry.data["actor_kind"] == actor
    assert entry.data["notified"] is False
    assert not Message.objects.exists()


def _assert_untouched(application: Application, source: str) -> None:
    application.refresh_from_db()
    assert application.status == source
    assert not _history(application).exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source", "actor"), CONFLICTS, ids=map(_ids, CONFLICTS))
def test_move_from_a_wrong_state_is_a_conflict_naming_state_and_allowed_actions(
    action, source, actor
):
    # Given an application in a state the action does not start from
    application = ApplicationFactory(status=source, accounts=0)

    # When an actor who may take that action elsewhere tries it here
    with pytest.raises(Conflict) as refused:
        services.application_transition(
            application_id=application.pk,
            action=action,
            actor_kind=actor,
            actor=_actor_user(actor),
            reason="try",
        )

    # Then it is a 409 that names the current state and what this actor could do instead
    assert refused.value.status_code == 409
    assert refused.value.extra["status"] == source
    assert set(refused.value.extra["allowed_actions"]) == _allowed_actions(source, actor)
    assert str(Status(source).label) in refused.value.message
    _assert_untouched(application, source)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source", "actor"), NOT_ALLOWED, ids=map(_ids, NOT_ALLOWED))
def test_action_the_role_may_never_take_is_not_allowed(action, source, actor):
    # Given an application in any state
    application = ApplicationFactory(status=source, accounts=0)

    # When an actor whose role never takes this action tries it
    with pytest.raises(NotAllowed) as refused:
        services.application_transition(
            application_id=application.pk,
            action=action,
            actor_kind=actor,
            actor=_actor_user(actor),
            reason="try",
        )

    # Then it is a 403, and nothing changed
    assert refused.value.status_code == 403
    _assert_untouched(application, source)


@pytest.mark.django_db
def test_unknown_action_is_not_allowed_for_anyone():
    application = ApplicationFactory(accounts=0)

    with pytest.raises(NotAllowed):
        services.application_transition(
            application_id=application.pk, action="teleport", actor_kind=Role.ADMIN
        )

    _assert_untouched(application, Status.SUBMITTED)


@pytest.mark.django_db
def test_actor_kind_is_the_role_and_admin_for_superusers():
    assert services.actor_kind(UserFactory(role=Role.REVIEWER)) == Role.REVIEWER
    assert services.actor_kind(UserFactory(role=Role.CEO, is_superuser=True)) == Role.ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "source", "kind", "notice"),
    [
        (Action.APPROVE, S.IN_REVIEW, "application_approve", True),
        (Action.REJECT, S.IN_REVIEW, "application_reject", True),
        (Action.WAITLIST, S.IN_REVIEW, "application_waitlist", True),
        (Action.REQUEST_INFO, S.IN_REVIEW, "application_request_info", True),
        (Action.WITHDRAW, S.APPROVED, "application_withdraw", True),
        (Action.REOPEN, S.REJECTED, "application_reopen", True),
        (Action.START_REVIEW, S.SUBMITTED, None, False),
        (Action.COMPLETE_TRAINING, S.APPROVED, None, False),
    ],
)
def test_applicant_facing_moves_write_one_message_to_the_outbox_after_commit(
    django_capture_on_commit_callbacks, action, source, kind, notice
):
    # Given an application, and an actor who may move it
    application = ApplicationFactory(status=source, accounts=0)
    actor = Role.ADMIN

    # When the move is taken with notification on
    with django_capture_on_commit_callbacks() as callbacks:
        services.application_transition(
            application_id=application.pk, action=action, actor_kind=actor, reason="why"
        )

    # Then exactly the applicant-facing moves leave one message, handed to a worker on commit
    messages = list(Message.objects.all())
    if notice:
        assert [(m.kind, m.recipient) for m in messages] == [(kind, application.email)]
        assert application.reference in messages[0].subject
        assert len(callbacks) == 1
    else:
        assert messages == []
        assert callbacks == []
