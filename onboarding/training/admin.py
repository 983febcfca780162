"""Staff screens for training. Sessions are written through the services, so the same rules,
locks and audit rows apply here as in the API; enrolments and attendance are read-only."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.core.admin import ReadOnlyAdminMixin
from onboarding.core.errors import DomainError
from onboarding.core.models import Role
from onboarding.core.time import local_text
from onboarding.training import services
from onboarding.training.models import Attendance, Enrolment, TrainingModule, TrainingSession
from onboarding.training.services.sessions import SESSION_FIELDS


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ["title_en", "title_zh", "campaign", "code", "required", "position"]
    list_filter = ["campaign", "required"]
    list_select_related = ["campaign"]
    search_fields = ["code", "title_en", "title_zh"]
    ordering = ["campaign", "position", "id"]
    prepopulated_fields = {"code": ["title_en"]}


def _local(session: TrainingSession) -> str:
    zone = session.module.campaign.timezone
    return f"{local_text(session.starts_at, zone)} ({zone})"


class SessionForm(forms.ModelForm):
    video_url = forms.URLField(label=_("video link"), required=False, assume_scheme="https")

    class Meta:
        model = TrainingSession
        fields = ["module", *SESSION_FIELDS]

    # Set by the admin for each request: who is saving.
    actor = None

    def clean(self):
        data = super().clean()
        errors = services.session_problems(
            trainer=data.get("trainer"),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            location=data.get("location", ""),
            video_url=data.get("video_url", ""),
            capacity=data.get("capacity"),
        )
        for field, problems in errors.items():
            for problem in problems:
                self.add_error(field if field in self.fields else None, problem)
        is_admin = self.actor is not None and self.actor.has_role(Role.ADMIN)
        if not self.instance.pk:
            if data.get("starts_at") and data["starts_at"] <= timezone.now():
                self.add_error("starts_at", _("Choose a time in the future."))
            trainer = data.get("trainer")
            if trainer and self.actor and trainer.pk != self.actor.pk and not is_admin:
                self.add_error("trainer", _("Trainers publish the sessions they teach themselves."))
        elif (
            data.get("capacity")
            and data["capacity"]
            < self.instance.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        ):
            self.add_error("capacity", _("More CEOs already hold seats than this."))
        return data


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    fields = ["application", "status", "created_at", "promoted_at", "cancelled_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at", "id"]

    # Seats change through the services (enrolment actions), never by editing rows here.
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application")


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    form = SessionForm
    list_display = ["title", "starts", "trainer", "capacity", "seats_taken", "status"]
    list_filter = ["status", "module__campaign", "module", "trainer"]
    list_select_related = ["module", "module__campaign", "trainer"]
    search_fields = ["module__title_en", "module__title_zh", "location"]
    date_hierarchy = "starts_at"
    inlines = [EnrolmentInline]
    actions = ["cancel_sessions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TrainingSession]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                seats=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED))
            )
        )

    def get_inlines(self, request, obj=None):
        # A new session has nobody in it yet.
        return self.inlines if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        # The module stays: attendance counts per module.
        return ["module", "status", "cancelled_at"] if obj else []

    def has_change_permission(self, request, obj=None) -> bool:
        # Like the API: only the session's own trainer (or an administrator) changes it.
        others = obj is not None and obj.trainer_id != request.user.pk
        if others and not request.user.has_role(Role.ADMIN):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("title"))
    def title(self, session: TrainingSession) -> str:
        return session.title

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, session: TrainingSession) -> str:
        return _local(session)

    @admin.display(description=_("seats taken"), ordering="seats")
    def seats_taken(self, session: TrainingSession) -> int:
        return session.seats

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in SESSION_FIELDS}
        if not change:
            created = services.session_create(
                module=form.cleaned_data["module"], actor=request.user, **data
            )
            obj.pk = created.pk
            return
        changed = {name: data[name] for name in form.changed_data if name in data}
        try:
            services.session_update(session=obj, actor=request.user, data=changed)
        except DomainError as exc:
            # Rare: the form checked the fields, but the session changed in between.
            self.message_user(request, exc.message, level=messages.ERROR)

    @admin.action(description=_("Cancel the selected sessions and their enrolments"))
    def cancel_sessions(self, request, queryset):
        for session in queryset:
            try:
                services.session_cancel(
                    session=session, actor=request.user, reason="cancelled in the staff admin"
                )
            except DomainError as exc:
                self.message_user(request, f"{session}: {exc.message}", level=messages.ERROR)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["application", "session", "status", "created_at", "promoted_at"]
    list_filter = ["status", "session__module__campaign", "session__module"]
    list_select_related = ["application", "session", "session__module"]
    search_fields = ["application__reference", "application__full_name"]
    readonly_fields = [
        "session",
        "application",
        "status",
        "enrolled_by",
        "created_at",
        "promoted_at",
        "cancelled_at",
    ]
    fields = readonly_fields
    actions = ["cancel_enrolments"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(
        description=_("Cancel the selected enrolments (the waiting list moves up)"),
        permissions=["change"],
    )
    def cancel_enrolments(self, request, queryset):
        for enrolment in queryset:
            try:
                services.enrolment_cancel(
                    enrolment=enrolment, actor=request.user, reason="cancelled in the staff admin"
                )
            except DomainError as exc:
                self.message_user(request, f"{enrolment}: {exc.message}", level=messages.ERROR)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enrolment", "attended", "marked_by", "marked_at"]
    list_filter = ["attended", "enrolment__session__module"]
    list_select_related = ["enrolment", "marked_by"]
    readonly_fields = ["enrolment", "attended", "marked_by", "marked_at"]
