from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onboarding.core.models import AuditEntry, User


class ReadOnlyAdminMixin:
    """Shown in the admin, never added, changed or deleted there: rows that services write
    (history, access logs, erasure requests, attendance). For a ModelAdmin or an inline."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "language", "is_active"]
    list_filter = ["role", "is_active", "language"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Programme"), {"fields": ["role", "language", "timezone"]}),
    ]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", "action", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["reason"]
