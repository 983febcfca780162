"""Standby backfill: freed slots and the offers made for them, with the offer's wording.

The wording (English and Simplified Chinese) is default data staff may edit in the admin;
`create` is also called by the tests, which skip migrations.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TEMPLATES = {
    "standby_offer": {
        "en": (
            "A studio slot is free: {{ studio }}, {{ starts_at }}",
            "Hello {{ name }},\n\na live show slot has just become free and you are on the "
            "standby list: {{ location }}, from {{ starts_at }} to {{ ends_at }}.\n\n"
            "The first CEO to accept gets it. You can take it until "
            "{% dual_time expires_at_utc %}:\n{{ offers_url }}\n",
            "Free studio slot {{ starts_at }} at {{ studio }}. First to accept gets it, until "
            "{% dual_time expires_at_utc %}: {{ offers_url }}",
        ),
        "zh-hans": (
            "有空闲直播间时段：{{ studio }}，{{ starts_at }}",
            "{{ name }} 您好，\n\n刚空出一个直播时段，您在候补名单上：{{ location }}，"
            "{{ starts_at }} 至 {{ ends_at }}。\n\n先接受者得。您可在 "
            "{% dual_time expires_at_utc %} 之前接受：\n{{ offers_url }}\n",
            "{{ studio }} 空出直播时段 {{ starts_at }}，先到先得，截止 "
            "{% dual_time expires_at_utc %}：{{ offers_url }}",
        ),
    },
    "standby_withdrawn": {
        "en": (
            "The studio slot has been taken: {{ studio }}, {{ starts_at }}",
            "Hello {{ name }},\n\nthe free slot at {{ location }} ({{ starts_at }}) has been "
            "taken by another CEO. Thank you for standing by; we will tell you when another "
            "slot is free.\n",
            "The free slot at {{ studio }}, {{ starts_at }}, has been taken.",
        ),
        "zh-hans": (
            "空闲时段已被预约：{{ studio }}，{{ starts_at }}",
            "{{ name }} 您好，\n\n{{ location }} 的空闲时段（{{ starts_at }}）已被其他 CEO "
            "接受。感谢您的候补，再有空闲时段时我们会通知您。\n",
            "{{ studio }} 的空闲时段 {{ starts_at }} 已被预约。",
        ),
    },
}


def create(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for kind, languages in TEMPLATES.items():
        for language, (subject, body, sms) in languages.items():
            MessageTemplate.objects.get_or_create(
                campaign=None,
                kind=kind,
                language=language,
                defaults={"subject": subject, "body": body, "sms_body": sms},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0006_attendance_unconfirmed"),
        ("applicants", "0007_privacy"),
        ("studios", "0003_booking_ready_override"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FreedSlot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="starts")),
                ("ends_at", models.DateTimeField(verbose_name="ends")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Offered to standby CEOs"),
                            ("filled", "Taken by a standby CEO"),
                            ("exhausted", "Nobody ready took it"),
                            ("closed", "Closed"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="freed")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                (
                    "booking",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="filled_slot",
                        to="studios.booking",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="freed_slots",
                        to="applicants.campaign",
                    ),
                ),
                (
                    "cancelled_booking",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="freed_slot",
                        to="studios.booking",
                    ),
                ),
                (
                    "scheduler",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "studio",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="freed_slots",
                        to="studios.studio",
                    ),
                ),
            ],
            options={
                "verbose_name": "freed slot",
                "verbose_name_plural": "freed slots",
                "ordering": ["starts_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="StandbyOffer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rank",
                    models.PositiveSmallIntegerField(verbose_name="place on the standby list"),
                ),
                ("wave", models.PositiveSmallIntegerField(default=1, verbose_name="wave")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for an answer"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined"),
                            ("expired", "Expired"),
                            ("withdrawn", "Taken by someone else"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("offered_at", models.DateTimeField(verbose_name="offered")),
                ("expires_at", models.DateTimeField(verbose_name="expires")),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered"),
                ),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standby_offers",
                        to="applicants.application",
                    ),
                ),
                (
                    "ceo",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standby_offers",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "slot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offers",
                        to="studios.freedslot",
                    ),
                ),
            ],
            options={
                "verbose_name": "standby offer",
                "verbose_name_plural": "standby offers",
                "ordering": ["slot", "rank"],
            },
        ),
        migrations.AddIndex(
            model_name="freedslot",
            index=models.Index(
                fields=["status", "starts_at"], name="studios_fre_status_e9122e_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="standbyoffer",
            index=models.Index(
                condition=models.Q(("status", "pending")),
                fields=["expires_at"],
                name="standby_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="standbyoffer",
            index=models.Index(fields=["ceo", "status"], name="studios_sta_ceo_id_fd03a7_idx"),
        ),
        migrations.AddConstraint(
            model_name="standbyoffer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "accepted")),
                fields=("slot",),
                name="standby_one_accepted_per_slot",
            ),
        ),
        migrations.AddConstraint(
            model_name="standbyoffer",
            constraint=models.UniqueConstraint(
                fields=("slot", "application"), name="standby_one_offer_per_ceo"
            ),
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
