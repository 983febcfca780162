"""The seam between submission and screening: applicants sits below reviews and may not import
it, so the required screening step is reached through the `application_submitted` signal, which
ReviewsConfig.ready() connects. If that line went, submissions would save with no review case."""

import weakref

from django.dispatch.dispatcher import _make_id

from onboarding.applicants.signals import application_submitted
from onboarding.reviews import receivers


def _connected(signal):
    found = {}
    for key, receiver, *_ in signal.receivers:
        found[key[0]] = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
    return found


def test_screening_is_connected_to_the_submission_signal_once():
    connected = _connected(application_submitted)
    assert connected.get("reviews") is receivers.on_application_submitted
    keys = [key for key, *_ in application_submitted.receivers]
    assert keys.count(("reviews", _make_id(None))) == 1
