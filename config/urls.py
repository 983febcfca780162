from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from onboarding.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include(("config.api_router", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("onboarding.portal.urls")),
]

# Unmatched addresses under /api/ answer the API's JSON error body; pages keep Django's HTML 404.
handler404 = "onboarding.core.api.errors.not_found"
