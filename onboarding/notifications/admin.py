from django.contrib import admin

from onboarding.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "language", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject", "dedupe_key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    date_hierarchy = "due_at"

    def has_add_permission(self, request) -> bool:
        return False
