from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from onboarding.core.models import AuditEntry


def audit_history(*, subject: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
