from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from measures.citation import as_text as citation_as_text
from measures.citation import measure_citation
from measures.filters import MeasureFilterSet
from measures.history import (
    AsOfError,
    agenda_first_day,
    measure_detail_as_of,
    measure_facets_as_of,
    measures_then,
    parse_as_of,
)
from measures.models import Measure
from measures.selectors import (
    TOTAL,
    measure_detail_public,
    measure_facet_counts_per_version,
    measure_facets,
    measure_link_groups,
    measure_list_filtered,
    measure_list_public,
    measure_responsibilities_by_role,
    ministry_detail_public,
    ministry_list_with_counts,
    ministry_measures_by_role,
    ministry_status_breakdowns,
    status_breakdown,
)

# The API's path, written out: the API lives in another part of the project and may change
# its routing without this page having to import it.
API_MEASURES_PATH = "/api/v1/measures/"


class AsOfMixin:
    """`?as_of=YYYY-MM-DD` shows the past published state; a date it cannot answer is a 400."""

    as_of = None

    def get(self, request, *args, **kwargs):
        if value := request.GET.get("as_of"):
            try:
                self.as_of = parse_as_of(value)
            except AsOfError as exc:
                context = {"message": str(exc), "value": value}
                return render(request, "measures/as_of_error.html", context, status=400)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(as_of=self.as_of, **kwargs)


class MeasureListView(ListView):
    """The filterable list. Filters come from the shared MeasureFilterSet, as in the API.

    With `?as_of=` (one of the FilterSet's filters) it lists the agenda of that day
    (measures.history): the rows of the page are then built from the history.
    """

    template_name = "measures/measure_list.html"
    context_object_name = "measures"
    paginate_by = 25
    # The pager shows the first and last page and two on each side of the current one.
    pages_on_each_side = 2
    pages_on_ends = 1

    def get(self, request, *args, **kwargs):
        self.filterset = MeasureFilterSet(request.GET, queryset=measure_list_public())
        self.filters_valid = self.filterset.is_valid()
        self.as_of = self.filterset.as_of_day
        # Today's facets and the number of rows come from one statement, before the page.
        self.facet_counts = None
        if self.filters_valid and self.as_of is None:
            self.facet_counts = measure_facet_counts_per_version(self.filterset)
        response = super().get(request, *args, **kwargs)
        if not self.filters_valid:
            # The page still renders, with the message, so the person can correct the filter.
            response.status_code = 400
        return response

    def get_queryset(self):
        if not self.filters_valid:
            return self.filterset.queryset.none()
        if self.as_of is not None:
            return self.filterset.qs
        # Best match first when searching, with a highlighted snippet per row.
        return measure_list_filtered(self.filterset)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if self.facet_counts is not None:
            paginator.count = self.facet_counts[TOTAL][""]  # instead of a COUNT of its own
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.as_of is not None:
            page.object_list = object_list = measures_then(page.object_list)
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context["filterset"] = self.filterset
        context["filter_errors"] = [
            (form.fields[name].label if name in form.fields else name, messages)
            for name, messages in form.errors.items()
        ]
        if not self.filters_valid:
            context["facets"] = []
        elif self.as_of is not None:
            context["facets"] = measure_facets_as_of(self.filterset)
        else:
            context["facets"] = measure_facets(self.filterset, self.facet_counts)
        if context["is_paginated"]:
            context["page_range"] = context["paginator"].get_elided_page_range(
                context["page_obj"].number,
                on_each_side=self.pages_on_each_side,
                on_ends=self.pages_on_ends,
            )
        # Filters the form has no control for (updated_since, or ones other pages link with)
        # ride along as hidden fields, so that submitting the form keeps them.
        shown = {facet.name for facet in context["facets"]} | {"q"}
        context["hidden_filters"] = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name in self.filterset.filters and name not in shown
            for value in values
        ]
        context["query"] = form.cleaned_data.get("q", "") if self.filters_valid else ""
        context["has_filters"] = any(
            key not in {"page"} and values for key, values in self.request.GET.lists()
        )
        context["api_measures_path"] = API_MEASURES_PATH
        if self.as_of is not None:
            context["as_of"] = self.as_of
            context["earliest_texts"] = sum(
                1 for measure in context["measures"] if measure.as_of_earliest_text
            )
            if not context["paginator"].count:
                context["agenda_first_day"] = agenda_first_day()
        return context


class MeasureDetailView(AsOfMixin, DetailView):
    template_name = "measures/measure_detail.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        if not self.as_of:
            return super().get_object(queryset)
        try:
            return measure_detail_as_of(self.as_of, self.kwargs["slug"])
        except Measure.DoesNotExist as exc:
            raise Http404(str(exc)) from exc

    def get_queryset(self):
        return measure_detail_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.object
        context["link_groups"] = measure_link_groups(measure)
        context["responsibilities_by_role"] = measure_responsibilities_by_role(measure)
        context["citation"] = citation = measure_citation(measure, self.request)
        context["citation_text"] = citation_as_text(citation)
        context["permalink"] = citation.url
        context["api_measures_path"] = API_MEASURES_PATH
        return context


class MinistryListView(ListView):
    template_name = "measures/ministry_list.html"
    context_object_name = "ministries"

    def get_queryset(self):
        return ministry_list_with_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breakdowns = ministry_status_breakdowns()
        for ministry in context["ministries"]:
            ministry.statuses = breakdowns.get(ministry.pk) or status_breakdown({})
        return context


class MinistryDetailView(DetailView):
    template_name = "measures/ministry_detail.html"
    context_object_name = "ministry"

    def get_queryset(self):
        return ministry_detail_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_groups"], context["statuses"] = ministry_measures_by_role(self.object)
        context["measure_count"] = sum(row.count for row in context["statuses"])
        return context
