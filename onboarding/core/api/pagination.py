"""Page-number pagination whose count stops costing more as a list grows.

An exact `COUNT(*)` reads every row the filters let through: at 100,000 applications it was most
of a queue request (about 100 ms against the page's 8). A count is exact up to
`COUNTED_EXACTLY_UP_TO`, which costs at most that many rows; past it the page says the count is
PostgreSQL's estimate for the same filtered query (`count_exact: false`), which costs a plan. The
portal writes "about" before such a count. Pages past the estimate's last are refused as usual.
"""

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.response import Response

COUNTED_EXACTLY_UP_TO = 10_000


def bounded_count(queryset: QuerySet) -> tuple[int, bool]:
    """The queryset's count and whether it is exact: exact up to the bound, else the planner's
    estimate (never below the bound it has already passed)."""
    unordered = queryset.order_by()
    counted = unordered[: COUNTED_EXACTLY_UP_TO + 1].count()
    if counted <= COUNTED_EXACTLY_UP_TO:
        return counted, True
    plan = json.loads(unordered.explain(format="json"))
    return max(int(plan[0]["Plan"]["Plan Rows"]), counted), False


class Paginator(DjangoPaginator):
    count_exact = True

    @cached_property
    def count(self) -> int:
        # values_page (rows.py) pages `.values()` rows counted by the filtered queryset.
        counted = getattr(self.object_list, "counted", self.object_list)
        if not isinstance(counted, QuerySet):
            return super().count
        total, self.count_exact = bounded_count(counted)
        return total


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = Paginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_exact"] = self.page.paginator.count_exact
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_exact"] = {
            "type": "boolean",
            "description": (
                f"False when more than {COUNTED_EXACTLY_UP_TO:,} rows match: `count` is then "
                "the database's estimate."
            ),
        }
        paginated["required"] = [*paginated.get("required", []), "count_exact"]
        return paginated
