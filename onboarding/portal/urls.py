from django.contrib.auth import views as auth_views
from django.urls import path

from onboarding.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("apply/d/<str:token>/", views.draft, name="draft"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.my_applications, name="my-applications"),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url="/login/"),
        name="set-password",
    ),
]
