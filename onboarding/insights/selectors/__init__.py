"""Reads of figures across domains; no writes here."""

from onboarding.insights.selectors.dashboard import Dashboard, dashboard, dashboard_campaign

__all__ = ["Dashboard", "dashboard", "dashboard_campaign"]
