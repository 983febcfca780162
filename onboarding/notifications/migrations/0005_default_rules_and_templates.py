"""Default reminder rules and wording (campaign empty); staff change them in the admin."""

from datetime import timedelta

from django.db import migrations

DAY, HOUR = timedelta(days=1), timedelta(hours=1)
ALL = ["email", "in_app", "sms"]
QUIET = ["email", "in_app"]

RULES = [
    # kind, offset, anchor, channels, urgent
    ("training_session", DAY, "before_start", QUIET, False),
    ("training_session", HOUR, "before_start", ALL, True),
    ("studio_show", 2 * DAY, "before_start", QUIET, False),
    ("studio_show", 2 * HOUR, "before_start", ALL, True),
    ("samples_not_shipped", 3 * DAY, "before_start", QUIET, False),
    ("draft_unfinished", 2 * DAY, "before_start", ["email"], False),
    ("info_request_unanswered", 2 * DAY, "before_start", QUIET, False),
    ("outcome_missing", 2 * HOUR, "after_end", QUIET, False),
]

DETAILS_EN = (
    "{% if location %}Where: {{ location }}\n{% endif %}"
    "{% if crew %}Crew: {{ crew }}\n{% endif %}"
    "{% if checklist %}Please bring / check: {{ checklist }}\n{% endif %}"
    "{% if url %}Details: {{ url }}\n{% endif %}"
)
DETAILS_ZH = (
    "{% if location %}地点：{{ location }}\n{% endif %}"
    "{% if crew %}工作人员：{{ crew }}\n{% endif %}"
    "{% if checklist %}请准备 / 确认：{{ checklist }}\n{% endif %}"
    "{% if url %}详情：{{ url }}\n{% endif %}"
)

TEMPLATES = {
    "training_session": (
        ("Reminder: {{ title }} starts in {{ offset }}",
         "Hello {{ name }},\n\nyour training session {{ title }} starts {{ starts_at }}.\n\n"
         + DETAILS_EN + "\nSee you there.",
         "Training {{ title }}: {{ starts_at }}"),
        ("提醒：{{ title }} 将在 {{ offset }}后开始",
         "{{ name }} 您好，\n\n您的培训课程 {{ title }} 开始时间：{{ starts_at }}。\n\n"
         + DETAILS_ZH + "\n期待您的参加。",
         "培训 {{ title }}：{{ starts_at }}"),
    ),
    "studio_show": (
        ("Your live show {{ title }} starts in {{ offset }}",
         "Hello {{ name }},\n\nyour live show {{ title }} starts {{ starts_at }} and ends "
         "{{ ends_at }}.\n\n" + DETAILS_EN
         + "{% if confirm_url %}\nPlease confirm you will be there: {{ confirm_url }}\n{% endif %}",
         "Show {{ title }}: {{ starts_at }}"),
        ("您的直播 {{ title }} 将在 {{ offset }}后开始",
         "{{ name }} 您好，\n\n您的直播 {{ title }} 开始时间：{{ starts_at }}，结束时间：{{ ends_at }}。\n\n"
         + DETAILS_ZH
         + "{% if confirm_url %}\n请确认您会准时到场：{{ confirm_url }}\n{% endif %}",
         "直播 {{ title }}：{{ starts_at }}"),
    ),
    "samples_not_shipped": (
        ("Samples for {{ title }} have not been shipped yet",
         "Hello {{ name }},\n\nwe have not yet received the shipping details of the samples for "
         "{{ title }}, which starts {{ starts_at }}. Please ship them now.\n\n" + DETAILS_EN,
         ""),
        ("{{ title }} 的样品尚未寄出",
         "{{ name }} 您好，\n\n我们还没有收到 {{ title }}（开始时间：{{ starts_at }}）样品的寄送信息，"
         "请尽快寄出。\n\n" + DETAILS_ZH,
         ""),
    ),
    "draft_unfinished": (
        ("Your application is not finished yet",
         "Hello {{ name }},\n\nyour application {{ title }} is still a draft. Applications close "
         "{{ starts_at }}.\n{% if url %}Continue here: {{ url }}\n{% endif %}",
         ""),
        ("您的申请尚未完成",
         "{{ name }} 您好，\n\n您的申请 {{ title }} 仍是草稿。申请截止时间：{{ starts_at }}。\n"
         "{% if url %}继续填写：{{ url }}\n{% endif %}",
         ""),
    ),
    "info_request_unanswered": (
        ("We are still waiting for your answer",
         "Hello {{ name }},\n\nwe asked you for more information about {{ title }}. Please answer "
         "by {{ starts_at }}.\n{% if url %}Answer here: {{ url }}\n{% endif %}",
         ""),
        ("我们仍在等待您的回复",
         "{{ name }} 您好，\n\n我们需要您补充关于 {{ title }} 的信息，请在 {{ starts_at }} 之前回复。\n"
         "{% if url %}在此回复：{{ url }}\n{% endif %}",
         ""),
    ),
    "outcome_missing": (
        ("Record the outcome of {{ title }}",
         "Hello {{ name }},\n\nthe show {{ title }} ended {{ ends_at }}. Please record its turnover, "
         "viewers and new followers.\n{% if url %}{{ url }}\n{% endif %}",
         ""),
        ("请登记 {{ title }} 的直播结果",
         "{{ name }} 您好，\n\n直播 {{ title }} 已于 {{ ends_at }} 结束，请登记成交额、观看人数和新增粉丝。\n"
         "{% if url %}{{ url }}\n{% endif %}",
         ""),
    ),
}


def create(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for kind, offset, anchor, channels, urgent in RULES:
        ReminderRule.objects.get_or_create(
            campaign=None,
            kind=kind,
            offset=offset,
            anchor=anchor,
            defaults={"channels": channels, "urgent": urgent},
        )
    for kind, (english, chinese) in TEMPLATES.items():
        for language, (subject, body, sms) in (("en", english), ("zh-hans", chinese)):
            MessageTemplate.objects.get_or_create(
                campaign=None,
                kind=kind,
                language=language,
                defaults={"subject": subject, "body": body, "sms_body": sms},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_message_key_required"),
    ]

    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
