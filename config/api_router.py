"""Every API route, in one place."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from onboarding.applicants.api import privacy
from onboarding.applicants.api.views import (
    ApplicationViewSet,
    CampaignViewSet,
    DraftViewSet,
    MyApplicationViewSet,
)
from onboarding.core.api.auth import obtain_auth_token
from onboarding.notifications.api import NotificationViewSet
from onboarding.reviews.api.export import QueueExportView, ReviewerListView
from onboarding.reviews.api.views import (
    ApplicantViewSet,
    BulkDecisionView,
    CriteriaView,
    RecomputeJobView,
    ReviewSettingsView,
    ReviewViewSet,
)

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("applications", ApplicationViewSet, basename="application")
router.register("drafts", DraftViewSet, basename="draft")
router.register("me/applications", MyApplicationViewSet, basename="my-application")
router.register("review/applications", ReviewViewSet, basename="review")
router.register("applicant", ApplicantViewSet, basename="applicant")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="auth-token"),
    path("review/bulk/", BulkDecisionView.as_view(), name="review-bulk"),
    path("review/export/", QueueExportView.as_view(), name="review-export"),
    path("review/reviewers/", ReviewerListView.as_view(), name="review-reviewers"),
    path("review/campaigns/<slug:slug>/criteria/", CriteriaView.as_view(), name="criteria"),
    path(
        "review/campaigns/<slug:slug>/settings/",
        ReviewSettingsView.as_view(),
        name="review-settings",
    ),
    path("review/jobs/<int:pk>/", RecomputeJobView.as_view(), name="recompute-job"),
    path("me/personal-data/", privacy.MyPersonalDataView.as_view(), name="my-personal-data"),
    path("me/personal-data/erasure/", privacy.MyErasureView.as_view(), name="my-erasure"),
    path(
        "applicant/<str:token>/personal-data/code/",
        privacy.AccessCodeView.as_view(),
        name="applicant-access-code",
    ),
    path(
        "applicant/<str:token>/personal-data/",
        privacy.LinkPersonalDataView.as_view(),
        name="applicant-personal-data",
    ),
    path(
        "applicant/<str:token>/personal-data/erasure/",
        privacy.LinkErasureView.as_view(),
        name="applicant-erasure",
    ),
    path(
        "privacy/erasure-requests/",
        privacy.ErasureRequestListView.as_view(),
        name="erasure-requests",
    ),
    path(
        "privacy/erasure-requests/<int:pk>/confirm/",
        privacy.ErasureDecisionView.as_view(decision="confirm"),
        name="erasure-confirm",
    ),
    path(
        "privacy/erasure-requests/<int:pk>/refuse/",
        privacy.ErasureDecisionView.as_view(decision="refuse"),
        name="erasure-refuse",
    ),
    path("", include("onboarding.training.api.urls")),
    path("", include("onboarding.studios.api.urls")),
    path("", include("onboarding.insights.api.urls")),
    path("", include("onboarding.planning.api.urls")),
    path("", include(router.urls)),
]
