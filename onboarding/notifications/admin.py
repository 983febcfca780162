"""Staff screens for notifications. Leads and schedulers keep the rules and wording of their
campaigns and send failed messages again; webhook endpoints are for administrators."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from onboarding.core.time import local_text
from onboarding.notifications import services
from onboarding.notifications.models import (
    Delivery,
    Message,
    MessageTemplate,
    Notification,
    NotificationPreference,
    ReminderRule,
    WebhookEndpoint,
)
from onboarding.notifications.services.rendering import template_problems


def viewer_zone(request) -> str:
    """The zone staff read times in: their account's, else the display zone (Shanghai)."""
    return getattr(request.user, "timezone", "") or settings.DISPLAY_TIME_ZONE


def zoned(value: datetime | None) -> str:
    """A stored (UTC) time in the zone of the page being drawn, the zone named."""
    if value is None:
        return "—"
    zone = timezone.get_current_timezone_name()
    return f"{local_text(value, zone)} ({zone})"


def zoned_column(model: type[models.Model], name: str) -> Callable:
    """A list or read-only column showing the field `name` with zoned(): Django's own would
    show it in UTC (the server's zone) without saying so."""
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj) -> str:
        return zoned(getattr(obj, name))

    column.__name__ = f"{name}_zoned"
    return column


def zoned_fields(model: type[models.Model], names: list[str]) -> list:
    """`names` with each date-time field swapped for its zoned column."""
    return [
        zoned_column(model, name)
        if isinstance(model._meta.get_field(name), models.DateTimeField)
        else name
        for name in names
    ]


class ViewerZoneAdmin(admin.ModelAdmin):
    """Pages drawn in the viewer's zone: zoned() columns and date filters use it."""

    def changelist_view(self, request, extra_context=None):
        return self._in_viewer_zone(request, super().changelist_view, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_viewer_zone(
            request, super().changeform_view, object_id, form_url, extra_context
        )

    def _in_viewer_zone(self, request, view, *args):
        with timezone.override(ZoneInfo(viewer_zone(request))):
            response = view(request, *args)
            # A TemplateResponse draws itself later, outside this block: draw it here.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


DELIVERY_FIELDS = ["attempt", "outcome", "provider_id", "detail", "started_at", "finished_at"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = zoned_fields(Delivery, DELIVERY_FIELDS)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ViewerZoneAdmin):
    """Outbox rows, read-only, times in the viewer's zone with the zone named."""

    list_display = zoned_fields(
        Message,
        [
            "kind",
            "channel",
            "recipient",
            "status",
            "due_at",
            "next_attempt_at",
            "sent_at",
            "attempts",
            "last_error",
        ],
    )
    list_filter = ["status", "channel", "kind", "language"]
    search_fields = ["recipient", "subject", "dedupe_key", "event_key", "=key"]
    readonly_fields = zoned_fields(Message, [f.name for f in Message._meta.fields])
    date_hierarchy = "due_at"
    inlines = [DeliveryInline]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The change permission is for the "send again" action (checked without a row). A row
        # is never saved from its page: a save would write back a status a worker has moved on.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    @admin.action(description=_("Send the selected failed messages again"), permissions=["change"])
    def resend(self, request, queryset):
        resent = 0
        failed = queryset.filter(status=Message.Status.FAILED).values_list("pk", flat=True)
        for message_id in failed:
            message = services.message_resend(message_id=message_id, actor=request.user)
            if message.status == Message.Status.PENDING:
                resent += 1
            else:
                self.message_user(
                    request,
                    _("%(message)s: the provider had accepted it; marked sent, not sent again.")
                    % {"message": message},
                    messages.WARNING,
                )
        self.message_user(
            request,
            ngettext(
                "%(n)d message will be sent again.", "%(n)d messages will be sent again.", resent
            )
            % {"n": resent},
            messages.SUCCESS if resent else messages.INFO,
        )


class DefaultsKeptAdmin(admin.ModelAdmin):
    """Rows without a campaign are the defaults every campaign falls back on.

    Only superusers delete one, or change which campaign and kind a row is for (moving a
    default elsewhere is a delete in disguise): without it reminders or their wording would
    silently stop. Everyone else switches a rule off, or adds a row of their own.
    """

    identity_fields: tuple[str, ...] = ("campaign", "kind")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += [f for f in self.identity_fields if f not in fields]
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.campaign_id is None and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ReminderRule)
class ReminderRuleAdmin(DefaultsKeptAdmin):
    list_display = ["kind", "campaign", "offset", "anchor", "channels", "urgent", "is_active"]
    list_filter = ["kind", "campaign", "urgent", "is_active"]
    list_select_related = ["campaign"]


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["campaign", "kind", "language", "subject", "body", "sms_body"]

    def clean(self):
        data = super().clean()
        # Rendering happens when reminders are written, inside the booking or session that
        # causes them: a text that does not render would stop those, so it is refused here.
        for field in ("subject", "body", "sms_body"):
            for problem in template_problems(data.get(field) or ""):
                self.add_error(field, problem)
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(DefaultsKeptAdmin):
    form = MessageTemplateForm
    list_display = ["kind", "language", "campaign", "subject"]
    list_filter = ["kind", "language", "campaign"]
    search_fields = ["subject", "body"]
    list_select_related = ["campaign"]
    identity_fields = ("campaign", "kind", "language")


# A signing key shorter than this is guessable; the generated ones have 43 characters.
SECRET_MIN_LENGTH = 32


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    new_secret = forms.CharField(
        label=_("new signing secret"),
        required=False,
        min_length=SECRET_MIN_LENGTH,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 60}),
        help_text=_(
            "Empty: the secret stays. Give the receiving system the new one at the same time."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "event_types", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            return
        self.fields.pop("new_secret")
        if "secret" in self.fields:
            secret = self.fields["secret"]
            secret.min_length = SECRET_MIN_LENGTH
            secret.validators.append(MinLengthValidator(SECRET_MIN_LENGTH))
            secret.widget.attrs.update({"autocomplete": "off", "size": 60})
            secret.help_text = "{} {}".format(
                secret.help_text,
                _("Copy it to the receiving system now: once saved, only its end is shown."),
            )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """The secret is shown once, on the add page; after that only its last characters, and it
    can be replaced but not read."""

    form = WebhookEndpointForm
    list_display = ["name", "url", "event_types", "is_active"]
    list_filter = ["is_active"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "url", "secret", "event_types", "is_active"]
        replace = ["new_secret"] if self.has_change_permission(request, obj) else []
        return ["name", "url", "secret_hint", *replace, "event_types", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["secret_hint"] if obj is not None else []

    @admin.display(description=_("signing secret"))
    def secret_hint(self, endpoint: WebhookEndpoint) -> str:
        # Enough to tell which secret the receiver holds, not enough to sign with.
        return f"••••{endpoint.secret[-4:]}" if endpoint.secret else ""

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("new_secret"):
            obj.secret = form.cleaned_data["new_secret"]
        super().save_model(request, obj, form, change)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channels", "language", "timezone", "quiet_hours"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(ViewerZoneAdmin):
    list_display = zoned_fields(Notification, ["user", "kind", "title", "created_at", "read_at"])
    list_filter = ["kind"]
    search_fields = ["user__username", "title"]
    readonly_fields = zoned_fields(
        Notification, ["user", "message", "kind", "title", "body", "created_at", "read_at"]
    )

    def has_add_permission(self, request) -> bool:
        return False
