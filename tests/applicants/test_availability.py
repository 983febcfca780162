"""A CEO keeps their weekly availability current after sending; staff may update it for them.

The windows are checked by the questionnaire's own weekly-availability rule, and every change is
audited with what it was, what it became and who changed it.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import availability_update
from onboarding.core.errors import Conflict, Invalid, NotAllowed
from onboarding.core.models import AuditEntry
from onboarding.questionnaires.models import Answer
from onboarding.questionnaires.services import answers_clean
from tests.factories import ApplicationFactory, UserFactory, valid_answers

pytestmark = pytest.mark.django_db
MINE = "/api/v1/me/applications/{pk}/availability/"
STAFF = "/api/v1/applications/{pk}/availability/"
BEFORE = [
    {"day": "tue", "start": "20:00", "end": "22:00"},
    {"day": "thu", "start": "20:00", "end": "22:00"},
]
AFTER = [
    {"day": "sat", "start": "10:00", "end": "12:00"},
    {"day": "mon", "start": "19:30", "end": "21:00"},
]
AFTER_SORTED = [AFTER[1], AFTER[0]]


def _sent(campaign, user=None, **fields) -> Application:
    application = ApplicationFactory(campaign=campaign, user=user, **fields)
    cleaned = answers_clean(questionnaire=application.questionnaire, raw=valid_answers())
    by_key = {q.key: q for q in application.questionnaire.questions.all()}
    for key, value in cleaned.items():
        Answer.objects.create(application=application, question=by_key[key], value=value)
    return application


def _stored(application: Application):
    return Answer.objects.get(application=application, question__key="availability").value


def _audit(application: Application) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=application.pk,
            action="availability_update",
        ).order_by("pk")
    )


def test_the_ceo_reads_and_replaces_their_availability(ceo_client, campaign):
    application = _sent(campaign, user=ceo_client.user)
    url = MINE.format(pk=application.pk)

    assert ceo_client.get(url).json() == {"windows": BEFORE}
    response = ceo_client.put(url, {"windows": AFTER}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json() == {"windows": AFTER_SORTED}
    assert _stored(application) == AFTER_SORTED
    (entry,) = _audit(application)
    assert entry.actor == ceo_client.user
    assert entry.data["from"] == BEFORE and entry.data["to"] == AFTER_SORTED
    assert entry.data["actor_kind"] == "applicant"


@pytest.mark.parametrize(
    "windows, needle",
    [
        ([{"day": "tue", "start": "22:00", "end": "20:00"}], "end after it starts"),
        (
            [
                {"day": "tue", "start": "19:00", "end": "21:00"},
                {"day": "tue", "start": "20:00", "end": "22:00"},
            ],
            "overlap",
        ),
        ([{"day": "someday", "start": "19:00", "end": "21:00"}], "not a weekday"),
        ([{"day": "tue", "start": "7pm", "end": "21:00"}], "HH:MM"),
        ([], "needs an answer"),
        ("every evening", "list of weekly time windows"),
        ([{"day": "tue", "start": "19:00\x00", "end": "21:00"}], ""),
    ],
)
def test_windows_are_checked_like_the_questionnaire_question(ceo_client, campaign, windows, needle):
    application = _sent(campaign, user=ceo_client.user)

    response = ceo_client.put(MINE.format(pk=application.pk), {"windows": windows}, format="json")

    assert response.status_code == 400
    assert needle in " ".join(response.json()["fields"]["windows"])
    assert _stored(application) == BEFORE
    assert _audit(application) == []


def test_the_rule_is_the_questionnaire_one(campaign):
    # The question's own minimum (here raised to three days) applies, as in the form.
    application = _sent(campaign)
    application.questionnaire.questions.filter(key="availability").update(min_value=3)
    with pytest.raises(Invalid) as refused:
        availability_update(
            application_id=application.pk,
            windows=AFTER,
            actor=UserFactory(role="scheduler", is_staff=True),
        )
    assert "at least 3 days" in refused.value.fields["windows"][0]


def test_the_ceo_cannot_touch_someone_elses_application(ceo_client, campaign):
    theirs = _sent(campaign, user=UserFactory(role="ceo"))

    assert ceo_client.get(MINE.format(pk=theirs.pk)).status_code == 404
    assert (
        ceo_client.put(MINE.format(pk=theirs.pk), {"windows": AFTER}, format="json").status_code
        == 404
    )
    assert (
        ceo_client.put(STAFF.format(pk=theirs.pk), {"windows": AFTER}, format="json").status_code
        == 403
    )
    assert _stored(theirs) == BEFORE


@pytest.mark.parametrize("client_fixture", ["scheduler_client", "lead_client"])
def test_schedulers_and_leads_update_it_for_a_ceo(request, client_fixture, campaign):
    client = request.getfixturevalue(client_fixture)
    application = _sent(campaign, user=UserFactory(role="ceo"))
    url = STAFF.format(pk=application.pk)

    assert client.get(url).json() == {"windows": BEFORE}
    response = client.put(url, {"windows": AFTER}, format="json")

    assert response.status_code == 200, response.json()
    assert _stored(application) == AFTER_SORTED
    (entry,) = _audit(application)
    assert entry.actor == client.user and entry.data["actor_kind"] == client.user.role


def test_reviewers_and_anonymous_may_not(reviewer_client, api_client, campaign):
    application = _sent(campaign)
    url = STAFF.format(pk=application.pk)
    assert reviewer_client.put(url, {"windows": AFTER}, format="json").status_code == 403
    assert api_client.put(url, {"windows": AFTER}, format="json").status_code == 401
    assert api_client.get(MINE.format(pk=application.pk)).status_code == 401
    with pytest.raises(NotAllowed):
        availability_update(
            application_id=application.pk, windows=AFTER, actor=reviewer_client.user
        )
    assert _stored(application) == BEFORE


def test_unknown_fields_are_refused(ceo_client, campaign):
    application = _sent(campaign, user=ceo_client.user)
    response = ceo_client.put(
        MINE.format(pk=application.pk), {"windows": AFTER, "colour": "red"}, format="json"
    )
    assert response.status_code == 400 and "colour" in response.json()["fields"]


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.REJECTED])
def test_a_closed_application_is_a_conflict(ceo_client, campaign, status):
    application = _sent(campaign, user=ceo_client.user, status=status)

    response = ceo_client.put(MINE.format(pk=application.pk), {"windows": AFTER}, format="json")

    assert response.status_code == 409
    assert _stored(application) == BEFORE


def test_a_draft_is_edited_as_a_draft(campaign):
    draft = _sent(campaign, status=Status.DRAFT, submitted_at=None)
    with pytest.raises(Conflict):
        availability_update(
            application_id=draft.pk, windows=AFTER, actor=UserFactory(role="scheduler")
        )


def test_an_unchanged_availability_writes_no_audit_row(ceo_client, campaign):
    application = _sent(campaign, user=ceo_client.user)
    response = ceo_client.put(MINE.format(pk=application.pk), {"windows": BEFORE}, format="json")
    assert response.status_code == 200
    assert _audit(application) == []


def test_an_application_without_the_answer_gets_one(ceo_client, campaign):
    application = _sent(campaign, user=ceo_client.user)
    Answer.objects.filter(application=application, question__key="availability").delete()

    assert ceo_client.get(MINE.format(pk=application.pk)).json() == {"windows": []}
    response = ceo_client.put(MINE.format(pk=application.pk), {"windows": AFTER}, format="json")

    assert response.status_code == 200
    assert _stored(application) == AFTER_SORTED
    assert _audit(application)[0].data["from"] == []
