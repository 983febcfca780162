"""The applicant's pages, driven like a browser without JavaScript would: real form posts."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.throttling import ScopedRateThrottle

from onboarding.applicants.models import Application, SocialAccount, Status
from onboarding.core.models import User
from onboarding.questionnaires.models import Answer
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CampaignFactory,
    ChannelFactory,
    UserFactory,
    valid_applicant,
)

ZH_QUESTION = "您每周可以做几场直播？"
EN_QUESTION = "How many live events a week can you do?"


def form_post(action: str = "submit", **overrides) -> dict:
    """What the application page posts when filled in completely, as a browser sends it."""
    applicant = {
        key: ("True" if value is True else "" if value is None else str(value))
        for key, value in valid_applicant().items()
    }
    data = {
        **applicant,
        "action": action,
        "social_rows": "3",
        "social-0-platform": "douyin",
        "social-0-handle": "@mountainpantry",
        "social-0-followers": "52000",
        "social-1-platform": "",
        "social-1-handle": "",
        "social-1-followers": "",
        "q-weekly_events": "3",
        "q-availability-tue": "on",
        "q-availability-tue-start": "20:00",
        "q-availability-tue-end": "22:00",
        "q-availability-thu": "on",
        "q-availability-thu-start": "19:30",
        "q-availability-thu-end": "21:00",
        "q-commitment_weeks": "8",
        "q-product_categories": ["food", "fresh"],
        "q-main_goal": "sales",
        "q-needs_logistics": "yes",
        "q-sample_volume": "medium",
        "q-pickup_address": "No. 8 Tea Garden Road, Hangzhou",
        "q-anything_else": "",
        "consent": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(campaign) -> str:
    return reverse("portal:apply", args=[campaign.slug])


def draft_url(application) -> str:
    return reverse("portal:draft", args=[application.draft_token])


def counts() -> tuple[int, int, int, int]:
    return (
        Application.objects.count(),
        Answer.objects.count(),
        SocialAccount.objects.count(),
        User.objects.count(),
    )


def answers_of(application) -> dict:
    return {a.question.key: a.value for a in application.answers.select_related("question")}


# Home


def test_home_lists_open_campaigns_only_and_keeps_the_invitation_channel(client, campaign):
    closed = CampaignFactory(name="Closed festival", is_active=False)

    response = client.get(reverse("portal:home") + "?via=weibo-official")

    page = response.content.decode()
    assert response.status_code == 200
    assert campaign.name in page
    assert closed.name not in page
    assert f'href="{apply_url(campaign)}?via=weibo-official"' in page
    assert reverse("portal:login") in page
    assert 'action="/i18n/setlang/"' in page and 'value="zh-hans"' in page


def test_language_switch_shows_the_page_in_chinese(client, campaign):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": apply_url(campaign)}, follow=True
    )

    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert ZH_QUESTION in page
    assert campaign.name_zh in page


# Submitting


def test_complete_submission_in_english(client, campaign):
    page = client.get(apply_url(campaign)).content.decode()
    assert '<html lang="en">' in page
    assert EN_QUESTION in page
    assert 'type="time" name="q-availability-mon-start"' in page
    assert "I agree to the processing of my data." in page

    response = client.post(apply_url(campaign), form_post())

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:submitted", args=[application.draft_token])
    assert application.status == Status.SUBMITTED
    assert application.language == "en"
    assert application.on_camera_in_person is True
    assert application.years_in_business == 12
    assert application.user.email == "chen.min@example.com"
    assert list(application.social_accounts.values_list("platform", "handle", "followers")) == [
        ("douyin", "mountainpantry", 52000)
    ]
    assert answers_of(application) == {
        "weekly_events": 3,
        "availability": [
            {"day": "tue", "start": "20:00", "end": "22:00"},
            {"day": "thu", "start": "19:30", "end": "21:00"},
        ],
        "commitment_weeks": 8,
        "product_categories": ["food", "fresh"],
        "main_goal": "sales",
        "needs_logistics": True,
        "sample_volume": "medium",
        "pickup_address": "No. 8 Tea Garden Road, Hangzhou",
    }
    confirmation = client.get(response.url).content.decode()
    assert application.reference in confirmation
    assert f"http://testserver{draft_url(application)}" in confirmation


def test_complete_submission_in_chinese(client, campaign):
    client.cookies["django_language"] = "zh-hans"

    page = client.get(apply_url(campaign)).content.decode()
    assert '<html lang="zh-Hans">' in page
    assert ZH_QUESTION in page
    assert EN_QUESTION not in page
    assert "我同意处理我的数据。" in page

    response = client.post(apply_url(campaign), form_post())

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.language == "zh-hans"


def test_accept_language_header_sets_the_submission_language(client, campaign):
    response = client.post(apply_url(campaign), form_post(), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert response.status_code == 302
    assert Application.objects.get().language == "zh-hans"


def test_hidden_conditional_answers_are_not_kept(client, campaign):
    response = client.post(apply_url(campaign), form_post(**{"q-needs_logistics": "no"}))

    assert response.status_code == 302
    answers = answers_of(Application.objects.get())
    assert answers["needs_logistics"] is False
    assert "pickup_address" not in answers and "sample_volume" not in answers


def test_conditional_questions_carry_what_shows_them(client, campaign):
    page = client.get(apply_url(campaign)).content.decode()

    pickup = re.search(r'<div[^>]*id="q-pickup_address"[^>]*>', page).group(0)
    assert 'data-show-if="q-needs_logistics"' in pickup
    assert 'data-show-if-values="[&quot;yes&quot;]"' in pickup


def test_invitation_channel_is_kept_through_the_form(client, campaign):
    ChannelFactory(code="weibo-official")

    page = client.get(apply_url(campaign) + "?via=weibo-official").content.decode()
    assert 'name="via" value="weibo-official"' in page

    client.post(apply_url(campaign), form_post(via="weibo-official"))

    assert Application.objects.get().channel.code == "weibo-official"


def test_invalid_submission_shows_each_error_beside_its_field_and_saves_nothing(client, campaign):
    before = counts()
    data = form_post(
        full_name="",
        consent=None,
        **{
            "social-0-platform": "",
            "social-0-handle": "",
            "social-0-followers": "",
            "q-weekly_events": "40",
            "q-pickup_address": "",
        },
    )

    response = client.post(apply_url(campaign), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert counts() == before
    # Applicant field: the message is linked to the input.
    assert has_id(page, "id_full_name_error")
    full_name = re.search(r'<input[^>]*name="full_name"[^>]*>', page).group(0)
    assert 'aria-describedby="id_full_name_error"' in full_name
    assert 'aria-invalid="true"' in full_name
    # Questions: the message sits inside the question's own block.
    weekly = _block(page, "q-weekly_events")
    assert "14" in weekly and 'aria-invalid="true"' in weekly
    assert has_id(_block(page, "q-pickup_address"), "id_q-pickup_address_error")
    assert not has_id(page, "id_q-commitment_weeks_error")
    assert has_id(page, "social-accounts_error")
    assert has_id(page, "id_consent_error")
    # What was typed is still there.
    assert 'value="chen.min@example.com"' in page
    assert 'value="40"' in page
    assert has_id(page, "error-summary")


def test_malformed_fields_are_reported_and_nothing_is_saved(client, campaign):
    before = counts()
    data = form_post(
        email="not-an-email",
        industry="mining",
        years_in_business="many",
        **{"social-0-followers": "lots", "q-weekly_events": "40"},
    )

    response = client.post(apply_url(campaign), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert counts() == before
    for error_id in (
        "id_email_error",
        "id_industry_error",
        "id_years_in_business_error",
        "id_social-0-followers_error",
        "id_q-weekly_events_error",
    ):
        assert has_id(page, error_id), error_id


def test_missing_fields_and_consent_show_in_the_same_round_as_format_errors(client, campaign):
    data = form_post(email="not-an-email", full_name="")
    data.pop("consent", None)

    response = client.post(apply_url(campaign), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert has_id(page, "id_email_error")
    assert has_id(page, "id_full_name_error")
    assert "consent" in page.lower() and "We can only process your application" in page


def test_the_same_account_twice_is_refused_beside_the_second_row(client, campaign):
    data = form_post(
        **{
            "social-1-platform": "douyin",
            "social-1-handle": "mountainpantry",
            "social-1-followers": "10",
        }
    )

    response = client.post(apply_url(campaign), data)

    assert response.status_code == 400
    assert has_id(response.content.decode(), "id_social-1-handle_error")
    assert Application.objects.count() == 0


def test_duplicate_application_is_a_409_with_the_message_at_the_top(client, campaign):
    assert client.post(apply_url(campaign), form_post()).status_code == 302

    response = client.post(apply_url(campaign), form_post(phone="+8613911112222"))

    assert response.status_code == 409
    assert re.search(
        r'role="alert" id="conflict">An application for this campaign is already open',
        response.content.decode(),
    )
    assert Application.objects.count() == 1


def test_closed_campaign_shows_a_closed_page(client, campaign):
    campaign.is_active = False
    campaign.save()

    assert client.get(apply_url(campaign)).status_code == 404
    assert client.post(apply_url(campaign), form_post()).status_code == 404
    assert Application.objects.count() == 0


# Drafts and the private link


def test_save_draft_then_come_back_through_the_private_link_and_submit(client, campaign):
    partial = {
        "action": "save",
        "full_name": "Chen Min",
        "email": "chen.min@example.com",
        "on_camera_in_person": "True",
        "social-0-platform": "weibo",
        "social-0-handle": "pantry",
        "social-0-followers": "900",
        "q-weekly_events": "2",
        "q-product_categories": ["fresh", "food"],
        "q-needs_logistics": "yes",
        "q-availability-sat": "on",
        "q-availability-sat-start": "10:00",
        "q-availability-sat-end": "12:00",
    }

    response = client.post(apply_url(campaign), partial)

    draft = Application.objects.get()
    assert draft.status == Status.DRAFT
    assert draft.user is None
    assert response.status_code == 302 and response.url == draft_url(draft)
    assert answers_of(draft)["product_categories"] == ["food", "fresh"]

    page = client.get(draft_url(draft)).content.decode()
    assert "Bookmark this page" in page
    assert f"http://testserver{draft_url(draft)}" in page
    assert 'value="Chen Min"' in page
    assert re.search(
        r'<input type="radio" name="on_camera_in_person" value="True"[^>]*checked', page
    )
    assert 'value="pantry"' in page and '<option value="weibo" selected>' in page
    assert re.search(r'name="q-weekly_events" id="id_q-weekly_events" value="2"', page)
    assert re.search(r'value="fresh" checked', page) and re.search(r'value="food" checked', page)
    assert not re.search(r'value="beauty" checked', page)
    assert re.search(
        r'name="q-availability-sat" id="id_q-availability_sat" value="on" checked', page
    )
    assert 'name="q-availability-sat-start" id="id_q-availability_sat_start" value="10:00"' in page
    assert re.search(r'name="q-needs_logistics" id="[^"]+" value="yes" checked', page)
    assert f'action="{draft_url(draft)}"' in page

    response = client.post(draft_url(draft), form_post())

    assert response.status_code == 302
    assert response.url == reverse("portal:submitted", args=[draft.draft_token])
    assert Application.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert answers_of(draft)["weekly_events"] == 3


def test_saving_a_draft_from_its_page_updates_it(client, campaign):
    client.post(apply_url(campaign), {"action": "save", "full_name": "Chen Min"})
    draft = Application.objects.get()

    response = client.post(draft_url(draft), {"action": "save", "full_name": "Chen Min 2"})

    assert response.status_code == 302 and response.url == draft_url(draft)
    draft.refresh_from_db()
    assert draft.full_name == "Chen Min 2"
    assert draft.status == Status.DRAFT


def test_invalid_draft_save_saves_nothing(client, campaign):
    response = client.post(
        apply_url(campaign), {"action": "save", "full_name": "Chen", "q-weekly_events": "lots"}
    )

    assert response.status_code == 400
    assert has_id(response.content.decode(), "id_q-weekly_events_error")
    assert Application.objects.count() == 0


def test_invalid_submit_from_a_draft_keeps_the_draft_as_it_was(client, campaign):
    client.post(apply_url(campaign), {"action": "save", "full_name": "Chen Min"})
    draft = Application.objects.get()

    response = client.post(draft_url(draft), form_post(full_name="Changed", consent=None))

    assert response.status_code == 400
    assert has_id(response.content.decode(), "id_consent_error")
    draft.refresh_from_db()
    assert (draft.status, draft.full_name) == (Status.DRAFT, "Chen Min")
    assert not draft.answers.exists()


def test_status_page_shows_the_public_label_never_the_internal_status(client, campaign):
    application = ApplicationFactory(campaign=campaign, status=Status.IN_REVIEW)

    response = client.get(draft_url(application))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Being reviewed" in page
    assert "In review" not in page and "in_review" not in page
    assert application.reference in page
    assert campaign.name in page
    assert 'name="action"' not in page


def test_posting_to_a_sent_application_is_a_409_status_page(client, campaign):
    application = ApplicationFactory(campaign=campaign)

    response = client.post(draft_url(application), form_post(action="save"))

    assert response.status_code == 409
    assert "Received, waiting for review" in response.content.decode()


def test_unknown_private_link_is_404(client, db):
    assert client.get(reverse("portal:draft", args=["no-such-token"])).status_code == 404
    autosave = reverse("portal:draft-autosave", args=["no-such-token"])
    assert client.post(autosave, {"full_name": "x"}).status_code == 404
    assert client.get(reverse("portal:submitted", args=["no-such-token"])).status_code == 404


# Autosave


def test_first_autosave_opens_a_draft_and_names_its_private_link(client, campaign):
    ChannelFactory(code="weibo-official")
    url = reverse("portal:apply-autosave", args=[campaign.slug])

    response = client.post(
        url, {"full_name": "Chen Min", "q-weekly_events": "4", "via": "weibo-official"}
    )

    assert response.status_code == 201
    draft = Application.objects.get()
    body = response.json()
    assert body["private_url"] == draft_url(draft)
    assert body["autosave_url"] == reverse("portal:draft-autosave", args=[draft.draft_token])
    assert body["message"].startswith("Saved at ")
    assert re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert (draft.status, draft.full_name, draft.channel.code) == (
        Status.DRAFT,
        "Chen Min",
        "weibo-official",
    )
    assert answers_of(draft) == {"weekly_events": 4}


def test_autosave_updates_the_draft_and_refuses_malformed_input(client, campaign):
    client.post(apply_url(campaign), {"action": "save", "full_name": "Chen Min"})
    draft = Application.objects.get()
    url = reverse("portal:draft-autosave", args=[draft.draft_token])

    saved = client.post(url, {"full_name": "Chen Min", "company_name": "Mountain Pantry"})
    refused = client.post(url, {"full_name": "Other", "email": "nope", "q-weekly_events": "99"})

    assert saved.status_code == 200
    assert saved.json()["message"].startswith("Saved at ")
    assert refused.status_code == 400
    fields = refused.json()["fields"]
    assert set(fields) == {"email", "q-weekly_events"}
    draft.refresh_from_db()
    assert (draft.full_name, draft.company_name) == ("Chen Min", "Mountain Pantry")


def test_autosave_of_a_sent_application_is_a_409(client, campaign):
    application = ApplicationFactory(campaign=campaign)

    response = client.post(
        reverse("portal:draft-autosave", args=[application.draft_token]), {"full_name": "X"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_autosave_is_rate_limited(client, campaign, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"draft_write": "1/hour"})
    client.post(apply_url(campaign), {"action": "save", "full_name": "Chen Min"})
    draft = Application.objects.get()

    response = client.post(
        reverse("portal:draft-autosave", args=[draft.draft_token]), {"full_name": "Again"}
    )

    assert response.status_code == 429
    draft.refresh_from_db()
    assert draft.full_name == "Chen Min"


def test_the_form_loads_the_autosave_script_and_names_its_endpoint(client, campaign):
    page = client.get(apply_url(campaign)).content.decode()

    assert "portal/apply.js" in page
    assert f'data-autosave-url="{reverse("portal:apply-autosave", args=[campaign.slug])}"' in page


# Accounts


def test_my_applications_needs_a_sign_in(client, db):
    response = client.get(reverse("portal:my-applications"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:login"))


def test_my_applications_lists_only_my_own(client, campaign):
    me = UserFactory(email="me@example.com")
    mine = ApplicationFactory(campaign=campaign, user=me, status=Status.WAITLISTED)
    theirs = ApplicationFactory(campaign=campaign, user=UserFactory())
    client.force_login(me)

    response = client.get(reverse("portal:my-applications"))

    page = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in page and theirs.reference not in page
    assert "On the waiting list" in page and "Waitlisted" not in page
    assert draft_url(mine) in page


def test_sign_in_with_e_mail_in_any_case(client, db):
    UserFactory(username="ceo@example.com", email="ceo@example.com")

    response = client.post(
        reverse("portal:login"), {"username": "CEO@Example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("portal:my-applications")


def test_wrong_password_stays_on_the_sign_in_page(client, db):
    UserFactory(username="ceo@example.com", email="ceo@example.com")

    response = client.post(
        reverse("portal:login"), {"username": "ceo@example.com", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_set_password_link_sets_the_password(client, db):
    user = UserFactory(username="ceo@example.com", email="ceo@example.com")
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse("portal:set-password", args=[uid, default_token_generator.make_token(user)])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Tea-garden-2027", "new_password2": "Tea-garden-2027"},
    )

    assert response.status_code == 302
    assert response.url == reverse("portal:set-password-done")
    user.refresh_from_db()
    assert user.check_password("Tea-garden-2027")
    assert client.get(link, follow=True).context["validlink"] is False


def test_sign_out_is_a_post(client, db):
    client.force_login(UserFactory())

    response = client.post(reverse("portal:logout"))

    assert response.status_code == 302
    assert client.get(reverse("portal:my-applications")).status_code == 302


def has_id(page: str, element_id: str) -> bool:
    return re.search(rf'\sid="{re.escape(element_id)}"', page) is not None


def _block(page: str, question_id: str) -> str:
    """The HTML of one question's block, from its opening tag to the next question."""
    start = page.index(f' id="{question_id}"')
    end = page.find('class="field question', start + 1)
    return page[start : end if end != -1 else len(page)]
