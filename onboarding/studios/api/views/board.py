"""The schedulers' studio board: the week in one request, why a slot is taken, CEOs to book."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.studios.api.permissions import IsScheduler
from onboarding.studios.api.serializers import board as s
from onboarding.studios.api.views.common import application_or_400, errors, studio_or_400
from onboarding.studios.selectors.board import board_week, ceos_to_book, slot_check
from onboarding.studios.timeutils import aware_in


class BoardView(APIView):
    permission_classes = [IsScheduler]

    @extend_schema(
        operation_id="board_week",
        parameters=[s.BoardQuerySerializer],
        responses={200: s.BoardSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        """A week (or up to 31 days) of the studio board in one request.

        Active studios (the board's resources), their confirmed bookings as blocks with the
        buffered range around each (setup and teardown), and shaded `background` ranges:
        hours the studio is closed and its blackouts. Days are local days of each studio.
        A fixed number of queries, whatever the number of studios and bookings.
        """
        query = s.BoardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        board = board_week(
            first=data["from"], last=data["to"], studio=data.get("studio"), as_rows=True
        )
        return Response(s.board_rows(board))


class SlotCheckView(APIView):
    permission_classes = [IsScheduler]

    @extend_schema(
        operation_id="board_slot_check",
        parameters=[s.SlotCheckQuerySerializer],
        responses={200: s.SlotCheckSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        """Whether this slot can be booked, and if not every reason why.

        The booking service's own checks, run without writing: times, who is bookable, the
        studio's hours with setup and teardown, blackouts, then the studio, the CEO, crew and
        kit already taken (naming `conflicting_booking`). The CEO's weekly quota and their
        stated availability come as `warnings`: a scheduler may still book. With `booking`,
        the check is for moving that booking here.
        """
        query = s.SlotCheckQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        studio = studio_or_400(data["studio"])
        application = application_or_400(data["application"]) if "application" in data else None
        result = slot_check(
            studio=studio,
            starts_at=aware_in(data["starts_at"], studio.timezone),
            ends_at=aware_in(data["ends_at"], studio.timezone),
            actor=request.user,
            application=application,
            crew=data["crew"],
            equipment=data["equipment"],
            kind=data["kind"],
            exclude=data.get("booking"),
        )
        return Response(s.SlotCheckSerializer(result).data)


class CeoSearchView(APIView):
    permission_classes = [IsScheduler]

    @extend_schema(
        operation_id="board_ceos",
        parameters=[s.CeoSearchQuerySerializer],
        responses={200: s.CeoToBookSerializer(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        """Trained CEOs one may book, found by name, company, brand or reference (at most 20).

        Only CEOs who finished training (or are already on air), with an account, in an
        active campaign. One query.
        """
        query = s.CeoSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = ceos_to_book(
            query=query.validated_data["q"], campaign=query.validated_data.get("campaign")
        )
        return Response(s.CeoToBookSerializer(rows, many=True).data)
