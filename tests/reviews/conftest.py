import pytest

from onboarding.core.models import Role
from tests.conftest import _client_for


@pytest.fixture
def other_reviewer_client(db):
    """A second reviewer, for fair review, four eyes and reassignment."""
    return _client_for(Role.REVIEWER)
