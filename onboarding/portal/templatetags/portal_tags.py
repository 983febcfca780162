from django import template
from django.utils import translation

from onboarding.applicants.models import Campaign
from onboarding.core.i18n import is_chinese
from onboarding.notifications.timefmt import local_time

register = template.Library()


@register.simple_tag
def html_lang() -> str:
    """The active language as HTML's lang attribute spells it (zh-Hans, not zh-hans)."""
    return "zh-Hans" if is_chinese() else (translation.get_language() or "en")


@register.filter
def campaign_name(campaign: Campaign) -> str:
    return (is_chinese() and campaign.name_zh) or campaign.name


@register.filter
def zoned(value, zone) -> str:
    """A time as our messages write it, one format per language, zone named:
    "Thu 20 May 2027, 19:00 (Shanghai time)" or "2027年5月20日（周四）19:00（Shanghai 时间）"."""
    if not value:
        return ""
    return local_time(value, zone=str(zone))
