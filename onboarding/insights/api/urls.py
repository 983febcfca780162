"""The insights' API routes: the campaign dashboard."""

from django.urls import path

from onboarding.insights.api.scorecard import ScorecardView
from onboarding.insights.api.views import DashboardView

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("scorecards/<int:application_id>/", ScorecardView.as_view(), name="scorecard"),
]
