"""The pages a Dutch government site must have: accessibility statement, privacy, contact and
about. Static text in templates (both languages through the catalogue)."""

import datetime

from django.conf import settings
from django.utils import translation
from django.views.generic import TemplateView

# When the text of these pages was last revised; the sitemap and the pages themselves say so.
PAGES_REVISED = datetime.date(2026, 12, 1)


class InformationPageView(TemplateView):
    """Long prose is easier to keep true as one template per language than as catalogue
    entries: pages/<language>/<page>.html, Dutch when a language has no text of its own."""

    page = ""

    def get_template_names(self):
        language = translation.get_language() or settings.LANGUAGE_CODE
        return [
            f"pages/{language}/{self.page}.html",
            f"pages/{settings.LANGUAGE_CODE}/{self.page}.html",
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            revised=PAGES_REVISED, contact_email=settings.SITE_CONTACT_EMAIL, **kwargs
        )


PAGES = {
    "about": "over/",
    "accessibility": "toegankelijkheid/",
    "privacy": "privacy/",
    "contact": "contact/",
}


def pages_revised():
    return PAGES_REVISED
