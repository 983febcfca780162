import pytest

from onboarding.core.models import Role
from tests.factories import ApplicationFactory, UserFactory


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.REVIEWER, 200), (Role.LEAD_REVIEWER, 200), (Role.SCHEDULER, 403), (Role.CEO, 403)],
)
def test_admin_application_list_follows_the_role(client, db, role, status):
    ApplicationFactory()
    client.force_login(UserFactory(role=role, is_staff=True))

    response = client.get("/admin/applicants/application/")

    assert response.status_code == status


def test_only_a_lead_may_edit_questions(db):
    reviewer = UserFactory(role=Role.REVIEWER, is_staff=True)
    lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)

    assert not reviewer.has_perm("questionnaires.change_question")
    assert lead.has_perm("questionnaires.change_question")
    assert reviewer.has_perm("applicants.view_application")


def test_an_inactive_user_has_no_role_permissions(db):
    lead = UserFactory(role=Role.LEAD_REVIEWER, is_staff=True, is_active=False)

    assert not lead.has_perm("applicants.view_application")
