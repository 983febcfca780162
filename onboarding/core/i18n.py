from django.utils import translation


def is_chinese(language: str | None = None) -> bool:
    return (language or translation.get_language() or "en").lower().startswith("zh")


def language_code(language: str | None = None) -> str:
    """The project's code for a language (this one, or the active one): "zh-hans" or "en"."""
    return "zh-hans" if is_chinese(language) else "en"


def localized(obj: object, field: str, language: str | None = None) -> str:
    """Pick `<field>_zh` or `<field>_en` of a row for the active language, English as fallback."""
    english = getattr(obj, f"{field}_en", "") or ""
    if is_chinese(language):
        return getattr(obj, f"{field}_zh", "") or english
    return english
