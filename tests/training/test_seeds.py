from datetime import date
from zoneinfo import ZoneInfo

from onboarding.core.models import Role
from onboarding.training.models import TrainingModule, TrainingSession
from seeds.demo import _training
from tests.factories import CampaignFactory, UserFactory


def test_the_demo_has_four_required_modules_taught_twice_in_may(db):
    campaign = CampaignFactory()
    trainer = UserFactory(username="trainer", role=Role.TRAINER)

    _training(campaign)

    modules = TrainingModule.objects.filter(campaign=campaign)
    assert modules.count() == 4
    assert all(module.required for module in modules)
    sessions = TrainingSession.objects.filter(module__campaign=campaign)
    assert sessions.count() == 8
    assert {session.trainer for session in sessions} == {trainer}
    days = {session.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).date() for session in sessions}
    assert min(days) >= date(2027, 5, 1)
    assert max(days) <= date(2027, 5, 20)
