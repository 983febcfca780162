"""Lean rows for hot lists: dicts built from `.values()`, the same JSON their serializers give.

A list endpoint read all day (the review queue, bookings, the staff list) spends most of its
time in DRF's field-by-field serialising and in building model instances it only reads a few
columns of. Those lists keep their ModelSerializer as the contract (the OpenAPI document, the
detail view, the actions' answers) and build their page from `.values()` with a function beside
it; a test per list checks both give the same JSON for the same rows.
"""

import copy
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
    """The view's filters, ordering and pagination applied, the page read as `.values()` rows.

    The page's count is the filtered queryset's, not the rows': `.values()` joins every table a
    column comes from, and the count would keep those joins (a third of a staff list request).
    They are to-one joins (an inner one only on a required key), so both count the same rows.
    """
    filtered = view.filter_queryset(queryset)
    return view.paginate_queryset(_CountedBy(filtered.values(*columns), filtered))


class _CountedBy:
    """Rows to page through, counted by another queryset (what Django's Paginator reads)."""

    def __init__(self, rows: QuerySet, counted: QuerySet):
        self.rows, self.counted = rows, counted

    def count(self) -> int:
        return self.counted.count()

    @property
    def ordered(self) -> bool:
        return self.rows.ordered

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return self.count()


class CachedFieldsMixin:
    """A ModelSerializer that builds its fields from the model once per class, not on every
    instance: DRF introspects the model (kwargs for each field, its validators, its choices)
    each time a serializer is made, which was a fifth of a detail request. Each instance still
    gets its own copy, as DRF gives declared fields. Only for serializers whose fields do not
    depend on the context (the request, the user)."""

    def get_fields(self):
        cls = type(self)
        cached = cls.__dict__.get("_cached_fields")
        if cached is None:
            cached = super().get_fields()
            cls._cached_fields = cached
        return copy.deepcopy(cached)
