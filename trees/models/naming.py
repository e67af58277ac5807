"""Names kept in three languages (`name_ru`, `name_ky`, `name_en`)."""
from django.utils.translation import get_language


def active_language(language: str | None = None) -> str:
    """The two-letter code of `language`, or of the request's language."""
    return (language or get_language() or "ru")[:2]


def name_in(obj, language: str | None = None, *, fallback: str = "name_ru") -> str:
    """`obj`'s name in `language` (default: the active one); the `fallback`
    field when that name is blank, as Kyrgyz or English names may be."""
    return getattr(obj, f"name_{active_language(language)}", None) or getattr(obj, fallback)
