"""Personal data over the API: the applicant's copy and erasure request, the leads' decision."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.applicants.models import Application, ErasureRequest
from onboarding.applicants.services import privacy as services
from onboarding.core.api.permissions import HasRole
from onboarding.core.api.serializers import StrictSerializer
from onboarding.core.api.throttling import ScopedRateThrottle

NOT_FOUND = OpenApiResponse(description="No such application (or link), or not yours.")
INVALID = OpenApiResponse(description="Invalid input: `fields` names each field and why.")
CONFLICT = OpenApiResponse(description="Conflicts with the current state (already decided).")
EXPORT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Everything held about the applicant, one key per part: `applicants` "
    "(account, applications with answers, social accounts, assistant and history, erasure "
    "requests, `staff_access`: who on the staff opened their details and when), "
    "`notifications` (messages sent to them, in-app list, preferences), `reviews` (score and "
    "breakdown, their answers to information requests), `training` (seats and attendance), "
    "`studios` (bookings, samples, outcomes, calendar feed).",
)


class AccessCodeInputSerializer(StrictSerializer):
    code = serializers.CharField(max_length=12, help_text="The code e-mailed to the applicant.")


class ErasureDecisionSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class ErasureRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = ErasureRequest
        fields = [
            "id",
            "application",
            "reference",
            "status",
            "via",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


def _download(data: dict) -> Response:
    response = Response(data)
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    response["Cache-Control"] = "no-store"
    return response


class MyPersonalDataView(APIView):
    """The signed-in applicant's copy of everything held about them."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: EXPORT, 401: None, 403: None}, operation_id="me_personal_data")
    def get(self, request):
        return _download(services.personal_data_export(user=request.user))


class MyErasureView(APIView):
    """The signed-in applicant asks for their personal data to be erased; a lead decides."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            201: ErasureRequestSerializer,
            401: None,
            403: None,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        operation_id="me_personal_data_erasure",
    )
    def post(self, request):
        application = (
            Application.objects.filter(user_id=request.user.pk).order_by("-created_at").first()
        )
        if application is None:
            raise NotFound(_("You have no application."))
        erasure = services.erasure_request(application=application, via=ErasureRequest.Via.ACCOUNT)
        return Response(ErasureRequestSerializer(erasure).data, status=status.HTTP_201_CREATED)


class _ByToken(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "draft_write"
    throttle_classes = [ScopedRateThrottle]

    def application(self, token: str) -> Application:
        return get_object_or_404(Application.objects.select_related("campaign"), draft_token=token)


class AccessCodeView(_ByToken):
    """Send a one-time code to the application's e-mail (the outbox sends it)."""

    @extend_schema(
        request=None,
        responses={202: OpenApiTypes.OBJECT, 404: NOT_FOUND, 409: CONFLICT, 429: None},
        operation_id="applicant_personal_data_code",
    )
    def post(self, request, token: str):
        try:
            services.access_code_send(application=self.application(token))
        except services.TooManyCodes as exc:
            # DRF's own 429 says when to come back (Retry-After).
            raise Throttled(wait=exc.extra["retry_after"], detail=exc.message) from exc
        return Response({"sent": True}, status=status.HTTP_202_ACCEPTED)


class LinkPersonalDataView(_ByToken):
    """With the private link and the e-mailed code: the copy of everything held about them."""

    @extend_schema(
        request=AccessCodeInputSerializer,
        responses={200: EXPORT, 400: INVALID, 404: NOT_FOUND, 429: None},
        operation_id="applicant_personal_data",
    )
    def post(self, request, token: str):
        application = self.application(token)
        serializer = AccessCodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.access_code_use(application=application, code=serializer.validated_data["code"])
        return _download(services.personal_data_export(application=application))


class LinkErasureView(_ByToken):
    """With the private link and the e-mailed code: ask for erasure; a lead decides."""

    @extend_schema(
        request=AccessCodeInputSerializer,
        responses={201: ErasureRequestSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
        operation_id="applicant_personal_data_erasure",
    )
    def post(self, request, token: str):
        application = self.application(token)
        serializer = AccessCodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.access_code_use(application=application, code=serializer.validated_data["code"])
        erasure = services.erasure_request(
            application=application, via=ErasureRequest.Via.PRIVATE_LINK
        )
        return Response(ErasureRequestSerializer(erasure).data, status=status.HTTP_201_CREATED)


class IsErasureDecider(HasRole):
    roles = services.ERASURE_DECIDERS


class ErasureRequestListView(ListAPIView):
    """Erasure requests for leads, oldest first; `status` filters (default: pending)."""

    permission_classes = [IsErasureDecider]
    serializer_class = ErasureRequestSerializer

    def get_queryset(self):
        wanted = self.request.query_params.get("status", ErasureRequest.Status.PENDING)
        queryset = ErasureRequest.objects.select_related("application", "decided_by")
        if wanted != "all":
            queryset = queryset.filter(status=wanted)
        return queryset.order_by("requested_at", "id")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                enum=[*ErasureRequest.Status.values, "all"],
                description="Which requests (default: pending).",
            )
        ],
        responses={200: ErasureRequestSerializer(many=True), 401: None, 403: None},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ErasureDecisionView(APIView):
    """A lead confirms (the data is erased at once) or refuses (a reason is required)."""

    permission_classes = [IsErasureDecider]
    decision = ""

    @extend_schema(
        request=ErasureDecisionSerializer,
        responses={
            200: ErasureRequestSerializer,
            400: INVALID,
            401: None,
            403: None,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, pk: int):
        get_object_or_404(ErasureRequest, pk=pk)
        serializer = ErasureDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decide = services.erasure_confirm if self.decision == "confirm" else services.erasure_refuse
        erasure = decide(
            request_id=pk, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(ErasureRequestSerializer(erasure).data)
