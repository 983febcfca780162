import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding.applicants.exports import BOM
from onboarding.applicants.models import Application, Status
from onboarding.core.models import AuditEntry
from onboarding.questionnaires.models import Answer
from onboarding.questionnaires.services import answers_clean
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    ChannelFactory,
    demo_questionnaire,
    valid_answers,
)
from tests.helpers import admin_form_data

CHANGELIST = reverse("admin:applicants_application_changelist")


def _change_url(application: Application) -> str:
    return reverse("admin:applicants_application_change", args=[application.pk])


def _with_answers(application: Application, **overrides) -> Application:
    """Store valid answers, written in reverse question order to prove the admin sorts them."""
    cleaned = answers_clean(questionnaire=application.questionnaire, raw=valid_answers(**overrides))
    by_key = {q.key: q for q in application.questionnaire.questions.all()}
    for key in reversed(list(cleaned)):
        Answer.objects.create(application=application, question=by_key[key], value=cleaned[key])
    return application


def _listed(response) -> list[str]:
    assert response.status_code == 200
    return [application.reference for application in response.context["cl"].result_list]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.removeprefix(BOM))))


def _export(admin_client, applications, url=CHANGELIST, **extra):
    data = {
        "action": "export_csv",
        "_selected_action": [a.pk for a in applications],
        **extra,
    }
    return admin_client.post(url, data)


# Changelist


@pytest.mark.parametrize(
    ("field", "term"),
    [
        ("reference", "T-WANTED"),
        ("full_name", "Wanted Person"),
        ("company_name", "Wanted Tea Co"),
        ("brand_name", "WantedBrand"),
        ("email", "wanted@example.com"),
        ("phone", "+8613977778888"),
    ],
)
def test_changelist_search_finds_by_each_field(admin_client, questionnaire, field, term):
    wanted = ApplicationFactory(campaign=questionnaire.campaign, **{field: term})
    ApplicationFactory(campaign=questionnaire.campaign)

    response = admin_client.get(CHANGELIST, {"q": term.lower()})

    assert _listed(response) == [wanted.reference]


def test_search_finds_a_phone_typed_with_dashes(admin_client, questionnaire):
    wanted = ApplicationFactory(campaign=questionnaire.campaign, phone="+8613977778888")
    ApplicationFactory(campaign=questionnaire.campaign)

    response = admin_client.get(CHANGELIST, {"q": "139-7777-8888"})

    assert _listed(response) == [wanted.reference]


def _filter_cases():
    """(given other campaign and channel) → (the wanted row's fields, the query that finds it)."""
    return {
        "campaign": lambda c, ch: ({"campaign": c}, {"campaign__id__exact": c.pk}),
        "status draft": lambda c, ch: (
            {"status": Status.DRAFT, "submitted_at": None},
            {"status__exact": "draft"},
        ),
        "industry": lambda c, ch: ({"industry": "beauty"}, {"industry__exact": "beauty"}),
        "channel": lambda c, ch: ({"channel": ch}, {"channel__id__exact": ch.pk}),
        "language": lambda c, ch: ({"language": "zh-hans"}, {"language__exact": "zh-hans"}),
        "submitted between": lambda c, ch: (
            {"submitted_at": datetime(2021, 3, 2, 8, tzinfo=UTC)},
            {
                "submitted_at__gte": "2021-03-01 00:00:00+00:00",
                "submitted_at__lt": "2021-03-03 00:00:00+00:00",
            },
        ),
        "date hierarchy": lambda c, ch: (
            {"submitted_at": datetime(2021, 3, 2, 8, tzinfo=UTC)},
            {"submitted_at__year": "2021", "submitted_at__month": "3"},
        ),
    }


@pytest.mark.parametrize("case", list(_filter_cases()))
def test_changelist_filters_keep_only_matching_applications(admin_client, questionnaire, case):
    other_campaign = demo_questionnaire().campaign
    other_channel = ChannelFactory(code="partner-x", name="Partner X")
    fields, query = _filter_cases()[case](other_campaign, other_channel)
    fields.setdefault("campaign", questionnaire.campaign)
    wanted = ApplicationFactory(**fields)
    ApplicationFactory(campaign=questionnaire.campaign, channel=ChannelFactory())

    response = admin_client.get(CHANGELIST, query)

    assert _listed(response) == [wanted.reference]


def test_changelist_lists_drafts_last(admin_client, questionnaire):
    draft = ApplicationFactory(
        campaign=questionnaire.campaign, status=Status.DRAFT, submitted_at=None
    )
    sent = ApplicationFactory(campaign=questionnaire.campaign)

    assert _listed(admin_client.get(CHANGELIST)) == [sent.reference, draft.reference]


def _changelist_queries(admin_client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST)
    return len(queries), len(_listed(response))


def test_changelist_query_count_does_not_grow_with_the_page(admin_client, questionnaire):
    channel = ChannelFactory()
    ApplicationFactory.create_batch(5, campaign=questionnaire.campaign, channel=channel)
    admin_client.get(CHANGELIST)  # session and content types warmed up
    few, shown = _changelist_queries(admin_client)
    assert shown == 5

    ApplicationFactory.create_batch(45, campaign=questionnaire.campaign, channel=channel)
    many, shown = _changelist_queries(admin_client)

    assert shown == 50
    assert many == few


# Change page


def test_change_page_shows_answers_readably_in_question_order(admin_client, questionnaire):
    application = _with_answers(ApplicationFactory(campaign=questionnaire.campaign))

    response = admin_client.get(_change_url(application))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tue 20:00–22:00; Thu 20:00–22:00" in html
    assert "Food and drink, Fresh produce" in html
    assert "More sales" in html
    assert "How many live events a week can you do?" in html
    positions = [html.index(f"<p>{key}</p>") for key in ("weekly_events", "availability")]
    assert positions == sorted(positions)
    answers = response.context["inline_admin_formsets"][1].formset.queryset
    assert [a.question.key for a in answers][:3] == [
        "weekly_events",
        "availability",
        "commitment_weeks",
    ]
    # The answers are shown, not offered for editing.
    assert 'name="answers-0-value"' not in html


def test_saving_the_change_form_never_moves_the_status(admin_client, questionnaire):
    application = ApplicationFactory(campaign=questionnaire.campaign, status=Status.IN_REVIEW)
    data = admin_form_data(admin_client.get(_change_url(application)))
    data.update(full_name="Chen Min", phone="+86 139 0000 2222", status=Status.APPROVED)

    response = admin_client.post(_change_url(application), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.full_name == "Chen Min"
    assert application.phone == "+8613900002222"
    assert application.status == Status.IN_REVIEW


def test_an_email_already_open_elsewhere_is_a_form_error_not_a_crash(admin_client, questionnaire):
    ApplicationFactory(campaign=questionnaire.campaign, email="taken@example.com")
    application = ApplicationFactory(campaign=questionnaire.campaign)
    data = admin_form_data(admin_client.get(_change_url(application)))
    data["email"] = "Taken@Example.com"

    response = admin_client.post(_change_url(application), data)

    assert response.status_code == 200
    assert "An application with this e-mail is already open." in response.content.decode()
    application.refresh_from_db()
    assert application.email != "taken@example.com"


def test_applications_cannot_be_added_from_the_admin(admin_client, questionnaire):
    response = admin_client.get(reverse("admin:applicants_application_add"))

    assert response.status_code == 403


# CSV export


def test_export_selected_writes_header_and_one_row_each_with_chinese_intact(
    admin_client, questionnaire
):
    campaign = questionnaire.campaign
    chosen = [
        _with_answers(
            ApplicationFactory(campaign=campaign, full_name="陈敏", company_name="山里食品有限公司")
        ),
        _with_answers(ApplicationFactory(campaign=campaign), needs_logistics=False),
    ]
    ApplicationFactory(campaign=campaign, full_name="Not Chosen")

    header, *rows = _csv(_export(admin_client, chosen))

    assert header[:3] == ["Reference", "Campaign", "Status"]
    assert "Total followers" in header
    keys = [q.key for q in questionnaire.questions.order_by("position")]
    assert header[-len(keys) :] == keys
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_reference) == {a.reference for a in chosen}
    first = by_reference[chosen[0].reference]
    assert first["Full name"] == "陈敏"
    assert first["Company"] == "山里食品有限公司"
    assert first["Total followers"] == "3000"
    assert first["availability"] == "Tue 20:00–22:00; Thu 20:00–22:00"
    assert first["product_categories"] == "Food and drink, Fresh produce"
    assert first["needs_logistics"] == "Yes"
    assert first["sample_volume"] == "5 to 30 kg"
    second = by_reference[chosen[1].reference]
    assert second["needs_logistics"] == "No"
    assert second["sample_volume"] == ""


def test_export_with_select_all_takes_the_filtered_changelist(admin_client, questionnaire):
    campaign = questionnaire.campaign
    approved = ApplicationFactory.create_batch(2, campaign=campaign, status=Status.APPROVED)
    ApplicationFactory(campaign=campaign, status=Status.SUBMITTED)
    filtered = f"{CHANGELIST}?status__exact=approved"

    only_ticked = _csv(_export(admin_client, approved[:1], url=filtered))
    all_filtered = _csv(_export(admin_client, approved[:1], url=filtered, select_across="1"))

    assert [row[0] for row in only_ticked[1:]] == [approved[0].reference]
    assert sorted(row[0] for row in all_filtered[1:]) == sorted(a.reference for a in approved)


def test_export_neutralises_cells_a_spreadsheet_would_run(admin_client, questionnaire):
    application = ApplicationFactory(
        campaign=questionnaire.campaign, full_name='=HYPERLINK("http://evil.example","x")'
    )

    header, row = _csv(_export(admin_client, [application]))

    assert row[header.index("Full name")] == '\'=HYPERLINK("http://evil.example","x")'


def _export_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        _csv(_export(admin_client, Application.objects.all()))
    return len(queries)


def test_export_query_count_does_not_grow_with_the_selection(admin_client, questionnaire):
    for _ in range(3):
        _with_answers(ApplicationFactory(campaign=questionnaire.campaign))
    few = _export_queries(admin_client)
    for _ in range(30):
        _with_answers(ApplicationFactory(campaign=questionnaire.campaign))

    many = _export_queries(admin_client)

    assert many == few


# Campaigns and channels


def test_channel_list_counts_sent_applications_in_one_query(admin_client, questionnaire):
    channel = ChannelFactory()
    ApplicationFactory.create_batch(2, campaign=questionnaire.campaign, channel=channel)
    ApplicationFactory(
        campaign=questionnaire.campaign, channel=channel, status=Status.DRAFT, submitted_at=None
    )

    response = admin_client.get(reverse("admin:applicants_channel_changelist"))

    assert response.status_code == 200
    (row,) = response.context["cl"].result_list
    assert row.application_count == 2


def test_campaign_list_shows_both_windows(admin_client):
    CampaignFactory(
        application_opens_at=datetime(2027, 4, 30, 16, tzinfo=UTC),
        application_closes_at=datetime(2027, 5, 10, 16, tzinfo=UTC),
    )

    response = admin_client.get(reverse("admin:applicants_campaign_changelist"))

    html = response.content.decode()
    assert "2027-05-01 00:00 – 2027-05-11 00:00" in html  # in the campaign's zone, Shanghai
    assert "2027-05-20 – 2027-06-20" in html


def test_staff_changing_the_assistant_goes_through_its_service(admin_client, questionnaire):
    application = ApplicationFactory(campaign=questionnaire.campaign, status=Status.IN_REVIEW)
    data = admin_form_data(admin_client.get(_change_url(application)))
    data.update(assistant_name="Lin Mei", assistant_email="Lin.Mei@Example.com", job_title="CEO")

    response = admin_client.post(_change_url(application), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert (application.assistant_email, application.job_title) == ("lin.mei@example.com", "CEO")
    entry = AuditEntry.objects.get(action="assistant_update")
    assert entry.actor.username == "admin"
    assert entry.data == {"changed": ["assistant_name", "assistant_email"]}
