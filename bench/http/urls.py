"""The app's own URLs, unchanged, and beside them the floor views under /bench-floor/."""

from django.urls import path

from bench.http import floors
from config.urls import urlpatterns as served

urlpatterns = [
    path("bench-floor/queue/", floors.queue),
    path("bench-floor/applications/", floors.applications),
    path("bench-floor/review-detail/<int:pk>/", floors.review_detail),
    path("bench-floor/application-detail/<int:pk>/", floors.application_detail),
    path("bench-floor/bookings/", floors.bookings),
    path("bench-floor/board/", floors.board),
    path("bench-floor/sessions/", floors.sessions),
    path("bench-floor/dashboard/", floors.dashboard),
    path("bench-floor/notifications/", floors.notifications),
    path("bench-floor/ics/<str:token>/", floors.ics),
    *served,
]
