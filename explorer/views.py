from django.views.generic import TemplateView

from explorer.layout import circle_drawing
from explorer.selectors import GROUPINGS, explorer_page
from explorer.sentences import summary_sentences


class ExplorerView(TemplateView):
    """/verbanden/: matrices, the route view and the measure graph over one filter."""

    template_name = "explorer/explorer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grouping = self.request.GET.get("group", "stages")
        page = explorer_page(self.request.GET, grouping)
        context["page"] = page
        context["groupings"] = list(GROUPINGS)
        if page.graph is not None:
            context["drawing"] = circle_drawing(page.graph, page.all_pillars, "agenda-graph")
            context["summary_sentences"] = summary_sentences(page.summary)
        return context

    def render_to_response(self, context, **response_kwargs):
        if not context["page"].selection.is_valid:
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)
