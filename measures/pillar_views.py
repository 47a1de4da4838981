from django.views.generic import DetailView, TemplateView

from measures.selectors import policy_timeline
from measures.selectors.pillars import (
    pillar_figures_per_version,
    pillar_first_measures,
    pillar_overview_per_version,
    pillar_timeline,
)
from pillars.models import Pillar

API_MEASURES_PATH = "/api/v1/measures/"
# The pillar page's timeline is a bounded block: the latest steps, and a link to all of them.
PILLAR_TIMELINE_LENGTH = 8
# Each list of measures on the pillar page shows its first ones and links to all of them in the
# measures list, so the page costs the same for a pillar of ten measures and one of thousands.
PILLAR_MEASURES_SHOWN = 10


class HomeView(TemplateView):
    template_name = "pillars/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overviews"] = pillar_overview_per_version()
        context["recent_developments"] = list(policy_timeline(limit=5))
        return context


class PillarDetailView(DetailView):
    model = Pillar
    template_name = "pillars/pillar_detail.html"
    context_object_name = "pillar"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pillar = self.object
        summary, ministries = pillar_figures_per_version(pillar)
        primary, supporting = pillar_first_measures(pillar, limit=PILLAR_MEASURES_SHOWN)
        context["summary"] = summary
        context["primary_measures"] = primary
        context["supporting_measures"] = supporting
        context["primary_count"] = summary.primary_count
        context["supporting_count"] = summary.supporting_count
        context["serving_count"] = summary.serving_count
        context["statuses"] = summary.statuses
        context["ministries"] = ministries
        context["shared_pillars"] = summary.shared_pillars
        context["api_measures_path"] = API_MEASURES_PATH
        context["timeline"] = list(pillar_timeline(pillar, limit=PILLAR_TIMELINE_LENGTH))
        return context
