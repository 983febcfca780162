"""What the test packages share: an API client signed in as someone, a race of threads, and
what the admin's change page would post back untouched.

(Fast password hashing for the whole suite is the autouse fixture in tests/conftest.py.)
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.forms import CheckboxInput, MultiWidget
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    """An API client that sends `user`'s token; `client.user` is who it is."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together, each on its own database connection.

    Each place of the result holds what its call returned or the exception it raised: a
    refusal (or a deadlock) is the outcome a race test reads.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            # Each thread opened its own connection; leave none behind for the flush.
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def admin_form_data(response) -> dict:
    """What the browser would post back from a change page nobody has touched."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(field.widget, MultiWidget):  # date and time as two inputs
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{index}"] = "" if part is None else str(part)
                continue
            value = field.widget.format_value(value)
            if isinstance(value, list):
                value = value[0] if value else ""
            data[form.add_prefix(name)] = "" if value is None else value
    return data
