import io

from django.conf import settings
from rest_framework import serializers
from rest_framework.parsers import JSONParser

from onboarding.core.api.errors import PayloadTooLarge
from onboarding.core.validators import NUL_REFUSED, nul_path


class StrictJSONParser(JSONParser):
    """JSON only, never more than DATA_UPLOAD_MAX_MEMORY_SIZE bytes of it, and no NUL in it.

    PostgreSQL stores a NUL character in neither text nor jsonb: refused here, for every
    field, answer and key at once, as a 400 naming where it was.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        declared = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
        if declared > limit:
            raise PayloadTooLarge()
        # Read one byte past the limit so a body without a Content-Length is caught too.
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise PayloadTooLarge()
        data = super().parse(io.BytesIO(body), media_type, parser_context)
        path = nul_path(data)
        if path is not None:
            raise serializers.ValidationError(_nested(path, [NUL_REFUSED]))
        return data


def _nested(path: list, messages: list) -> dict:
    """{"answers": {"q1": [message]}} for the path ["answers", "q1"], as serializers report."""
    if not path:
        return {"non_field_errors": messages}
    detail: object = messages
    for key in reversed(path):
        detail = {key: detail}
    return detail
