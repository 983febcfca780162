"""The insights' API routes: the campaign dashboard."""

from django.urls import path

from onboarding.insights.api.views import DashboardView

urlpatterns = [path("dashboard/", DashboardView.as_view(), name="dashboard")]
