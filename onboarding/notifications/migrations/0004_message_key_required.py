import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_fill_message_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="message",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="message",
            name="next_attempt_at",
            field=models.DateTimeField(verbose_name="next attempt"),
        ),
    ]
