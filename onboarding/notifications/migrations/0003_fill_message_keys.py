import uuid

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    Message.objects.filter(next_attempt_at=None).update(next_attempt_at=F("due_at"))
    for pk in Message.objects.filter(key=None).values_list("pk", flat=True).iterator():
        Message.objects.filter(pk=pk).update(key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_hardening"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
