"""Who may keep reminder rules, wording, webhooks and the outbox in the admin, and what they may
not break there."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation

from onboarding.core.models import Role
from onboarding.notifications.models import (
    Message,
    MessageTemplate,
    ReminderRule,
    WebhookEndpoint,
)
from onboarding.notifications.services.rendering import template_problems
from tests.factories import CampaignFactory, UserFactory
from tests.notifications.conftest import due_message

pytestmark = pytest.mark.django_db
ADMIN = "/admin/notifications"
RUNS_CAMPAIGNS = [Role.LEAD_REVIEWER, Role.SCHEDULER]
# Staff flag set even for the CEO: the role alone must keep them out.
KEPT_OUT = [Role.REVIEWER, Role.TRAINER, Role.CEO]


def _client(role: str, **fields) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role, is_staff=True, **fields))
    return client


def _default_rule() -> ReminderRule:
    return ReminderRule.objects.get(
        kind="training_session", campaign=None, offset=timedelta(days=1)
    )


def _default_template() -> MessageTemplate:
    return MessageTemplate.objects.get(kind="training_session", language="en", campaign=None)


def _template_post(template: MessageTemplate, **changes) -> dict:
    data = {"subject": template.subject, "body": template.body, "sms_body": template.sms_body}
    return {**data, **changes}


@pytest.mark.parametrize("role", RUNS_CAMPAIGNS)
def test_campaign_staff_change_a_reminder_rule(default_rules, role):
    # Given a default rule, one day before a training session
    rule = _default_rule()
    client = _client(role)
    url = f"{ADMIN}/reminderrule/{rule.pk}/change/"
    assert client.get(url).status_code == 200

    # When they move it to two days and drop the in-app channel
    response = client.post(
        url,
        {
            "offset": "2 00:00:00",
            "anchor": "before_start",
            "channels": ["email"],
            "is_active": "on",
        },
    )

    # Then it is saved
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert (rule.offset, rule.channels) == (timedelta(days=2), ["email"])


@pytest.mark.parametrize("role", RUNS_CAMPAIGNS)
def test_campaign_staff_change_the_wording(default_rules, role):
    template = _default_template()
    client = _client(role)
    url = f"{ADMIN}/messagetemplate/{template.pk}/change/"
    assert client.get(url).status_code == 200

    response = client.post(url, _template_post(template, subject="See you at {{ title }}"))

    assert response.status_code == 302, response.content.decode()[:2000]
    template.refresh_from_db()
    assert template.subject == "See you at {{ title }}"


@pytest.mark.parametrize("role", RUNS_CAMPAIGNS)
def test_campaign_staff_add_a_rule_and_a_template_for_their_campaign(role):
    campaign = CampaignFactory()
    client = _client(role)

    rule = client.post(
        f"{ADMIN}/reminderrule/add/",
        {
            "campaign": campaign.pk,
            "kind": "studio_show",
            "offset": "03:00:00",
            "anchor": "before_start",
            "channels": ["email", "sms"],
            "is_active": "on",
        },
    )
    template = client.post(
        f"{ADMIN}/messagetemplate/add/",
        {
            "campaign": campaign.pk,
            "kind": "studio_show",
            "language": "en",
            "subject": "Soon: {title}",
            "body": "Hello {name}, {title} starts {starts_at}.",
            "sms_body": "",
        },
    )

    assert (rule.status_code, template.status_code) == (302, 302)
    assert ReminderRule.objects.get(campaign=campaign).offset == timedelta(hours=3)
    assert MessageTemplate.objects.get(campaign=campaign).subject == "Soon: {title}"


@pytest.mark.parametrize("role", KEPT_OUT)
def test_other_roles_may_not_open_rules_or_wording(default_rules, role):
    client = _client(role)

    rule = client.get(f"{ADMIN}/reminderrule/{_default_rule().pk}/change/")
    template = client.get(f"{ADMIN}/messagetemplate/{_default_template().pk}/change/")
    rules = client.get(f"{ADMIN}/reminderrule/")

    assert (rule.status_code, template.status_code, rules.status_code) == (403, 403, 403)


def test_a_default_rule_keeps_its_campaign_and_kind_for_non_superusers(default_rules):
    # Moving the default to one campaign would leave every other campaign without it.
    rule = _default_rule()
    campaign = CampaignFactory()

    response = _client(Role.LEAD_REVIEWER).post(
        f"{ADMIN}/reminderrule/{rule.pk}/change/",
        {
            "campaign": campaign.pk,
            "kind": "studio_show",
            "offset": "1 00:00:00",
            "anchor": "before_start",
            "channels": ["email"],
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.campaign_id, rule.kind, rule.is_active) == (None, "training_session", False)


def test_a_lead_may_not_delete_a_default_rule(default_rules):
    rule = _default_rule()
    client = _client(Role.LEAD_REVIEWER)

    page = client.get(f"{ADMIN}/reminderrule/{rule.pk}/delete/")
    confirmed = client.post(f"{ADMIN}/reminderrule/{rule.pk}/delete/", {"post": "yes"})

    assert (page.status_code, confirmed.status_code) == (403, 403)
    assert ReminderRule.objects.filter(pk=rule.pk).exists()


def test_a_default_rule_is_kept_even_from_someone_granted_deletion(default_rules):
    # A delete permission given by hand still stops at the defaults; a campaign's own rule goes.
    lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)
    lead.user_permissions.add(Permission.objects.get(codename="delete_reminderrule"))
    own = ReminderRule.objects.create(
        campaign=CampaignFactory(), kind="studio_show", offset=timedelta(hours=3)
    )
    client = Client()
    client.force_login(lead)

    default = client.post(f"{ADMIN}/reminderrule/{_default_rule().pk}/delete/", {"post": "yes"})
    campaigns = client.post(f"{ADMIN}/reminderrule/{own.pk}/delete/", {"post": "yes"})

    assert (default.status_code, campaigns.status_code) == (403, 302)
    assert not ReminderRule.objects.filter(pk=own.pk).exists()


def test_a_superuser_may_delete_a_default_rule(default_rules):
    rule = _default_rule()
    client = _client(Role.ADMIN, is_superuser=True)

    response = client.post(f"{ADMIN}/reminderrule/{rule.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not ReminderRule.objects.filter(pk=rule.pk).exists()


def test_a_scheduler_deletes_a_campaigns_template_but_not_a_default_one(default_rules):
    own = MessageTemplate.objects.create(
        campaign=CampaignFactory(), kind="studio_show", language="en", subject="s", body="b"
    )
    client = _client(Role.SCHEDULER)

    default = client.post(
        f"{ADMIN}/messagetemplate/{_default_template().pk}/delete/", {"post": "yes"}
    )
    campaigns = client.post(f"{ADMIN}/messagetemplate/{own.pk}/delete/", {"post": "yes"})

    assert (default.status_code, campaigns.status_code) == (403, 302)
    assert not MessageTemplate.objects.filter(pk=own.pk).exists()
    assert MessageTemplate.objects.filter(pk=_default_template().pk).exists()


def test_the_bulk_delete_action_also_keeps_the_defaults(default_rules):
    own = MessageTemplate.objects.create(
        campaign=CampaignFactory(), kind="studio_show", language="en", subject="s", body="b"
    )
    default = _default_template()
    client = _client(Role.SCHEDULER)

    client.post(
        f"{ADMIN}/messagetemplate/",
        {"action": "delete_selected", "_selected_action": [own.pk, default.pk], "post": "yes"},
    )

    assert MessageTemplate.objects.filter(pk__in=[own.pk, default.pk]).count() == 2


def test_a_template_that_does_not_parse_is_refused(default_rules):
    # Given the default wording
    template = _default_template()
    before = template.body
    client = _client(Role.SCHEDULER)

    # When a scheduler leaves an {% if %} open and a placeholder unclosed in the SMS text
    response = client.post(
        f"{ADMIN}/messagetemplate/{template.pk}/change/",
        _template_post(
            template,
            body="Hello {{ name }}{% if location %} at {{ location }}",
            sms_body="Training {title at {starts_at}",
        ),
    )

    # Then the form says why, beside each field, and nothing is saved
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["body"][0].startswith("The template does not parse: Unclosed tag")
    assert "'if'" in errors["body"][0]
    assert errors["sms_body"][0].startswith("The placeholders do not parse")
    assert "subject" not in errors
    template.refresh_from_db()
    assert template.body == before


def test_the_error_is_in_the_readers_language(default_rules):
    template = _default_template()

    response = _client(Role.LEAD_REVIEWER).post(
        f"{ADMIN}/messagetemplate/{template.pk}/change/",
        _template_post(template, subject="{% if title %}"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    with translation.override("zh-hans"):
        expected = template_problems("{% if title %}")
    assert response.context["adminform"].form.errors["subject"] == expected


def test_a_scheduler_sends_a_failed_message_again():
    # Given a failed e-mail, which a scheduler may see but not edit
    message = due_message(status=Message.Status.FAILED, attempts=5, last_error="refused")
    client = _client(Role.SCHEDULER)
    page = client.get(f"{ADMIN}/message/{message.pk}/change/")
    assert page.status_code == 200
    assert client.post(f"{ADMIN}/message/{message.pk}/change/", {}).status_code == 403

    # When they pick "send again"
    response = client.post(
        f"{ADMIN}/message/",
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )

    # Then it is pending with fresh attempts
    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 0)


def test_a_reviewer_neither_reads_messages_nor_sends_them_again():
    # Message bodies carry phone numbers and signed links: not a reviewer's business.
    message = due_message(status=Message.Status.FAILED, attempts=5, last_error="refused")
    client = _client(Role.REVIEWER)

    assert client.get(f"{ADMIN}/message/").status_code == 403
    answer = client.post(
        f"{ADMIN}/message/", {"action": "resend", "_selected_action": [message.pk]}
    )

    assert answer.status_code == 403
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.SCHEDULER, 403), (Role.LEAD_REVIEWER, 403), (Role.REVIEWER, 403), (Role.ADMIN, 200)],
)
def test_webhook_endpoints_are_for_administrators(role, status):
    endpoint = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.com/hook")
    client = _client(role)

    listing = client.get(f"{ADMIN}/webhookendpoint/")
    page = client.get(f"{ADMIN}/webhookendpoint/{endpoint.pk}/change/")

    assert (listing.status_code, page.status_code) == (status, status)


def test_an_administrator_adds_an_endpoint_with_the_secret_shown_once():
    client = _client(Role.ADMIN)
    add_page = client.get(f"{ADMIN}/webhookendpoint/add/").content.decode()
    assert "Copy it to the receiving system now" in add_page

    response = client.post(
        f"{ADMIN}/webhookendpoint/add/",
        {"name": "CRM", "url": "https://crm.example.com/hook", "secret": "s" * 40},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == "s" * 40
    listing = client.get(f"{ADMIN}/webhookendpoint/").content.decode()
    page = client.get(f"{ADMIN}/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert "s" * 40 not in listing
    assert "s" * 40 not in page
    assert "••••ssss" in page


def test_a_short_secret_is_refused():
    response = _client(Role.ADMIN).post(
        f"{ADMIN}/webhookendpoint/add/",
        {"name": "CRM", "url": "https://crm.example.com/hook", "secret": "short"},
    )

    assert response.status_code == 200
    assert "secret" in response.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()


def test_the_secret_is_replaced_not_read():
    endpoint = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.com/hook")
    old = endpoint.secret
    client = _client(Role.ADMIN)
    url = f"{ADMIN}/webhookendpoint/{endpoint.pk}/change/"
    assert old not in client.get(url).content.decode()
    fields = {"name": "CRM", "url": "https://crm.example.com/hook", "is_active": "on"}

    kept = client.post(url, {**fields, "new_secret": ""})
    endpoint.refresh_from_db()
    assert (kept.status_code, endpoint.secret) == (302, old)

    replaced = client.post(url, {**fields, "new_secret": "n" * 40})
    endpoint.refresh_from_db()
    assert (replaced.status_code, endpoint.secret) == (302, "n" * 40)


def test_a_superuser_sees_the_masked_secret_too():
    # Viewing the page is where a secret would leak; superusers see the same mask.
    endpoint = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.com/hook")

    page = _client(Role.ADMIN, is_superuser=True).get(
        f"{ADMIN}/webhookendpoint/{endpoint.pk}/change/"
    )

    assert endpoint.secret not in page.content.decode()
    assert f"••••{endpoint.secret[-4:]}" in page.content.decode()


class TestTemplateProblems:
    @pytest.mark.parametrize(
        "text",
        [
            "",
            "Plain text",
            "Hello {name}, {title} starts {starts_at}.",
            "{{ name }}{% if location %} at {{ location }}{% endif %}",
            "{% dual_time starts_at_utc %}",
            "{{ unknown_value|upper }}",
        ],
    )
    def test_text_that_renders_passes(self, text):
        assert template_problems(text) == []

    @pytest.mark.parametrize(
        ("text", "start"),
        [
            ("{% if title %}open", "The template does not parse"),
            ("{{ title|no_such_filter }}", "The template does not parse"),
            ("{% load humanize %}{{ title }}", "The template does not parse"),
            # Parses, but fails on a real value: the tag wants a time, not the title.
            ("{% dual_time title %}", "The template fails when it is filled in"),
            ("{% include 'other.txt' %}", "The template fails when it is filled in"),
            ("{% debug %}", "The {% debug %} tag is not allowed in messages."),
            ("Hello {name", "The placeholders do not parse"),
            ("Hello name}", "The placeholders do not parse"),
            ("Hello {0}", "Every placeholder needs a name"),
            ("Hello {}", "Every placeholder needs a name"),
            ("Hello {name!x}", "A placeholder may end in !s, !r or !a only."),
        ],
    )
    def test_text_that_would_not_render_is_explained(self, text, start):
        problems = template_problems(text)

        assert len(problems) == 1 and problems[0].startswith(start), problems
