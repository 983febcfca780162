from datetime import UTC, date, datetime, timedelta

import factory
from django.utils import timezone

from onboarding.applicants.models import Application, Campaign, Channel, SocialAccount, Status
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Question, Questionnaire

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.CEO
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(user, create, extracted, **kwargs):
        if create:
            user.save()


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Festival {n}")
    name_zh = factory.Sequence(lambda n: f"大促 {n}")
    slug = factory.Sequence(lambda n: f"festival-{n}")
    code = factory.Sequence(lambda n: f"F{n}")
    application_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    application_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    sales_starts_on = date(2027, 5, 20)
    sales_ends_on = date(2027, 6, 20)
    min_weekly_events = 2


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ["code"]

    code = "weibo-official"
    name = "Programme Weibo account"
    kind = Channel.Kind.SOCIAL


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    campaign = factory.SubFactory(CampaignFactory)
    version = 1
    status = Questionnaire.Status.PUBLISHED
    published_at = datetime(2026, 11, 1, tzinfo=UTC)
    consent_text_en = "I agree to the processing of my data."
    consent_text_zh = "我同意处理我的数据。"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    key = factory.Sequence(lambda n: f"q{n}")
    position = factory.Sequence(lambda n: n)
    kind = Question.Kind.TEXT
    label_en = factory.LazyAttribute(lambda q: f"Question {q.key}")
    label_zh = factory.LazyAttribute(lambda q: f"问题 {q.key}")


def demo_questionnaire(campaign: Campaign | None = None) -> Questionnaire:
    """A published questionnaire with the demo campaign's questions."""
    from seeds.questionnaire import QUESTIONS

    questionnaire = QuestionnaireFactory(campaign=campaign or CampaignFactory())
    for index, spec in enumerate(QUESTIONS):
        Question.objects.create(questionnaire=questionnaire, position=index, **spec)
    return questionnaire


def valid_answers(**overrides) -> dict:
    answers = {
        "weekly_events": 3,
        "availability": [
            {"day": "tue", "start": "20:00", "end": "22:00"},
            {"day": "thu", "start": "20:00", "end": "22:00"},
        ],
        "commitment_weeks": 8,
        "product_categories": ["food", "fresh"],
        "main_goal": "sales",
        "needs_logistics": True,
        "sample_volume": "medium",
        "pickup_address": "No. 8 Tea Garden Road, Hangzhou",
    }
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def valid_applicant(**overrides) -> dict:
    applicant = {
        "full_name": "Chen Min",
        "job_title": "Founder and CEO",
        "email": "chen.min@example.com",
        "phone": "+8613900001111",
        "company_name": "Mountain Pantry Co.",
        "industry": "food",
        "company_website": "https://mountain-pantry.example.com",
        "years_in_business": 12,
        "brand_name": "Mountain Pantry",
        "products": "Smoked tea and dried mushrooms",
        "on_camera_in_person": True,
        "live_experience": "occasional",
        "live_experience_notes": "",
    }
    applicant.update(overrides)
    return applicant


def valid_submission(campaign: Campaign, **overrides) -> dict:
    body = {
        "campaign": campaign.slug,
        "channel": "weibo-official",
        "applicant": valid_applicant(),
        "social_accounts": [{"platform": "douyin", "handle": "mountainpantry", "followers": 52000}],
        "answers": valid_answers(),
        "consent": True,
    }
    body.update(overrides)
    return body


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application written straight to the table (no service, no e-mail)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    questionnaire = factory.LazyAttribute(
        lambda a: (
            a.campaign.questionnaires.filter(status="published").first()
            or QuestionnaireFactory(campaign=a.campaign)
        )
    )
    reference = factory.Sequence(lambda n: f"T-{n:06d}")
    status = Status.SUBMITTED
    language = "en"
    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"ceo{n}@example.com")
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    company_name = factory.Faker("company")
    industry = "food"
    brand_name = factory.Faker("word")
    products = "Tea"
    on_camera_in_person = True
    live_experience = "none"
    submitted_at = factory.LazyFunction(timezone.now)
    consent_given_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def accounts(application, create, extracted, **kwargs):
        if create:
            for number in range(extracted if extracted is not None else 2):
                SocialAccount.objects.create(
                    application=application,
                    platform="douyin" if number % 2 == 0 else "weibo",
                    handle=f"h{application.pk}-{number}",
                    followers=1000 * (number + 1),
                )


# Training. Models named by label: this block stays self-contained at the end of the file.


class TrainingModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingModule"

    campaign = factory.SubFactory(CampaignFactory)
    code = factory.Sequence(lambda n: f"module-{n}")
    title_en = factory.Sequence(lambda n: f"Module {n}")
    title_zh = factory.Sequence(lambda n: f"课程 {n}")
    required = True
    position = factory.Sequence(lambda n: n)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A session a week ahead, taught by a new trainer unless one is given."""

    class Meta:
        model = "training.TrainingSession"

    module = factory.SubFactory(TrainingModuleFactory)
    trainer = factory.SubFactory(UserFactory, role=Role.TRAINER, is_staff=True)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=2))
    location = "Hangzhou training centre, room 2"
    capacity = 10


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A seat held by an approved application of the session's campaign."""

    class Meta:
        model = "training.Enrolment"

    session = factory.SubFactory(TrainingSessionFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        campaign=factory.SelfAttribute("..session.module.campaign"),
        status=Status.APPROVED,
    )
    status = "enrolled"


# Studios. Models named by label: this block stays self-contained at the end of the file.


class StudioFactory(factory.django.DjangoModelFactory):
    """A studio open every day; pass hours=(opens, closes), or hours=False for none."""

    class Meta:
        model = "studios.Studio"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Studio {n}")
    city = "Hangzhou"
    address = factory.Sequence(lambda n: f"No. {n} Studio Road")
    timezone = "Asia/Shanghai"
    capacity = 6
    setup_minutes = 30
    teardown_minutes = 30

    @factory.post_generation
    def hours(studio, create, extracted, **kwargs):
        from datetime import time

        from onboarding.studios.models import OpeningHours

        if not create or extracted is False:
            return
        opens, closes = extracted or (time(0), time(23, 59))
        OpeningHours.objects.bulk_create(
            OpeningHours(studio=studio, weekday=day, opens=opens, closes=closes) for day in range(7)
        )


class CrewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "studios.Crew"

    name = factory.Sequence(lambda n: f"Crew member {n}")
    role = "camera_operator"


class EquipmentSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "studios.EquipmentSet"

    name = factory.Sequence(lambda n: f"Kit {n}")
    studio = None


class SchedulingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "studios.SchedulingSettings"

    campaign = factory.SubFactory(CampaignFactory)


class TrainedApplicationFactory(ApplicationFactory):
    """A trained CEO with an account: bookable."""

    status = Status.TRAINED
    user = factory.SubFactory(UserFactory, role=Role.CEO)


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking written straight to the table (no service): for hand-made histories."""

    class Meta:
        model = "studios.Booking"

    studio = factory.SubFactory(StudioFactory)
    application = factory.SubFactory(TrainedApplicationFactory)
    ceo = factory.LazyAttribute(lambda b: b.application.user)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + timedelta(hours=2))
    buffered_start = factory.LazyAttribute(
        lambda b: b.starts_at - timedelta(minutes=b.studio.setup_minutes)
    )
    buffered_end = factory.LazyAttribute(
        lambda b: b.ends_at + timedelta(minutes=b.studio.teardown_minutes)
    )
    kind = "show"
    status = "confirmed"
