"""Model mixins shared by the content apps (no models of their own)."""

from django.utils.translation import get_language


class BilingualNameMixin:
    """Show the English name on English pages, falling back to the Dutch one."""

    def localized(self, field: str) -> str:
        if (get_language() or "nl").startswith("en"):
            return getattr(self, f"{field}_en", "") or getattr(self, field)
        return getattr(self, field)

    def shows_dutch(self, field: str) -> bool:
        """On an English page, `localized(field)` falls back to Dutch text (mark it lang="nl")."""
        return (
            (get_language() or "nl").startswith("en")
            and not getattr(self, f"{field}_en", "")
            and bool(getattr(self, field))
        )

    @property
    def display_name(self) -> str:
        return self.localized("name")
