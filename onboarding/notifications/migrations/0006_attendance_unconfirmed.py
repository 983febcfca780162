"""Asking CEOs to confirm their shows: the wording of the notice sent when a show is booked or
moved, and the escalation (rule and wording) when a CEO has not confirmed.

Also softens the show reminder's request to confirm, which a CEO who already confirmed still
reads in the later reminder, and puts the link in its text message; only default wording is
changed, and only if nobody edited it.
"""

from datetime import timedelta

from django.db import migrations, models

KIND = "attendance_unconfirmed"

TEMPLATES = {
    "en": (
        "Not confirmed yet: {{ ceo }}, {{ title }}",
        "Hello {{ name }},\n\n{{ ceo }} has not yet confirmed being at the live show {{ title }}, "
        "which starts {{ starts_at }}.\n\n"
        "{% if location %}Where: {{ location }}\n{% endif %}"
        "{% if ceo_phone %}{{ ceo }}'s phone: {{ ceo_phone }}\n{% endif %}"
        "{% if confirm_url %}\nIf you know they will be there, confirm for them: "
        "{{ confirm_url }}\n{% endif %}",
        "{{ ceo }} has not confirmed the show {{ title }}, {{ starts_at }}"
        "{% if confirm_url %}. Confirm for them: {{ confirm_url }}{% endif %}",
    ),
    "zh-hans": (
        "尚未确认：{{ ceo }}，{{ title }}",
        "{{ name }} 您好，\n\n{{ ceo }} 尚未确认参加直播 {{ title }}（开始时间：{{ starts_at }}）。\n\n"
        "{% if location %}地点：{{ location }}\n{% endif %}"
        "{% if ceo_phone %}{{ ceo }} 的电话：{{ ceo_phone }}\n{% endif %}"
        "{% if confirm_url %}\n如您确定其会到场，可代为确认：{{ confirm_url }}\n{% endif %}",
        "{{ ceo }} 尚未确认直播 {{ title }}：{{ starts_at }}"
        "{% if confirm_url %}。代为确认：{{ confirm_url }}{% endif %}",
    ),
}

NOTICE = "show_booked"
NOTICE_TEMPLATES = {
    "en": (
        "{% if moved %}Your live show has moved: {% else %}Your live show is booked: "
        "{% endif %}{{ title }}",
        "Hello {{ name }},\n\n{% if moved %}your live show {{ title }} has moved. It now starts "
        "{{ starts_at }}{% else %}your live show {{ title }} is booked. It starts {{ starts_at }}"
        "{% endif %} and ends {{ ends_at }}.\n\n"
        "{% if location %}Where: {{ location }}\n{% endif %}"
        "{% if crew %}Crew: {{ crew }}\n{% endif %}"
        "{% if confirm_url %}\nWill you be there? Confirm with one tap: {{ confirm_url }}\n"
        "{% endif %}",
        "{% if moved %}Show moved{% else %}Show booked{% endif %}: {{ title }}, {{ starts_at }}"
        "{% if confirm_url %}. Confirm: {{ confirm_url }}{% endif %}",
    ),
    "zh-hans": (
        "{% if moved %}您的直播时间已更改：{% else %}您的直播已预约：{% endif %}{{ title }}",
        "{{ name }} 您好，\n\n{% if moved %}您的直播 {{ title }} 时间已更改，新的开始时间：{{ starts_at }}"
        "{% else %}您的直播 {{ title }} 已预约，开始时间：{{ starts_at }}{% endif %}，"
        "结束时间：{{ ends_at }}。\n\n"
        "{% if location %}地点：{{ location }}\n{% endif %}"
        "{% if crew %}工作人员：{{ crew }}\n{% endif %}"
        "{% if confirm_url %}\n您会准时到场吗？请一键确认：{{ confirm_url }}\n{% endif %}",
        "{% if moved %}直播改期{% else %}直播已预约{% endif %}：{{ title }}，{{ starts_at }}"
        "{% if confirm_url %}。确认：{{ confirm_url }}{% endif %}",
    ),
}

SHOW_SMS = {
    "en": (
        "Show {{ title }}: {{ starts_at }}",
        "Show {{ title }}: {{ starts_at }}{% if confirm_url %}. Confirm: {{ confirm_url }}{% endif %}",
    ),
    "zh-hans": (
        "直播 {{ title }}：{{ starts_at }}",
        "直播 {{ title }}：{{ starts_at }}{% if confirm_url %}。确认：{{ confirm_url }}{% endif %}",
    ),
}

SHOW_CONFIRM = {
    "en": (
        "{% if confirm_url %}\nPlease confirm you will be there: {{ confirm_url }}\n{% endif %}",
        "{% if confirm_url %}\nWill you be there? Confirm with one tap, if you have not yet: "
        "{{ confirm_url }}\n{% endif %}",
    ),
    "zh-hans": (
        "{% if confirm_url %}\n请确认您会准时到场：{{ confirm_url }}\n{% endif %}",
        "{% if confirm_url %}\n您会准时到场吗？如尚未确认，请一键确认：{{ confirm_url }}\n{% endif %}",
    ),
}


def create(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    ReminderRule.objects.get_or_create(
        campaign=None,
        kind=KIND,
        offset=timedelta(days=1),
        anchor="before_start",
        defaults={"channels": ["email", "in_app", "sms"], "urgent": False},
    )
    for language, (subject, body, sms) in TEMPLATES.items():
        MessageTemplate.objects.get_or_create(
            campaign=None,
            kind=KIND,
            language=language,
            defaults={"subject": subject, "body": body, "sms_body": sms},
        )
    for language, (subject, body, sms) in NOTICE_TEMPLATES.items():
        MessageTemplate.objects.get_or_create(
            campaign=None,
            kind=NOTICE,
            language=language,
            defaults={"subject": subject, "body": body, "sms_body": sms},
        )
    for language, (old, new) in SHOW_SMS.items():
        MessageTemplate.objects.filter(
            campaign=None, kind="studio_show", language=language, sms_body=old
        ).update(sms_body=new)
    for language, (old, new) in SHOW_CONFIRM.items():
        for template in MessageTemplate.objects.filter(
            campaign=None, kind="studio_show", language=language, body__endswith=old
        ):
            template.body = template.body[: -len(old)] + new
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_default_rules_and_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reminderrule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("training_session", "Training session"),
                    ("studio_show", "Studio show"),
                    ("samples_not_shipped", "Samples not shipped"),
                    ("draft_unfinished", "Application draft unfinished"),
                    ("info_request_unanswered", "Information request unanswered"),
                    ("outcome_missing", "Show outcome not recorded"),
                    ("attendance_unconfirmed", "Show attendance not confirmed"),
                ],
                max_length=60,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
