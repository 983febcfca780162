"""What OPTIONS answers: DRF's description of a view, without a 500 where it cannot describe."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import clone_request

from onboarding.core.errors import DomainError


class Metadata(SimpleMetadata):
    """SimpleMetadata that leaves out a method it has no serializer for, instead of failing.

    DRF builds the `actions` block from `view.get_serializer()`; a viewset whose actions each
    pick their own input serializer (or none) has no serializer class to give, and DRF's own
    metadata then raised an AssertionError: OPTIONS answered 500.
    """

    def determine_actions(self, request, view):
        actions = {}
        action_map = getattr(view, "action_map", None) or {}
        metadata_action = getattr(view, "action", None)
        for method in sorted({"PUT", "POST"} & set(view.allowed_methods)):
            view.request = clone_request(request, method)
            # A viewset answers OPTIONS as its `metadata` action; describe the action the method
            # runs instead, so get_serializer_class() picks that action's serializer.
            view.action = action_map.get(method.lower(), metadata_action)
            try:
                if hasattr(view, "check_permissions"):
                    view.check_permissions(view.request)
                if method == "PUT" and hasattr(view, "get_object"):
                    view.get_object()
                serializer = view.get_serializer()
            except (exceptions.APIException, PermissionDenied, Http404, DomainError):
                continue
            except AssertionError:
                # No serializer_class and no get_serializer_class() of its own: nothing to say.
                continue
            finally:
                view.request = request
                view.action = metadata_action
            actions[method] = self.get_serializer_info(serializer)
        return actions
