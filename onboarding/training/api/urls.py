"""Training routes, under /api/v1/training/."""

from rest_framework.routers import SimpleRouter

from onboarding.training.api.views import EnrolmentViewSet, ModuleViewSet, SessionViewSet

router = SimpleRouter()
router.register("training/modules", ModuleViewSet, basename="training-module")
router.register("training/sessions", SessionViewSet, basename="training-session")
router.register("training/enrolments", EnrolmentViewSet, basename="training-enrolment")

urlpatterns = router.urls
