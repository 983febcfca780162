from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.core.api.serializers import StrictSerializer
from onboarding.studios.models import CalendarFeed


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("api:calendar-ics", args=[feed.token])


class FeedSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    webcal_url = serializers.SerializerMethodField()

    class Meta:
        model = CalendarFeed
        fields = ["id", "owner", "user", "studio", "url", "webcal_url", "created_at", "rotated_at"]

    def get_owner(self, feed) -> str:
        return "studio" if feed.studio_id else "user"

    def get_url(self, feed) -> str:
        return feed_url(feed)

    def get_webcal_url(self, feed) -> str:
        return "webcal://" + feed_url(feed).split("://", 1)[-1]


class FeedCreateSerializer(StrictSerializer):
    studio = serializers.IntegerField(
        min_value=1, required=False, help_text=_("Leave out for your own feed.")
    )
