from django.contrib import admin

from onboarding.planning.models import FestivalPlan


@admin.register(FestivalPlan)
class FestivalPlanAdmin(admin.ModelAdmin):
    """Plans are made and accepted through the API and the board; the admin only reads them."""

    list_display = ["id", "campaign", "first_day", "last_day", "status", "met", "bound"]
    list_filter = ["status", "campaign"]
    readonly_fields = [f.name for f in FestivalPlan._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
