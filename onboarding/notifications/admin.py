from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["attempt", "outcome", "provider_id", "detail", "started_at", "finished_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "channel",
        "recipient",
        "status",
        "due_at",
        "next_attempt_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
    list_filter = ["status", "channel", "kind", "language"]
    search_fields = ["recipient", "subject", "dedupe_key", "event_key", "=key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    date_hierarchy = "due_at"
    inlines = [DeliveryInline]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

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


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "campaign", "offset", "anchor", "channels", "urgent", "is_active"]
    list_filter = ["kind", "campaign", "urgent", "is_active"]
    list_select_related = ["campaign"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "campaign", "subject"]
    list_filter = ["kind", "language", "campaign"]
    search_fields = ["subject", "body"]
    list_select_related = ["campaign"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "event_types", "is_active"]
    list_filter = ["is_active"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channels", "language", "timezone", "quiet_hours"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "title"]
    readonly_fields = ["user", "message", "kind", "title", "body", "created_at", "read_at"]

    def has_add_permission(self, request) -> bool:
        return False
