from datetime import timedelta

import factory

from onboarding.reviews.models import ReviewCase
from tests.factories import ApplicationFactory


class ReviewedApplicationFactory(ApplicationFactory):
    """A sent application with its review case; pass review__reviewer=…, review__score=…."""

    @factory.post_generation
    def review(application, create, extracted, **kwargs):
        if create:
            kwargs.setdefault("decision_due_at", application.submitted_at + timedelta(days=3))
            ReviewCase.objects.create(application=application, **kwargs)
