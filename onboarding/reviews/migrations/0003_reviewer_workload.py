# Each reviewer's open workload per campaign, kept by triggers (onboarding/reviews/workload.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def install_and_count(apps, schema_editor):
    """The triggers, then every row counted from the review cases as they stand."""
    from onboarding.reviews import workload

    workload.install(using=schema_editor.connection.alias)
    workload.recount(using=schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    from onboarding.reviews import workload

    schema_editor.execute(workload.UNINSTALL_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ('applicants', '0007_privacy'),
        ('reviews', '0002_review_rules'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewerWorkload',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('open_reviews', models.IntegerField(default=0)),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='applicants.campaign')),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'reviewer workload',
                'verbose_name_plural': 'reviewer workloads',
                'indexes': [models.Index(fields=['campaign', 'open_reviews', 'reviewer'], name='workload_least_busy')],
                'constraints': [models.UniqueConstraint(fields=('campaign', 'reviewer'), name='one_workload_each')],
            },
        ),
        migrations.RunPython(install_and_count, uninstall),
    ]
