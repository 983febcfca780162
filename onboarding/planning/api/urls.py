"""The planning API's routes: festival plans under /api/v1/planning/."""

from rest_framework.routers import SimpleRouter

from onboarding.planning.api.views import FestivalPlanViewSet

router = SimpleRouter()
router.register("planning/plans", FestivalPlanViewSet, basename="festival-plan")

urlpatterns = router.urls
