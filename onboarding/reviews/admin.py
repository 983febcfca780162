"""Leads switch a campaign's review settings here (or through the API); each change is audited."""

from django.contrib import admin
from django.http import HttpRequest

from onboarding.reviews.models import ReviewSettings
from onboarding.reviews.services import SETTINGS_FIELDS, review_settings_update


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", *SETTINGS_FIELDS]
    list_filter = ["hide_identity", "four_eyes", "open_scoring"]
    list_select_related = ["campaign"]
    search_fields = ["campaign__name", "campaign__slug"]
    fields = ["campaign", *SETTINGS_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # A campaign's settings stay its own: moving them to another campaign is not a change.
        return ["campaign"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Deleting would silently bring back the defaults (blind review off): switch them instead.
        return False

    def save_model(self, request: HttpRequest, obj: ReviewSettings, form, change: bool) -> None:
        # Through the service, as the API does: the same checks and one audit line per change.
        saved = review_settings_update(
            campaign=obj.campaign,
            data={name: form.cleaned_data[name] for name in SETTINGS_FIELDS},
            actor=request.user,
        )
        obj.pk = saved.pk
        obj._state.adding = False
