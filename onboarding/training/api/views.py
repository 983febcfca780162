from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from onboarding.core.api.permissions import HasRole
from onboarding.core.api.rows import values_page
from onboarding.core.api.schema import errors
from onboarding.core.errors import Conflict
from onboarding.core.models import Role
from onboarding.training import selectors, services
from onboarding.training.api import serializers as s
from onboarding.training.api.filters import EnrolmentFilter, ModuleFilter, SessionFilter
from onboarding.training.models import Enrolment, TrainingSession
from onboarding.training.services.common import ENROLLING_STAFF

SAID = {
    400: "Invalid input; `fields` says which and why.",
    401: "Not signed in.",
    403: "Your role may not see this.",
    404: "No such item (or hidden from you).",
    409: "Not possible in the current state (session full or started, application not "
    "approved, already enrolled); the body says why.",
}
UNAUTHENTICATED = errors(401, said=SAID)
READ_ERRORS = errors(401, 403, 404, said=SAID)
ERRORS = errors(
    400,
    401,
    403,
    404,
    409,
    said={**SAID, 403: "Your role may not do this (or not for this session)."},
)


class IsTrainer(HasRole):
    roles = (Role.TRAINER, Role.ADMIN)


class IsTrainingStaff(HasRole):
    roles = ENROLLING_STAFF


class MayEnrol(HasRole):
    roles = (Role.CEO, *ENROLLING_STAFF)


@extend_schema_view(
    list=extend_schema(responses={200: s.ModuleSerializer(many=True), **UNAUTHENTICATED}),
    retrieve=extend_schema(responses={200: s.ModuleSerializer, **READ_ERRORS}),
)
class ModuleViewSet(viewsets.ReadOnlyModelViewSet):
    """A campaign's training modules; required ones must all be attended to be trained."""

    serializer_class = s.ModuleSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ModuleFilter
    ordering_fields = ["position", "code"]

    def get_queryset(self):
        return selectors.modules_list()


@extend_schema_view(
    list=extend_schema(responses={200: s.SessionSerializer(many=True), **UNAUTHENTICATED}),
    retrieve=extend_schema(responses={200: s.SessionSerializer, **READ_ERRORS}),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Training sessions with seats left; trainers publish them, CEOs enrol in them."""

    serializer_class = s.SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["starts_at", "capacity"]
    ordering = ["starts_at", "id"]

    def get_permissions(self):
        if self.action in ("create", "partial_update", "cancel", "attendance"):
            return [IsTrainer()]
        if self.action == "enrol":
            return [MayEnrol()]
        if self.action in ("enrolments", "progress", "candidates"):
            return [IsTrainingStaff()]
        return [IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingSession.objects.none()
        return selectors.sessions_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = values_page(self, self.get_queryset(), s.SESSION_COLUMNS)
        return self.get_paginated_response(s.session_rows(page))

    def _read(self, session: TrainingSession) -> dict:
        return s.SessionSerializer(self.get_queryset().get(pk=session.pk)).data

    @extend_schema(
        request=s.SessionCreateSerializer, responses={201: s.SessionSerializer, **ERRORS}
    )
    def create(self, request):
        """Publish a session (trainers teach their own; an administrator may name the trainer)."""
        serializer = s.SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_create(actor=request.user, **serializer.validated_data)
        return Response(self._read(session), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SessionUpdateSerializer, responses={200: s.SessionSerializer, **ERRORS}
    )
    def partial_update(self, request, pk=None):
        """Change trainer, time, place or seats; more seats move waiting CEOs up at once."""
        session = self.get_object()
        serializer = s.SessionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        services.session_update(session=session, actor=request.user, data=data, reason=reason)
        return Response(self._read(session))

    @extend_schema(request=s.ReasonSerializer, responses={200: s.SessionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the session and every seat in it; the CEOs are told."""
        session = self.get_object()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.session_cancel(session=session, actor=request.user, **serializer.validated_data)
        return Response(self._read(session))

    @extend_schema(request=s.EnrolInputSerializer, responses={201: s.EnrolmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        """Take a seat, or a place on the waiting list when full (`status` says which).

        A CEO may send an empty body: their application in the session's campaign is used.
        Staff name the application.
        """
        session = self.get_object()
        serializer = s.EnrolInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = serializer.validated_data.get("application")
        if application is None:
            if request.user.has_role(*ENROLLING_STAFF):
                raise ValidationError({"application": [_("Name the application to enrol.")]})
            application = selectors.application_for_training(
                user=request.user, campaign_id=session.module.campaign_id
            )
            if application is None:
                raise Conflict(_("You have no application in this session's campaign."))
        enrolment = services.enrolment_create(
            session=session,
            application=application,
            actor=request.user,
            waitlist=serializer.validated_data["waitlist"],
        )
        return Response(s.EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.AttendanceInputSerializer, responses={200: s.AttendanceSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Mark whether an enrolled CEO came; the session's trainer only, once it has started."""
        session = self.get_object()
        serializer = s.AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attendance = services.attendance_mark(
            session=session, actor=request.user, **serializer.validated_data
        )
        return Response(s.AttendanceSerializer(attendance).data)

    @extend_schema(responses={200: s.EnrolmentSerializer(many=True), **READ_ERRORS})
    @action(detail=True, pagination_class=None, filter_backends=[])
    def enrolments(self, request, pk=None):
        """Who holds a seat and who waits, in waiting-list order, with attendance."""
        session = self.get_object()
        roster = selectors.session_roster(session=session)
        return Response(s.EnrolmentSerializer(roster, many=True).data)

    @extend_schema(responses={200: s.ProgressSerializer(many=True), **READ_ERRORS})
    @action(detail=True, pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        """Each CEO in the session (seat or waiting list, in that order) with the required
        modules of the campaign they have not attended yet; empty `missing` means trained."""
        session = self.get_object()
        rows = selectors.roster_progress(session=session)
        return Response(s.ProgressSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[s.CandidateQuerySerializer],
        responses={200: s.CandidateSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def candidates(self, request, pk=None):
        """CEOs staff may enrol here (approved or trained in the campaign, not yet in this
        session), searched by name, company, brand or reference; the first 20."""
        session = self.get_object()
        query = s.CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.enrol_candidates(session=session, search=query.validated_data["search"])
        return Response(s.CandidateSerializer(rows[:20], many=True).data)


@extend_schema_view(
    list=extend_schema(responses={200: s.EnrolmentSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: s.EnrolmentSerializer, **READ_ERRORS}),
)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A CEO's own seats and waiting places; staff see everyone's."""

    serializer_class = s.EnrolmentSerializer
    permission_classes = [MayEnrol]
    filterset_class = EnrolmentFilter
    ordering_fields = ["created_at", "session__starts_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        if self.request.user.has_role(*ENROLLING_STAFF):
            return selectors.enrolments_for_staff()
        return selectors.enrolments_of_user(user=self.request.user)

    @extend_schema(
        request=s.OptionalReasonSerializer, responses={200: s.EnrolmentSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Give the seat back; the first CEO on the waiting list gets it at once."""
        enrolment = self.get_object()
        serializer = s.OptionalReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.enrolment_cancel(
            enrolment=enrolment, actor=request.user, **serializer.validated_data
        )
        return Response(s.EnrolmentSerializer(self.get_queryset().get(pk=enrolment.pk)).data)
