from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from onboarding.portal import views
from onboarding.portal.views import board, capacity, me, scorecard, staff, standby, training

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("apply/<slug:slug>/autosave", views.apply_autosave, name="apply-autosave"),
    path("apply/d/<str:token>/", views.draft, name="draft"),
    path("apply/d/<str:token>/autosave", views.draft_autosave, name="draft-autosave"),
    path("apply/d/<str:token>/sent/", views.submitted, name="submitted"),
    path("apply/d/<str:token>/answer", views.answer, name="answer"),
    path("apply/d/<str:token>/withdraw", views.withdraw, name="withdraw"),
    path("apply/d/<str:token>/assistant", views.assistant, name="assistant"),
    path("shows/confirm/<str:token>/", views.show_confirm, name="show-confirm"),
    path("login/", staff.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.my_applications, name="my-applications"),
    path("me/scorecard/", me.me_scorecard, name="me-scorecard"),
    path("me/standby/", standby.me_standby, name="me-standby"),
    path("staff/", staff.staff_home, name="staff"),
    path("staff/dashboard/", staff.dashboard, name="staff-dashboard"),
    path("staff/queue/", staff.queue, name="staff-queue"),
    path("staff/queue/<int:pk>/", staff.review, name="staff-review"),
    path("staff/board/", board.board, name="staff-board"),
    path("staff/board/reports/", board.board_reports, name="staff-board-reports"),
    path("staff/capacity/", capacity.capacity, name="staff-capacity"),
    path("staff/training/", training.sessions, name="staff-training"),
    path("staff/training/<int:pk>/", training.session_detail, name="staff-training-session"),
    path("staff/ceos/<int:pk>/scorecard/", scorecard.staff_scorecard, name="staff-scorecard"),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("portal:set-password-done")
        ),
        name="set-password",
    ),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="set-password-done",
    ),
]
