from django.views.generic import DetailView, ListView

from pillars.models import Pillar
from pillars.selectors import pillar_list_with_counts


class HomeView(ListView):
    template_name = "pillars/home.html"
    context_object_name = "pillars"

    def get_queryset(self):
        return pillar_list_with_counts()


class PillarDetailView(DetailView):
    model = Pillar
    template_name = "pillars/pillar_detail.html"
    context_object_name = "pillar"
