"""Every API route, in one place."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from onboarding.applicants.api.views import (
    ApplicationViewSet,
    CampaignViewSet,
    DraftViewSet,
    MyApplicationViewSet,
)

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("applications", ApplicationViewSet, basename="application")
router.register("drafts", DraftViewSet, basename="draft")
router.register("me/applications", MyApplicationViewSet, basename="my-application")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="auth-token"),
    path("", include(router.urls)),
]
