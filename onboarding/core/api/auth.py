"""POST /api/v1/auth/token/: DRF's token view, answering a locked account with 429 Retry-After."""

from rest_framework.authtoken import views
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from onboarding.core.lockout import SignInLocked, retry_after


class ObtainAuthToken(views.ObtainAuthToken):
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes refused the sign-in (the right password included) and said so on the
            # request it was given, DRF's; the page middleware never sees that one.
            if getattr(request, "axes_locked_out", False):
                credentials = {"username": str(request.data.get("username", ""))}
                raise SignInLocked(retry_after(request._request, credentials))
            raise ValidationError(serializer.errors)
        return super().post(request, *args, **kwargs)


obtain_auth_token = ObtainAuthToken.as_view()
