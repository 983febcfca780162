from celery import shared_task

from onboarding.applicants import reminders


# A campaign may hold thousands of drafts; each is rewritten in its own short transaction.
@shared_task(acks_late=True, soft_time_limit=1500, time_limit=1600)
def campaign_drafts_reschedule_task(campaign_id: int) -> None:
    reminders.campaign_drafts_reschedule(campaign_id=campaign_id)
