from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from onboarding.applicants.models import Application, Status
from onboarding.core.api import fields as core_fields
from onboarding.core.api.rows import iso
from onboarding.core.api.serializers import StrictSerializer
from onboarding.core.i18n import is_chinese
from onboarding.core.models import Role, User
from onboarding.training import selectors
from onboarding.training.models import Attendance, Enrolment, TrainingModule, TrainingSession


class ModuleSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = TrainingModule
        fields = [
            "id",
            "campaign",
            "code",
            "title",
            "title_en",
            "title_zh",
            "description",
            "description_en",
            "description_zh",
            "required",
            "position",
        ]


class ModuleBriefSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = TrainingModule
        fields = ["id", "code", "title", "required"]


class TrainerSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name"]

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class SessionSerializer(serializers.ModelSerializer):
    """A session as lists show it; seat counts come annotated by the selector."""

    campaign = serializers.SlugRelatedField(
        source="module.campaign", slug_field="slug", read_only=True
    )
    module = ModuleBriefSerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    trainer = TrainerSerializer(read_only=True)
    seats_taken = serializers.IntegerField(read_only=True)
    seats_left = serializers.SerializerMethodField()
    waitlisted = serializers.IntegerField(read_only=True)
    my_status = serializers.ChoiceField(
        choices=[
            (Enrolment.Status.ENROLLED.value, Enrolment.Status.ENROLLED.label),
            (Enrolment.Status.WAITLISTED.value, Enrolment.Status.WAITLISTED.label),
        ],
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("The signed-in CEO's place in this session, if any."),
    )

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "campaign",
            "module",
            "title",
            "trainer",
            "starts_at",
            "ends_at",
            "location",
            "video_url",
            "capacity",
            "seats_taken",
            "seats_left",
            "waitlisted",
            "status",
            "my_status",
        ]

    def get_seats_left(self, session) -> int:
        if session.status == TrainingSession.Status.CANCELLED:
            return 0
        return max(session.capacity - session.seats_taken, 0)


# What session_rows reads, through `.values()` on selectors.sessions_list.
SESSION_COLUMNS = [
    "id",
    "module__campaign__slug",
    "module_id",
    "module__code",
    "module__title_en",
    "module__title_zh",
    "module__required",
    "trainer_id",
    "trainer__first_name",
    "trainer__last_name",
    "trainer__username",
    "starts_at",
    "ends_at",
    "location",
    "video_url",
    "capacity",
    "seats_taken",
    "waitlisted",
    "status",
    "my_status",
]


def session_rows(rows: list[dict]) -> list[dict]:
    """The sessions page as SessionSerializer writes it, from SESSION_COLUMNS rows."""
    chinese = is_chinese()
    shown = []
    for row in rows:
        title = (chinese and row["module__title_zh"]) or row["module__title_en"] or ""
        name = f"{row['trainer__first_name']} {row['trainer__last_name']}".strip()
        cancelled = row["status"] == TrainingSession.Status.CANCELLED
        shown.append(
            {
                "id": row["id"],
                "campaign": row["module__campaign__slug"],
                "module": {
                    "id": row["module_id"],
                    "code": row["module__code"],
                    "title": title,
                    "required": row["module__required"],
                },
                "title": title,
                "trainer": {"id": row["trainer_id"], "name": name or row["trainer__username"]},
                "starts_at": iso(row["starts_at"]),
                "ends_at": iso(row["ends_at"]),
                "location": row["location"],
                "video_url": row["video_url"],
                "capacity": row["capacity"],
                "seats_taken": row["seats_taken"],
                "seats_left": 0 if cancelled else max(row["capacity"] - row["seats_taken"], 0),
                "waitlisted": row["waitlisted"],
                "status": row["status"],
                "my_status": row["my_status"],
            }
        )
    return shown


def _trainers():
    return User.objects.filter(role=Role.TRAINER, is_active=True)


class SessionCreateSerializer(StrictSerializer):
    module = serializers.PrimaryKeyRelatedField(queryset=TrainingModule.objects.all())
    trainer = serializers.PrimaryKeyRelatedField(
        queryset=_trainers(),
        required=False,
        help_text=gettext_lazy("User id of the trainer; yourself when left out."),
    )
    starts_at = core_fields.DateTimeField()
    ends_at = core_fields.DateTimeField()
    location = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    video_url = serializers.URLField(required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=1000)


class SessionUpdateSerializer(StrictSerializer):
    trainer = serializers.PrimaryKeyRelatedField(queryset=_trainers(), required=False)
    starts_at = core_fields.DateTimeField(required=False)
    ends_at = core_fields.DateTimeField(required=False)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)
    video_url = serializers.URLField(required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class OptionalReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _sent_applications():
    return Application.objects.exclude(status=Status.DRAFT)


class EnrolInputSerializer(StrictSerializer):
    application = serializers.PrimaryKeyRelatedField(
        queryset=_sent_applications(),
        required=False,
        help_text=gettext_lazy(
            "Application id. Staff must give it; a CEO may leave it out to enrol their own "
            "application in the session's campaign."
        ),
    )
    waitlist = serializers.BooleanField(
        default=True,
        help_text=gettext_lazy("When the session is full, wait for a seat (true) or refuse (409)."),
    )


class AttendanceInputSerializer(StrictSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=_sent_applications())
    attended = serializers.BooleanField()


class EnrolmentSerializer(serializers.ModelSerializer):
    """A seat or waiting place, with the session it is in and whether the CEO came."""

    session = serializers.PrimaryKeyRelatedField(read_only=True)
    title = serializers.CharField(source="session.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="session.ends_at", read_only=True)
    reference = serializers.CharField(source="application.reference", read_only=True)
    full_name = serializers.CharField(source="application.full_name", read_only=True)
    waitlist_position = serializers.SerializerMethodField()
    attended = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "session",
            "title",
            "starts_at",
            "ends_at",
            "application",
            "reference",
            "full_name",
            "status",
            "waitlist_position",
            "attended",
            "created_at",
            "promoted_at",
            "cancelled_at",
            "message",
        ]

    def get_waitlist_position(self, enrolment) -> int | None:
        if hasattr(enrolment, "waitlist_position"):
            return enrolment.waitlist_position
        return selectors.waitlist_position(enrolment=enrolment)

    def get_attended(self, enrolment) -> bool | None:
        try:
            return enrolment.attendance.attended
        except Attendance.DoesNotExist:
            return None

    def get_message(self, enrolment) -> str:
        """One sentence for the CEO about where they stand."""
        if enrolment.status == Enrolment.Status.ENROLLED:
            return _("You have a seat in this session.")
        if enrolment.status == Enrolment.Status.WAITLISTED:
            return _(
                "The session is full: you are number %(position)s on the waiting list and move "
                "up automatically when a seat opens."
            ) % {"position": self.get_waitlist_position(enrolment)}
        return _("This enrolment is cancelled.")


class AttendanceSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="enrolment.application_id", read_only=True)
    session = serializers.IntegerField(source="enrolment.session_id", read_only=True)
    marked_by = serializers.CharField(source="marked_by.username", default=None, read_only=True)
    # Read after the mark, so it shows `trained` when this mark completed the training.
    application_status = serializers.CharField(
        source="enrolment.application.status", read_only=True
    )

    class Meta:
        model = Attendance
        fields = [
            "application",
            "session",
            "attended",
            "marked_by",
            "marked_at",
            "application_status",
        ]


class ProgressSerializer(serializers.Serializer):
    """A CEO in the session and the required modules of the campaign they still miss."""

    application = serializers.IntegerField()
    reference = serializers.CharField()
    full_name = serializers.CharField()
    status = serializers.CharField(help_text=gettext_lazy("The application's status."))
    missing = ModuleBriefSerializer(many=True)


class CandidateSerializer(serializers.ModelSerializer):
    """A CEO staff may enrol: approved or trained in the session's campaign, not yet in it."""

    class Meta:
        model = Application
        fields = ["id", "reference", "full_name", "company_name", "brand_name", "status"]
        read_only_fields = fields


class CandidateQuerySerializer(StrictSerializer):
    search = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Words found in the name, company, brand or reference."),
    )
