"""What each role may do in the staff admin, given by role rather than per-user grants.

Permissions are named by app label, so core imports no domain app.
"""

from django.contrib.auth.backends import ModelBackend

from onboarding.core.models import Role

_REVIEW_READ = {
    "applicants.view_campaign",
    "applicants.view_channel",
    "applicants.view_application",
    "applicants.view_socialaccount",
    "questionnaires.view_questionnaire",
    "questionnaires.view_question",
    "questionnaires.view_answer",
    "reviews.view_reviewcase",
    "reviews.view_reviewerscore",
    "reviews.view_reviewnote",
    "reviews.view_criterion",
    "reviews.view_reviewsettings",
}
_LEAD = _REVIEW_READ | {
    "applicants.change_application",
    "applicants.add_channel",
    "applicants.change_channel",
    "applicants.change_campaign",
    "questionnaires.add_questionnaire",
    "questionnaires.change_questionnaire",
    "questionnaires.add_question",
    "questionnaires.change_question",
    "questionnaires.delete_question",
    "reviews.add_criterion",
    "reviews.change_criterion",
    "reviews.delete_criterion",
    "reviews.add_reviewsettings",
    "reviews.change_reviewsettings",
    "reviews.view_recomputejob",
    # Sign-in lockouts (django-axes): see them, and lift one by deleting the attempt.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
}
_TRAINING = {
    "training.view_trainingmodule",
    "training.add_trainingmodule",
    "training.change_trainingmodule",
    "training.view_trainingsession",
    "training.add_trainingsession",
    "training.change_trainingsession",
    "training.view_enrolment",
    "training.add_enrolment",
    "training.change_enrolment",
    "training.view_attendance",
    "training.add_attendance",
    "training.change_attendance",
}
# Whoever runs a campaign sets when reminders go and what they say, and sends failed messages
# again. Rules are switched off (is_active), never deleted; templates of one campaign may be
# deleted, the defaults not (the notifications admin refuses it for anyone but superusers).
_CAMPAIGN_MESSAGES = {
    "notifications.view_reminderrule",
    "notifications.add_reminderrule",
    "notifications.change_reminderrule",
    "notifications.view_messagetemplate",
    "notifications.add_messagetemplate",
    "notifications.change_messagetemplate",
    "notifications.delete_messagetemplate",
    "notifications.view_message",
    # The admin's "send again" action is the only change: a message's fields are read-only.
    "notifications.change_message",
}
# Endpoints hold signing secrets and send our data to other systems: administrators only.
_WEBHOOKS = {
    "notifications.view_webhookendpoint",
    "notifications.add_webhookendpoint",
    "notifications.change_webhookendpoint",
    "notifications.delete_webhookendpoint",
}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.REVIEWER: frozenset(_REVIEW_READ),
    Role.LEAD_REVIEWER: frozenset(_LEAD | _CAMPAIGN_MESSAGES),
    Role.TRAINER: frozenset({"applicants.view_campaign"} | _TRAINING),
    Role.SCHEDULER: frozenset(
        {
            "applicants.view_campaign",
            # Studios: master data is kept in the admin; bookings and what hangs on them are
            # read there and written through the API's services, which audit every change.
            "studios.view_studio",
            "studios.add_studio",
            "studios.change_studio",
            "studios.view_openinghours",
            "studios.add_openinghours",
            "studios.change_openinghours",
            "studios.delete_openinghours",
            "studios.view_blackout",
            "studios.add_blackout",
            "studios.change_blackout",
            "studios.delete_blackout",
            "studios.view_crew",
            "studios.add_crew",
            "studios.change_crew",
            "studios.view_equipmentset",
            "studios.add_equipmentset",
            "studios.change_equipmentset",
            "studios.view_schedulingsettings",
            "studios.add_schedulingsettings",
            "studios.change_schedulingsettings",
            "studios.view_booking",
            "studios.view_bookingseries",
            "studios.view_sampleshipment",
            "studios.view_showoutcome",
            "studios.view_calendarfeed",
        }
        | _CAMPAIGN_MESSAGES
    ),
    Role.CEO: frozenset(),
}
# Administrators are usually superusers (seeds/demo.py); one who is not may do what every other
# role may, and look after the webhooks.
ROLE_PERMISSIONS[Role.ADMIN] = frozenset().union(*ROLE_PERMISSIONS.values(), _WEBHOOKS)


class RoleBackend(ModelBackend):
    """Django's backend, plus the permissions that come with the user's role."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return super().get_all_permissions(user_obj) | ROLE_PERMISSIONS.get(user_obj.role, set())
