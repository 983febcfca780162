"""Staff edit draft questionnaire versions here and publish them; no migration is needed.

Published and retired versions are read-only: submitted answers point at their questions.
"""

from collections import Counter

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from onboarding.core.errors import Conflict
from onboarding.questionnaires.forms import QuestionForm, QuestionInlineFormSet
from onboarding.questionnaires.models import Question, Questionnaire
from onboarding.questionnaires.services import questionnaire_new_version, questionnaire_publish

READ_ONLY_NOTICE = gettext_lazy(
    "This version is %(status)s and can no longer be changed, because answers point at it. "
    "Use the action “New draft version from this one” to make changes."
)
ONE_PER_CAMPAIGN = gettext_lazy("Choose at most one version per campaign to publish.")


def _is_editable(questionnaire: Questionnaire | None) -> bool:
    return questionnaire is None or questionnaire.status == Questionnaire.Status.DRAFT


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionForm
    formset = QuestionInlineFormSet
    ordering = ["position", "id"]
    extra = 0
    fields = [
        ("key", "position", "kind", "required"),
        ("label_en", "label_zh"),
        ("help_en", "help_zh"),
        ("min_value", "max_value", "max_length"),
        "choices",
        ("show_if_key", "show_if_values"),
    ]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["campaign", "version", "status", "published_at", "question_count"]
    list_filter = ["status", "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["campaign__name", "campaign__name_zh"]
    inlines = [QuestionInline]
    actions = ["publish", "new_version"]
    fields = ["campaign", "version", "status", "published_at", "consent_text_en", "consent_text_zh"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Questionnaire]:
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # A new version starts as a draft; only the publish action changes status.
        if obj is None:
            return ["status", "published_at"]
        return ["campaign", "version", "status", "published_at"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_editable(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        # Bulk delete would not look at each version's status; drafts are deleted one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not _is_editable(obj) and request.method == "GET":
            notice = READ_ONLY_NOTICE % {"status": obj.get_status_display().lower()}
            self.message_user(request, notice, messages.INFO)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("questions"), ordering="question_count")
    def question_count(self, questionnaire: Questionnaire) -> int:
        return questionnaire.question_count

    @admin.action(description=gettext_lazy("Publish"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        chosen = list(queryset.select_related("campaign").order_by("campaign_id", "version"))
        if any(n > 1 for n in Counter(q.campaign_id for q in chosen).values()):
            self.message_user(request, ONE_PER_CAMPAIGN, messages.ERROR)
            return
        for questionnaire in chosen:
            try:
                questionnaire_publish(questionnaire=questionnaire, actor=request.user)
            except Conflict as exc:
                self.message_user(
                    request,
                    _("%(questionnaire)s was not published: %(reason)s")
                    % {"questionnaire": questionnaire, "reason": exc.message},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "Version %(version)s of %(campaign)s is published; "
                        "the version before it is retired."
                    )
                    % {"version": questionnaire.version, "campaign": questionnaire.campaign},
                    messages.SUCCESS,
                )

    @admin.action(description=gettext_lazy("New draft version from this one"), permissions=["add"])
    def new_version(self, request: HttpRequest, queryset: QuerySet[Questionnaire]):
        copies = [
            questionnaire_new_version(questionnaire=questionnaire, actor=request.user)
            for questionnaire in queryset.order_by("campaign_id", "version")
        ]
        self.message_user(
            request,
            ngettext(
                "Made %(count)d draft version; edit its questions, then publish it.",
                "Made %(count)d draft versions; edit their questions, then publish them.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )
        if len(copies) == 1:
            # Straight to the new draft, which is what staff came to edit.
            return HttpResponseRedirect(
                reverse("admin:questionnaires_questionnaire_change", args=[copies[0].pk])
            )
        return None
