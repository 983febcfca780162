from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.studios import selectors, services
from onboarding.studios.api.serializers import feeds as s
from onboarding.studios.api.views.common import errors, studio_or_400
from onboarding.studios.calendar import render_ics
from onboarding.studios.models import CalendarFeed


@extend_schema_view(
    list=extend_schema(
        responses={
            200: s.FeedSerializer(many=True),
            **errors(
                401,
            ),
        }
    ),
    retrieve=extend_schema(responses={200: s.FeedSerializer, **errors(401, 404)}),
)
class CalendarFeedViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Private calendar feeds: your own, or (schedulers) any studio's and anyone's."""

    serializer_class = s.FeedSerializer
    permission_classes = [IsAuthenticated]
    ordering = ["id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CalendarFeed.objects.none()
        return selectors.feeds_visible(user=self.request.user)

    @extend_schema(
        request=s.FeedCreateSerializer,
        responses={
            201: s.FeedSerializer,
            200: OpenApiResponse(s.FeedSerializer, description="The feed already existed."),
            **errors(400, 401, 403),
        },
    )
    def create(self, request):
        """Your own feed (no body), or a studio's (scheduler); made once, then returned."""
        serializer = s.FeedCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        studio_id = serializer.validated_data.get("studio")
        feed, created = services.feed_get_or_create(
            actor=request.user, studio=studio_or_400(studio_id) if studio_id else None
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.FeedSerializer(feed).data, status=code)

    @extend_schema(request=None, responses={200: s.FeedSerializer, **errors(401, 403, 404)})
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        """A new secret address; the old one answers 404 from now on."""
        feed = services.feed_rotate(feed=self.get_object(), actor=request.user)
        return Response(s.FeedSerializer(feed).data)


class ICalendarRenderer(renderers.BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


class FirstRenderer(BaseContentNegotiation):
    """Calendar apps send all sorts of Accept headers; the feed answers iCalendar to each."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CalendarIcsView(APIView):
    """The feed itself, for calendar apps: no sign-in, the secret token in the address is it."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [ICalendarRenderer]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR, description="An iCalendar (RFC 5545) document."
            ),
            404: OpenApiResponse(description="No feed has this token (or it was rotated)."),
        }
    )
    def get(self, request, token: str):
        feed = selectors.feed_by_token(token=token)
        if feed is None:
            return Response(
                {"code": "not_found", "message": _("No such calendar."), "fields": {}},
                status=status.HTTP_404_NOT_FOUND,
                content_type="application/json",
            )
        now = timezone.now()
        name, events = selectors.feed_events(feed=feed, now=now)
        response = Response(render_ics(name, events, now), content_type="text/calendar")
        response["Cache-Control"] = "private, max-age=300"
        response["Content-Disposition"] = 'inline; filename="calendar.ics"'
        return response
