"""The studios' API routes: studios, crew and kit, bookings, series, calendar feeds."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from onboarding.studios.api.views.board import BoardView, CeoSearchView, SlotCheckView
from onboarding.studios.api.views.bookings import BookingViewSet
from onboarding.studios.api.views.capacity import CapacityView
from onboarding.studios.api.views.feeds import CalendarFeedViewSet, CalendarIcsView
from onboarding.studios.api.views.series import SeriesViewSet
from onboarding.studios.api.views.standby import FreedSlotViewSet, MyStandbyOfferViewSet
from onboarding.studios.api.views.studios import CrewViewSet, EquipmentSetViewSet, StudioViewSet

router = SimpleRouter()
router.register("studios", StudioViewSet, basename="studio")
router.register("crew", CrewViewSet, basename="crew")
router.register("equipment-sets", EquipmentSetViewSet, basename="equipment-set")
router.register("bookings", BookingViewSet, basename="booking")
router.register("series", SeriesViewSet, basename="series")
router.register("calendar/feeds", CalendarFeedViewSet, basename="calendar-feed")
router.register("standby/slots", FreedSlotViewSet, basename="standby-slot")
router.register("me/standby-offers", MyStandbyOfferViewSet, basename="my-standby-offer")

urlpatterns = [
    path("board/", BoardView.as_view(), name="board"),
    path("board/slot-check/", SlotCheckView.as_view(), name="board-slot-check"),
    path("board/ceos/", CeoSearchView.as_view(), name="board-ceos"),
    path("capacity/", CapacityView.as_view(), name="capacity"),
    path("calendar/<str:token>.ics", CalendarIcsView.as_view(), name="calendar-ics"),
    *router.urls,
]
