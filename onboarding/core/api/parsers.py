import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from onboarding.core.api.errors import PayloadTooLarge


class StrictJSONParser(JSONParser):
    """JSON only, and never more than DATA_UPLOAD_MAX_MEMORY_SIZE bytes of it."""

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
        return super().parse(io.BytesIO(body), media_type, parser_context)
