from collections import Counter

from django.views.generic import DetailView, TemplateView

from measures.selectors import policy_timeline, status_breakdown
from measures.selectors.pillars import (
    pillar_measures_public,
    pillar_ministries_involved,
    pillar_overview,
    pillar_timeline,
    pillars_sharing_measures,
)
from pillars.models import Pillar

API_MEASURES_PATH = "/api/v1/measures/"
# The pillar page's timeline is a bounded block: the latest steps, and a link to all of them.
PILLAR_TIMELINE_LENGTH = 8


class HomeView(TemplateView):
    template_name = "pillars/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overviews"] = pillar_overview()
        context["recent_developments"] = list(policy_timeline(limit=5))
        return context


class PillarDetailView(DetailView):
    model = Pillar
    template_name = "pillars/pillar_detail.html"
    context_object_name = "pillar"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pillar = self.object
        measures = list(pillar_measures_public(pillar))
        primary = [m for m in measures if m.pillar_id == pillar.pk]
        context["primary_measures"] = primary
        context["supporting_measures"] = [m for m in measures if m.pillar_id != pillar.pk]
        context["serving_count"] = len(measures)
        context["statuses"] = status_breakdown(Counter(m.status for m in primary))
        context["ministries"] = list(pillar_ministries_involved(pillar))
        context["shared_pillars"] = pillars_sharing_measures(pillar, measures)
        context["api_measures_path"] = API_MEASURES_PATH
        context["timeline"] = list(pillar_timeline(pillar, limit=PILLAR_TIMELINE_LENGTH))
        return context
