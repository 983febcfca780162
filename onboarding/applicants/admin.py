"""Staff screens for campaigns, recruitment channels and applications.

Status is never edited here: it moves only through the review services, which audit each move.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.applicants.exports import answer_text, csv_response, without_blind
from onboarding.applicants.models import (
    Application,
    Campaign,
    Channel,
    ErasureRequest,
    PersonalDataAccess,
    SocialAccount,
    Status,
)
from onboarding.applicants.normalise import (
    ACCOUNT_LISTED_ABOVE,
    PHONE,
    PHONE_INVALID,
    normalize_email,
    normalize_handle,
    normalize_phone,
    phone_is_valid,
    repeated_accounts,
)
from onboarding.applicants.selectors import channel_label
from onboarding.applicants.services import (
    APPLICANT_FIELDS,
    MAX_SOCIAL_ACCOUNTS,
    TARGET_FIELDS,
    application_update_by_staff,
    campaign_targets_set,
    campaign_update,
)
from onboarding.applicants.services.privacy import access_record
from onboarding.core.admin import ReadOnlyAdminMixin
from onboarding.core.errors import DomainError
from onboarding.core.time import local_text
from onboarding.questionnaires.models import Answer

ADMIN_READ = PersonalDataAccess.Via.ADMIN
CSV_EXPORT = PersonalDataAccess.Via.CSV_EXPORT


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "application_window",
        "sales_window",
        "min_weekly_events",
        "is_active",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "name_zh", "slug", "code"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("application window"), ordering="application_opens_at")
    def application_window(self, campaign: Campaign) -> str:
        opens = local_text(campaign.application_opens_at, campaign.timezone)
        return f"{opens} – {local_text(campaign.application_closes_at, campaign.timezone)}"

    @admin.display(description=_("sales window"), ordering="sales_starts_on")
    def sales_window(self, campaign: Campaign) -> str:
        return f"{campaign.sales_starts_on:%Y-%m-%d} – {campaign.sales_ends_on:%Y-%m-%d}"

    def save_model(self, request, campaign, form, change) -> None:
        if change:
            # Through the service: audited, targets checked by role, drafts' reminders follow.
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            if changes:
                self._through_service(
                    lambda: campaign_update(campaign=campaign, changes=changes, actor=request.user)
                )
            return
        # A new campaign: the form saves it without targets, which go through their service.
        targets = {name: getattr(campaign, name) for name in TARGET_FIELDS}
        for name in TARGET_FIELDS:
            setattr(campaign, name, None)
        super().save_model(request, campaign, form, change)
        if set(TARGET_FIELDS) & set(form.changed_data):
            updated = self._through_service(
                lambda: campaign_targets_set(
                    campaign_id=campaign.pk, actor=request.user, targets=targets
                )
            )
            for name in TARGET_FIELDS:
                setattr(campaign, name, getattr(updated, name))

    @staticmethod
    def _through_service(call):
        try:
            return call()
        except DomainError as exc:
            # The form's own checks passed; the service still has the last word.
            raise PermissionDenied(exc.message) from exc


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "application_count"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Channel]:
        # One aggregate query for the page, not one count per row; drafts were never sent.
        return (
            super()
            .get_queryset(request)
            .annotate(
                application_count=Count(
                    "applications", filter=~Q(applications__status=Status.DRAFT)
                )
            )
        )

    @admin.display(description=_("applications sent"), ordering="application_count")
    def application_count(self, channel: Channel) -> int:
        return channel.application_count


class SocialAccountFormSet(forms.BaseInlineFormSet):
    """Handles as the applicant's own form stores them, and the same account once."""

    def clean(self) -> None:
        super().clean()
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("handle"):
                rows.append(None)
                continue
            data["handle"] = normalize_handle(data["handle"])
            form.instance.handle = data["handle"]
            rows.append(data)
        for index in repeated_accounts(rows):
            self.forms[index].add_error("handle", _(ACCOUNT_LISTED_ABOVE))


class SocialAccountInline(admin.TabularInline):
    model = SocialAccount
    formset = SocialAccountFormSet
    fields = ["platform", "handle", "followers"]
    extra = 0
    max_num = MAX_SOCIAL_ACCOUNTS


class AnswerInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The questionnaire answers as the applicant gave them; nobody edits them here."""

    model = Answer
    fields = ["question_key", "question_label", "answer"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("answer")
    verbose_name_plural = _("questionnaire answers")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        return (
            super()
            .get_queryset(request)
            .select_related("question")
            .order_by("question__position", "question__id")
        )

    @admin.display(description=_("key"))
    def question_key(self, answer: Answer) -> str:
        return answer.question.key

    @admin.display(description=_("question"))
    def question_label(self, answer: Answer) -> str:
        return answer.question.label

    @admin.display(description=_("answer"))
    def answer(self, answer: Answer) -> str:
        return answer_text(answer.question, answer.value)


def _clean_phone(value: str) -> str:
    if not phone_is_valid(value):
        raise ValidationError(_(PHONE_INVALID))
    return normalize_phone(value)


class ApplicationAdminForm(forms.ModelForm):
    # A website typed without a scheme is taken as https (Django 6's default, said now).
    company_website = forms.URLField(
        label=Application._meta.get_field("company_website").verbose_name,
        max_length=200,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Application
        fields = ["channel", "language", *APPLICANT_FIELDS]

    # What is stored is what the service makes of it (onboarding/applicants/normalise.py).
    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean_assistant_email(self) -> str:
        return normalize_email(self.cleaned_data["assistant_email"])

    def clean_assistant_phone(self) -> str:
        return _clean_phone(self.cleaned_data["assistant_phone"])

    def _post_clean(self) -> None:
        super()._post_clean()
        # The one-open-application constraints name campaign and status, which are read-only
        # here and so skipped by the model form; check them on the whole row, or a clash would
        # surface as an IntegrityError instead of a message on the form.
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            self.add_error(None, exc)


class ChannelListFilter(admin.SimpleListFilter):
    """Filter by recruitment channel, by the code of a link that named none, or direct."""

    title = _("recruitment channel")
    parameter_name = "channel"
    UNKNOWN = "unknown:"
    DIRECT = "direct"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        channels = [(str(pk), name) for pk, name in Channel.objects.values_list("pk", "name")]
        unknown = (
            Application.objects.exclude(unknown_channel_code="")
            .order_by("unknown_channel_code")
            .values_list("unknown_channel_code", flat=True)
            .distinct()
        )
        return [
            *channels,
            *((f"{self.UNKNOWN}{code}", channel_label(None, code)) for code in unknown),
            (self.DIRECT, _("direct (no link)")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value:
            return queryset
        if value == self.DIRECT:
            return queryset.filter(channel=None, unknown_channel_code="")
        if value.startswith(self.UNKNOWN):
            return queryset.filter(channel=None, unknown_channel_code=value[len(self.UNKNOWN) :])
        return queryset.filter(channel_id=value) if value.isdigit() else queryset.none()


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ApplicationAdminForm
    list_display = [
        "reference",
        "full_name",
        "company_name",
        "brand_name",
        "campaign",
        "status",
        "channel_shown",
        "industry",
        "language",
        "submitted_at",
    ]
    list_display_links = ["reference", "full_name"]
    # Every column's related row comes in the page's one query, whatever the page size.
    list_select_related = ["campaign", "channel"]
    search_fields = ["reference", "full_name", "company_name", "brand_name", "email", "phone"]
    search_help_text = _("Reference, name, company, brand, e-mail or phone.")
    list_filter = [
        "campaign",
        "status",
        "industry",
        ChannelListFilter,
        "language",
        ("submitted_at", admin.DateFieldListFilter),
    ]
    date_hierarchy = "submitted_at"
    # Newest sent first; drafts (never sent) at the end rather than on top.
    ordering = [F("submitted_at").desc(nulls_last=True), "-id"]
    actions = ["export_csv"]
    inlines = [SocialAccountInline, AnswerInline]
    readonly_fields = [
        "reference",
        "campaign",
        "questionnaire",
        "status",
        "unknown_channel_code",
        "user",
        "submitted_at",
        "consent_given_at",
        "total_followers",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "campaign",
                    "questionnaire",
                    "status",
                    "channel",
                    "unknown_channel_code",
                    "language",
                    "submitted_at",
                    "consent_given_at",
                ]
            },
        ),
        (_("Applicant"), {"fields": ["full_name", "job_title", "email", "phone", "user"]}),
        (
            _("Company and brand"),
            {
                "fields": [
                    "company_name",
                    "industry",
                    "company_website",
                    "years_in_business",
                    "brand_name",
                    "products",
                ]
            },
        ),
        (
            _("Live streaming"),
            {
                "fields": [
                    "on_camera_in_person",
                    "live_experience",
                    "live_experience_notes",
                    "total_followers",
                ]
            },
        ),
        (
            _("Assistant"),
            {"fields": ["assistant_name", "assistant_email", "assistant_phone"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        # Blind review: reviewers work on those campaigns' applicants in the review queue,
        # which hides who they are; here they would see everything, so they see none of them.
        return without_blind(super().get_queryset(request), request.user)

    @admin.display(description=_("recruitment channel"), ordering="channel__name")
    def channel_shown(self, application: Application) -> str:
        if application.channel is not None:
            return str(application.channel)
        return channel_label(None, application.unknown_channel_code)

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Phones are stored without spaces or dashes; "139-0000-1111" should still find one.
        phone = normalize_phone(search_term.strip())
        if phone != search_term.strip() and PHONE.match(phone):
            queryset |= filtered.filter(phone__contains=phone)
        return queryset, may_have_duplicates

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Logged once the page showed (a 200): a missing or hidden application shows nothing.
        if request.method == "GET" and response.status_code == 200 and object_id.isdigit():
            access_record(actor=request.user, application_ids=[int(object_id)], via=ADMIN_READ)
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Applications arrive through the application form and its service, never from here.
        return False

    def save_model(self, request: HttpRequest, obj: Application, form, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Only what staff changed, through the service: audited, a status moved by a reviewer
        # meanwhile stays moved, the assistant's warnings and a draft's reminder follow.
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if changes:
            try:
                application_update_by_staff(application=obj, changes=changes, actor=request.user)
            except DomainError as exc:
                # The form's own checks passed; the service still has the last word.
                raise PermissionDenied(exc.message) from exc

    @admin.display(description=_("total followers"))
    def total_followers(self, application: Application) -> int:
        return sum(account.followers for account in application.social_accounts.all())

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> StreamingHttpResponse:
        # "Select all" in the changelist hands over the whole filtered result, not one page.
        ids = list(queryset.values_list("pk", flat=True))
        access_record(actor=request.user, application_ids=ids, via=CSV_EXPORT)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(queryset, filename=f"applications-{stamp}.csv", user=request.user)


class _ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by services only (the erasure API, the access log): the admin shows them."""


@admin.register(ErasureRequest)
class ErasureRequestAdmin(_ReadOnly):
    list_display = ["application", "status", "via", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "via"]
    list_select_related = ["application", "decided_by"]
    search_fields = ["application__reference"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(_ReadOnly):
    list_display = ["at", "actor", "application", "via"]
    list_filter = ["via", ("at", admin.DateFieldListFilter)]
    list_select_related = ["application", "actor"]
    search_fields = ["application__reference", "actor__username"]
    date_hierarchy = "at"
