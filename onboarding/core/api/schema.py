"""The OpenAPI document lists every error an operation can answer with, in the one error shape.

`AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) reads what DRF itself will do before the
view's code runs, from the view's own facts, and adds the standard answers to each operation:

- 400 `fields` per field: a request body, or query parameters (filters, ordering);
- 401 and 403: authentication is tried on every request (a wrong token is a 401 even where
  anyone may call), permission classes beyond AllowAny refuse with 403, and so does the CSRF
  check on a signed-in session's unsafe request;
- 404: a path parameter (an id, a slug, a token), or a page number past the end;
- 409: a write that can conflict with the current state;
- 413 and 415: a request body (its size, its content type);
- 429 with Retry-After: a throttled view, or the token endpoint's sign-in lockout.

An error a view declares with `extend_schema` keeps its description and gains the body.

Request bodies say what validation demands, not only the fields' types: a strict serializer
(StrictInputMixin) refuses unknown keys, so its request schema has `additionalProperties:
false`; a serializer whose service checks more than its fields (required on submission, a
phone number's form, consent given) says so in `schema_required` (names) and
`schema_properties` (JSON Schema keywords per field), read here for the request direction.
Text that DRF trims and may not be blank has a pattern: not only spaces (NOT_BLANK).
"""

from collections.abc import Mapping

from drf_spectacular.drainage import has_override
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import append_meta
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from onboarding.core.api.serializers import StrictInputMixin

ERROR_COMPONENT = "Error"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer: {code, message, fields}."""

    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `invalid`.")
    message = serializers.CharField(help_text="A sentence for people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.JSONField(),
        help_text="For invalid input: each field's messages (nested like the request).",
    )


DESCRIPTIONS = {
    "400": "Invalid input: `fields` names each field and why.",
    "401": "Not signed in, or the token is not valid.",
    "403": "Your role may not do this, or not on this object.",
    "404": "No such object (or not yours to see).",
    "405": "This method is not allowed here.",
    "409": "Conflicts with the current state.",
    "413": "The request body is too large.",
    "415": "The request body's content type is not accepted (JSON only).",
    "429": "Too many requests: wait the seconds in Retry-After.",
}


def errors(*codes: int, said: Mapping[int, str] | None = None) -> dict[int, OpenApiResponse]:
    """Error answers to declare in `extend_schema`: each code with the standard description, or
    what this API says instead (`said`). The body and headers are added by AutoSchema."""
    said = said or {}
    return {
        code: OpenApiResponse(description=said.get(code, DESCRIPTIONS[str(code)])) for code in codes
    }


RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "required": True,
        "description": "Seconds to wait before trying again.",
    }
}


# A time of day as DRF reads and writes it ("08:00", "23:59:00"): JSON Schema's "time" format
# wants an offset ("08:00:00Z"), which these never carry.
TIME_OF_DAY = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "08:00",
}


# Somewhere a character that is not a space (re's \s is str.isspace, as DRF's strip() is).
NOT_BLANK = r"\S"


def _refuses_blank_text(field, schema: dict) -> bool:
    """Plain text that DRF trims and may not be blank, with no pattern or format of its own."""
    return (
        isinstance(field, serializers.CharField)
        and field.trim_whitespace
        and not field.allow_blank
        and schema.get("type") == "string"
        and not {"pattern", "format", "enum"} & set(schema)
    )


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField) and not has_override(field, "field"):
            meta = self._get_serializer_field_meta(field, direction)
            return append_meta(dict(TIME_OF_DAY), meta)
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and _refuses_blank_text(field, schema):
            # DRF trims the spaces around text and refuses what is left empty: "   " is as
            # blank as "" (minLength alone would allow it).
            schema["pattern"] = NOT_BLANK
        # `default=None` answers null when the source is missing (a deleted author, no reviewer
        # yet), whether or not the field says allow_null.
        if direction == "response" and field.default is None and "$ref" not in schema:
            schema["nullable"] = True
        return schema

    def error_statuses(self) -> set[str]:
        view = self.view
        method = self.method
        has_body = method in ("POST", "PUT", "PATCH") and bool(getattr(view, "parser_classes", ()))
        codes = set()
        if has_body or self._has_query_parameters():
            codes.add("400")
        if getattr(view, "authentication_classes", ()):
            codes.add("401")
        permissions = getattr(view, "permission_classes", ())
        if any(p is not AllowAny for p in permissions) or (
            method in UNSAFE and getattr(view, "authentication_classes", ())
        ):
            codes.update(("401", "403"))
        if "{" in self.path or self._is_list_view():
            codes.add("404")
        if method in UNSAFE and not isinstance(view, ObtainAuthToken):
            codes.add("409")
        if has_body:
            codes.update(("413", "415"))
        if getattr(view, "throttle_classes", ()) or isinstance(view, ObtainAuthToken):
            codes.add("429")
        return codes

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction != "request" or schema.get("type") != "object":
            return schema
        if isinstance(serializer, StrictInputMixin):
            schema["additionalProperties"] = False
        properties = schema.get("properties", {})
        for name, field in serializer.fields.items():
            # DRF's many=True lists check max_length and min_length; spectacular omits them.
            if isinstance(field, serializers.ListSerializer) and name in properties:
                if field.max_length is not None:
                    properties[name]["maxItems"] = field.max_length
                if field.min_length is not None:
                    properties[name]["minItems"] = field.min_length
        for name, keywords in getattr(serializer, "schema_properties", {}).items():
            if name in properties:
                properties[name] = {**properties[name], **keywords}
        required = set(schema.get("required", ())) | set(getattr(serializer, "schema_required", ()))
        partial = getattr(serializer, "partial", False) or self.method == "PATCH"
        if required and not partial:
            schema["required"] = sorted(required & set(properties))
        return schema

    def _has_query_parameters(self) -> bool:
        return any(p.get("in") == "query" for p in self._get_parameters())

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self._get_response_for_code(
            ErrorSerializer, "400", media_types=["application/json"], direction=direction
        )
        error_content = error["content"]
        for code in self.error_statuses():
            responses.setdefault(code, {"description": DESCRIPTIONS[code]})
        for code, response in responses.items():
            if not str(code).startswith(("4", "5")):
                continue
            if not response.get("content"):
                response["content"] = {k: dict(v) for k, v in error_content.items()}
            if not response.get("description"):
                response["description"] = DESCRIPTIONS.get(str(code), "")
            if str(code) == "429":
                response.setdefault("headers", {}).update(RETRY_AFTER)
        return dict(sorted(responses.items()))
