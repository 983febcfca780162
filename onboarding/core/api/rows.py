"""Lean rows for hot lists: dicts built from `.values()`, the same JSON their serializers give.

A list endpoint read all day (the review queue, bookings, the staff list) spends most of its
time in DRF's field-by-field serialising and in building model instances it only reads a few
columns of. Those lists keep their ModelSerializer as the contract (the OpenAPI document, the
detail view, the actions' answers) and build their page from `.values()` with a function beside
it; a test per list checks both give the same JSON for the same rows.
"""

from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet


def iso(value: datetime | None) -> str | None:
    """A datetime as DRF's DateTimeField writes it (TIME_ZONE is UTC): ISO 8601, `Z` for UTC."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def values_page(view: Any, queryset: QuerySet, columns: list[str]) -> list[dict[str, Any]]:
    """The view's filters, ordering and pagination applied, the page read as `.values()` rows."""
    return view.paginate_queryset(view.filter_queryset(queryset).values(*columns))
