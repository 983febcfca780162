"""Personal data: the applicant's copy, the one-time code, erasure confirmed by a lead, and the
log of staff reads."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from onboarding.applicants import services
from onboarding.applicants.models import (
    AccessCode,
    Application,
    ErasureRequest,
    PersonalDataAccess,
    SocialAccount,
)
from onboarding.applicants.services import privacy
from onboarding.core.models import AuditEntry, Role, User
from onboarding.core.privacy import ERASED
from onboarding.notifications.models import Message, NotificationPreference
from onboarding.questionnaires.models import Answer
from onboarding.reviews.models import ReviewCase, ReviewerScore, ReviewNote
from onboarding.studios.models import CalendarFeed, SampleShipment, ShowOutcome
from onboarding.training.models import Attendance
from tests.factories import (
    ApplicationFactory,
    BookingFactory,
    ChannelFactory,
    EnrolmentFactory,
    StudioFactory,
    TrainingSessionFactory,
    UserFactory,
    valid_applicant,
    valid_submission,
)

EMAIL = "chen.min@example.com"
PHONE = "+8613900001111"
ASSISTANT = {
    "assistant_name": "Li Na",
    "assistant_email": "li.na@example.com",
    "assistant_phone": "+8613900002222",
}


def _submit(api_client, campaign, **applicant) -> Application:
    ChannelFactory()
    body = valid_submission(campaign, applicant=valid_applicant(**applicant))
    body["answers"]["anything_else"] = "I live at No. 8 Tea Garden Road with my cat"
    response = api_client.post("/api/v1/applications/", body, format="json")
    assert response.status_code == 201, response.json()
    return Application.objects.get(reference=response.json()["reference"])


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _sent_code(application) -> str:
    message = Message.objects.filter(kind="access_code").latest("id")
    assert message.recipient == application.email
    return re.search(r"[:：]\s*(\d{6})\b", message.body).group(1)


# The copy


@pytest.mark.django_db
def test_the_signed_in_applicant_downloads_everything_held_about_them(
    api_client, campaign, lead_client
):
    application = _submit(api_client, campaign)
    services.assistant_update(application=application, data=ASSISTANT)
    lead_client.get(f"/api/v1/review/applications/{application.pk}/")

    response = _signed_in(application.user).get("/api/v1/me/personal-data/")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    mine = data["applicants"]["applications"][0]
    assert (mine["email"], mine["phone"], mine["full_name"]) == (EMAIL, PHONE, "Chen Min")
    assert mine["assistant"]["email"] == "li.na@example.com"
    assert mine["social_accounts"][0]["handle"] == "mountainpantry"
    assert {"question": "weekly_events", "value": 3} in mine["answers"]
    assert data["applicants"]["account"]["email"] == EMAIL
    assert any(m["kind"] == "application_submitted" for m in data["notifications"]["messages"])
    assert data["reviews"]["cases"][0]["application"] == application.pk
    # Who on the staff looked: the lead who opened the application, with when.
    (look,) = data["applicants"]["staff_access"]
    assert look["staff"] == lead_client.user.username or look["role"] == Role.LEAD_REVIEWER
    assert look["where"] == "review_detail" and look["at"]


@pytest.mark.django_db
def test_another_ceo_gets_only_their_own_and_a_404_on_the_first_ones_link(api_client, campaign):
    application = _submit(api_client, campaign)
    other = _signed_in(UserFactory(role=Role.CEO))

    mine = other.get("/api/v1/me/personal-data/").json()
    assert mine["applications"] == []
    assert EMAIL not in json.dumps(mine)
    assert other.post("/api/v1/applicant/not-the-token/personal-data/code/").status_code == 404
    assert other.post("/api/v1/me/personal-data/erasure/").status_code == 404
    assert APIClient().get("/api/v1/me/personal-data/").status_code in (401, 403)
    assert not ErasureRequest.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_the_private_link_and_the_code_sent_by_email_give_the_copy(
    api_client, campaign, django_capture_on_commit_callbacks
):
    application = _submit(api_client, campaign)
    link = f"/api/v1/applicant/{application.draft_token}/personal-data/"

    assert api_client.post(link + "code/").status_code == 202
    code = _sent_code(application)
    wrong = "000000" if code != "000000" else "111111"

    refused = api_client.post(link, {"code": wrong}, format="json")
    assert refused.status_code == 400
    assert "code" in refused.json()["fields"]
    given = api_client.post(link, {"code": code}, format="json")
    assert given.status_code == 200
    assert given.json()["applicants"]["applications"][0]["email"] == EMAIL
    # One time only.
    assert api_client.post(link, {"code": code}, format="json").status_code == 400


@pytest.mark.django_db
def test_an_expired_code_or_one_guessed_at_too_often_is_refused(api_client, campaign):
    application = _submit(api_client, campaign)
    link = f"/api/v1/applicant/{application.draft_token}/personal-data/"

    api_client.post(link + "code/")
    code = _sent_code(application)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert api_client.post(link, {"code": code}, format="json").status_code == 400

    api_client.post(link + "code/")
    code = _sent_code(application)
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(privacy.CODE_MAX_FAILURES):
        assert api_client.post(link, {"code": wrong}, format="json").status_code == 400
    assert api_client.post(link, {"code": code}, format="json").status_code == 400
    assert AccessCode.objects.get(used_at=None).failed_attempts > privacy.CODE_MAX_FAILURES


@pytest.mark.django_db
def test_a_new_code_replaces_the_one_before(api_client, campaign):
    application = _submit(api_client, campaign)
    link = f"/api/v1/applicant/{application.draft_token}/personal-data/"
    api_client.post(link + "code/")
    first = _sent_code(application)
    api_client.post(link + "code/")
    second = _sent_code(application)
    if first != second:
        assert api_client.post(link, {"code": first}, format="json").status_code == 400
    assert api_client.post(link, {"code": second}, format="json").status_code == 200


# Erasure


def _a_full_journey(api_client, campaign, lead):
    """An applicant with something in every app: answers, assistant, review notes and scores,
    a training seat, a show with samples and outcome, a feed, a session and a token."""
    application = _submit(api_client, campaign)
    services.assistant_update(application=application, data=ASSISTANT)
    services.availability_update(
        application_id=application.pk,
        windows=[{"day": "mon", "start": "19:00", "end": "21:00"}],
        actor=application.user,
    )
    ReviewCase.objects.filter(application=application).update(score=42)
    ReviewNote.objects.create(application=application, author=lead, text=f"Called {PHONE}")
    ReviewerScore.objects.create(application=application, reviewer=lead, score=4, comment="Chen?")
    Application.objects.filter(pk=application.pk).update(status="trained")
    enrolment = EnrolmentFactory(
        application=application, session=TrainingSessionFactory(module__campaign=campaign)
    )
    Attendance.objects.create(
        enrolment=enrolment, attended=True, marked_at=timezone.now(), marked_by=lead
    )
    booking = BookingFactory(application=application, ceo=application.user, studio=StudioFactory())
    SampleShipment.objects.create(booking=booking, carrier="SF", tracking_number="SF123456789")
    ShowOutcome.objects.create(
        booking=booking, result="held", viewers=1200, turnover=Decimal("8800.00"), notes="Chen"
    )
    CalendarFeed.objects.create(user=application.user)
    NotificationPreference.objects.create(user=application.user, phone=PHONE)
    Message.objects.create(
        kind="studio_show",
        recipient=EMAIL,
        user=application.user,
        language="en",
        subject="Your show",
        body=f"Dear Chen Min, call {PHONE}",
        due_at=timezone.now() + timedelta(days=2),
        next_attempt_at=timezone.now() + timedelta(days=2),
    )
    Token.objects.create(user=application.user)
    application.user.set_password("brave-demo-2027")
    application.user.save()
    browser = Client()
    browser.force_login(application.user)
    return Application.objects.get(pk=application.pk), booking, browser


@pytest.mark.django_db
def test_erasure_removes_every_personal_field_and_keeps_every_statistic(
    api_client, campaign, lead_client
):
    application, booking, browser = _a_full_journey(api_client, campaign, lead_client.user)
    user = application.user
    stats_before = {
        "status": application.status,
        "industry": application.industry,
        "years": application.years_in_business,
        "followers": sorted(SocialAccount.objects.values_list("followers", flat=True)),
        "score": ReviewCase.objects.get(application=application).score,
        "answers": Answer.objects.filter(application=application).count(),
        "weekly_events": Answer.objects.get(
            application=application, question__key="weekly_events"
        ).value,
        "notes": ReviewNote.objects.filter(application=application).count(),
        "reviewer_score": ReviewerScore.objects.get(application=application).score,
        "attended": Attendance.objects.get(enrolment__application=application).attended,
        "outcome": ShowOutcome.objects.values_list("result", "viewers", "turnover").get(),
        "booking": (booking.status, booking.starts_at),
        "messages": Message.objects.count(),
    }

    old_link = f"/api/v1/applicant/{application.draft_token}/personal-data/code/"
    asked = _signed_in(user).post("/api/v1/me/personal-data/erasure/")
    assert asked.status_code == 201
    pending = lead_client.get("/api/v1/privacy/erasure-requests/").json()["results"]
    assert [row["reference"] for row in pending] == [application.reference]
    confirmed = lead_client.post(
        f"/api/v1/privacy/erasure-requests/{asked.json()['id']}/confirm/", {}, format="json"
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"

    # Every personal field, gone.
    application.refresh_from_db()
    for name in ["full_name", "job_title", "company_name", "brand_name", "products"]:
        assert getattr(application, name) in ("", ERASED), name
    for name in ["assistant_name", "assistant_email", "assistant_phone", "company_website"]:
        assert getattr(application, name) in ("", ERASED), name
    assert application.email.endswith("@erased.invalid") and "chen" not in application.email
    assert application.phone.startswith("erased-")
    assert "mountainpantry" not in list(SocialAccount.objects.values_list("handle", flat=True))
    assert Answer.objects.get(application=application, question__key="anything_else").value == (
        ERASED
    )
    assert set(ReviewNote.objects.values_list("text", flat=True)) == {ERASED}
    assert ReviewerScore.objects.get().comment == ERASED
    assert SampleShipment.objects.get().tracking_number == ""
    assert ShowOutcome.objects.get().notes == ERASED
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert NotificationPreference.objects.get(user=user).phone == ""
    user.refresh_from_db()
    assert (user.email, user.first_name, user.is_active) == ("", "", False)
    assert user.username == f"erased-{user.pk}" and not user.has_usable_password()
    assert not Token.objects.filter(user=user).exists()
    assert not any(
        str(s.get_decoded().get("_auth_user_id")) == str(user.pk) for s in Session.objects.all()
    )
    assert browser.get("/me/").status_code in (302, 403)
    # The outbox: no address or text left; the pending reminder will never go.
    everything = json.dumps(
        list(Message.objects.values("recipient", "subject", "body", "last_error")),
        ensure_ascii=False,
    )
    for secret in [EMAIL, PHONE, "Chen Min", "li.na@example.com", "+8613900002222"]:
        assert secret.lower() not in everything.lower(), secret
    reminder = Message.objects.get(kind="studio_show")
    assert reminder.status == Message.Status.CANCELLED
    # The history: the fact of the erasure, and no personal value in any line.
    history = AuditEntry.objects.filter(object_id=application.pk)
    assert history.filter(action="personal_data_erased").exists()
    dumped = json.dumps(
        list(AuditEntry.objects.values("from_state", "to_state", "reason", "data")),
        ensure_ascii=False,
        default=str,
    )
    for secret in [EMAIL, PHONE, "Li Na", "li.na@example.com", "19:00"]:
        assert secret not in dumped, secret
    # The private link is dead, and no code goes to the erased address.
    assert api_client.post(old_link).status_code == 404
    new_link = f"/api/v1/applicant/{application.draft_token}/personal-data/code/"
    assert api_client.post(new_link).status_code == 409

    # Every statistic, kept.
    application.refresh_from_db()
    booking.refresh_from_db()
    assert {
        "status": application.status,
        "industry": application.industry,
        "years": application.years_in_business,
        "followers": sorted(SocialAccount.objects.values_list("followers", flat=True)),
        "score": ReviewCase.objects.get(application=application).score,
        "answers": Answer.objects.filter(application=application).count(),
        "weekly_events": Answer.objects.get(
            application=application, question__key="weekly_events"
        ).value,
        "notes": ReviewNote.objects.filter(application=application).count(),
        "reviewer_score": ReviewerScore.objects.get(application=application).score,
        "attended": Attendance.objects.get(enrolment__application=application).attended,
        "outcome": ShowOutcome.objects.values_list("result", "viewers", "turnover").get(),
        "booking": (booking.status, booking.starts_at),
        "messages": Message.objects.count(),
    } == stats_before


@pytest.mark.django_db
def test_erasure_through_the_link_needs_the_code_and_a_lead(api_client, campaign, reviewer_client):
    application = _submit(api_client, campaign)
    link = f"/api/v1/applicant/{application.draft_token}/personal-data/erasure/"

    assert api_client.post(link, {"code": "123"}, format="json").status_code == 400
    api_client.post(f"/api/v1/applicant/{application.draft_token}/personal-data/code/")
    asked = api_client.post(link, {"code": _sent_code(application)}, format="json")
    assert asked.status_code == 201
    assert asked.json()["via"] == "private_link"
    request_id = asked.json()["id"]

    assert reviewer_client.get("/api/v1/privacy/erasure-requests/").status_code == 403
    confirm = f"/api/v1/privacy/erasure-requests/{request_id}/confirm/"
    assert reviewer_client.post(confirm, {}, format="json").status_code == 403
    application.refresh_from_db()
    assert application.email == EMAIL


@pytest.mark.django_db
def test_a_lead_refuses_with_a_reason_and_cannot_decide_twice(api_client, campaign, lead_client):
    application = _submit(api_client, campaign)
    erasure = privacy.erasure_request(application=application, via=ErasureRequest.Via.ACCOUNT)
    refuse = f"/api/v1/privacy/erasure-requests/{erasure.pk}/refuse/"

    assert lead_client.post(refuse, {"reason": " "}, format="json").status_code == 400
    refused = lead_client.post(refuse, {"reason": "Open dispute about a show"}, format="json")
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    again = lead_client.post(
        f"/api/v1/privacy/erasure-requests/{erasure.pk}/confirm/", {}, format="json"
    )
    assert again.status_code == 409
    application.refresh_from_db()
    assert application.email == EMAIL
    entry = AuditEntry.objects.get(action="erasure_refused", object_id=application.pk)
    assert (entry.actor, entry.reason) == (lead_client.user, "Open dispute about a show")
    listed = lead_client.get("/api/v1/privacy/erasure-requests/?status=refused").json()
    assert [row["id"] for row in listed["results"]] == [erasure.pk]


# Who looked


@pytest.mark.django_db
def test_each_staff_read_of_personal_details_is_logged_once(
    api_client, campaign, lead_client, django_assert_num_queries
):
    first = _submit(api_client, campaign)
    second = _submit(api_client, campaign, email="wang.fang@example.com", phone="+8613900003333")
    lead = lead_client.user

    assert lead_client.get(f"/api/v1/review/applications/{first.pk}/").status_code == 200
    assert lead_client.get(f"/api/v1/applications/{first.pk}/").status_code == 200
    exported = lead_client.get(f"/api/v1/review/export/?campaign={campaign.slug}")
    assert exported.status_code == 200
    with django_assert_num_queries(1):
        privacy.access_record(actor=lead, application_ids=[first.pk, second.pk], via="csv_export")

    rows = list(PersonalDataAccess.objects.values_list("application_id", "actor_id", "via"))
    assert rows.count((first.pk, lead.pk, "review_detail")) == 1
    assert rows.count((first.pk, lead.pk, "staff_detail")) == 1
    assert rows.count((first.pk, lead.pk, "csv_export")) == 2
    assert rows.count((second.pk, lead.pk, "csv_export")) == 2


@pytest.mark.django_db
def test_the_admin_change_page_and_its_csv_export_are_logged(api_client, campaign):
    application = _submit(api_client, campaign)
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(admin)

    page = browser.get(f"/admin/applicants/application/{application.pk}/change/")
    assert page.status_code == 200
    exported = browser.post(
        "/admin/applicants/application/",
        {"action": "export_csv", "_selected_action": [application.pk]},
    )
    assert exported.status_code == 200

    assert list(
        PersonalDataAccess.objects.filter(application=application).values_list("actor", "via")
    ) == [(admin.pk, "admin"), (admin.pk, "csv_export")]
    assert User.objects.get(pk=admin.pk).is_active


@pytest.mark.django_db
def test_codes_are_not_sent_without_end_and_a_429_says_when_to_come_back(api_client, campaign):
    application = _submit(api_client, campaign)
    link = f"/api/v1/applicant/{application.draft_token}/personal-data/code/"
    for _sent in range(privacy.CODES_PER_HOUR):
        assert api_client.post(link).status_code == 202

    refused = api_client.post(link)

    assert refused.status_code == 429
    assert 3000 < int(refused["Retry-After"]) <= 3600
    assert Message.objects.filter(kind="access_code").count() == privacy.CODES_PER_HOUR
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert api_client.post(link).status_code == 202


@pytest.mark.django_db
@pytest.mark.parametrize("requests", [1, 10])
def test_the_erasure_request_list_has_a_fixed_query_budget(
    lead_client, requests, django_assert_max_num_queries
):
    for application in ApplicationFactory.create_batch(requests, accounts=0):
        erasure = privacy.erasure_request(application=application, via="account")
        if erasure.pk % 2:
            privacy.erasure_refuse(request_id=erasure.pk, actor=lead_client.user, reason="Hold")

    with django_assert_max_num_queries(4):
        listed = lead_client.get("/api/v1/privacy/erasure-requests/?status=all")

    assert listed.status_code == 200
    assert listed.json()["count"] == requests


@pytest.mark.django_db
def test_the_admin_lists_erasure_requests_and_the_access_log_read_only(api_client, campaign):
    application = _submit(api_client, campaign)
    privacy.erasure_request(application=application, via=ErasureRequest.Via.ACCOUNT)
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    privacy.access_record(actor=admin, application_ids=[application.pk], via="staff_detail")
    browser = Client()
    browser.force_login(admin)

    for page in ["erasurerequest", "personaldataaccess"]:
        listed = browser.get(f"/admin/applicants/{page}/")
        assert listed.status_code == 200
        assert application.reference in listed.content.decode()
        assert browser.get(f"/admin/applicants/{page}/add/").status_code == 403
