from rest_framework.negotiation import DefaultContentNegotiation

from api.errors import invalid_parameter


class StrictContentNegotiation(DefaultContentNegotiation):
    """``?format=`` with an unknown value is a 400 naming ``format`` (DRF answers 404)."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            allowed = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise invalid_parameter("format", f"Unknown format '{format}'. Allowed: {allowed}.")
        return matching
