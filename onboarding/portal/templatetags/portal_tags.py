from django import template
from django.utils import translation

from onboarding.applicants.models import Campaign
from onboarding.core.i18n import is_chinese

register = template.Library()


@register.simple_tag
def html_lang() -> str:
    """The active language as HTML's lang attribute spells it (zh-Hans, not zh-hans)."""
    return "zh-Hans" if is_chinese() else (translation.get_language() or "en")


@register.filter
def campaign_name(campaign: Campaign) -> str:
    return (is_chinese() and campaign.name_zh) or campaign.name
