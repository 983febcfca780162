"""The in-app notification list: GET /api/v1/notifications/, POST .../{id}/read/, and more."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from onboarding.core.api.rows import iso, values_page
from onboarding.core.api.serializers import StrictInputMixin
from onboarding.notifications import selectors, services
from onboarding.notifications.models import Notification, NotificationPreference
from onboarding.notifications.services.inbox import PREFERENCE_FIELDS


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


LIST_COLUMNS = ["id", "kind", "title", "body", "created_at", "read_at"]


class PreferenceSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = NotificationPreference
        fields = PREFERENCE_FIELDS


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notifications, newest first; ?unread=true for the unread ones."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread")
        return selectors.notifications_for(
            user=self.request.user,
            unread=None if unread is None else unread.lower() in {"1", "true", "yes"},
        )

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only unread (or only read).")]
    )
    def list(self, request, *args, **kwargs):
        # Rows from `.values()`, as NotificationSerializer writes them (the bell polls this).
        page = values_page(self, self.get_queryset(), LIST_COLUMNS)
        rows = [
            {**row, "created_at": iso(row["created_at"]), "read_at": iso(row["read_at"])}
            for row in page
        ]
        for row in rows:
            row["is_read"] = row["read_at"] is not None
        return self.get_paginated_response(rows)

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: None})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification read."""
        notification = self.get_object()
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification.pk
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every notification of the user read."""
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})

    @extend_schema(methods=["GET"], responses={200: PreferenceSerializer})
    @extend_schema(
        methods=["PUT"],
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer},
        description="Replace the preferences: a field left out goes back to its default.",
    )
    @extend_schema(
        methods=["PATCH"],
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer},
        description="Change only the fields sent.",
    )
    @action(detail=False, methods=["get", "put", "patch"])
    def preferences(self, request):
        """How the user hears from us: channels (e-mail always), quiet hours, language, zone."""
        if request.method == "GET":
            preference = services.preference_for(user=request.user)
            return Response(PreferenceSerializer(preference).data)
        serializer = PreferenceSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        preference = services.preference_update(
            user=request.user,
            data=dict(serializer.validated_data),
            replace=request.method == "PUT",
        )
        return Response(PreferenceSerializer(preference).data)
