from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from measures.as_of import AsOfError, measure_detail_as_of, measure_list_as_of, parse_as_of
from measures.models import Measure
from measures.selectors import (
    change_events_recent,
    measure_detail_public,
    measure_list_public,
    ministry_list_with_counts,
)


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


class MeasureListView(AsOfMixin, ListView):
    template_name = "measures/measure_list.html"
    context_object_name = "measures"
    paginate_by = 25

    def get_queryset(self):
        if self.as_of:
            return measure_list_as_of(self.as_of)
        return measure_list_public()


class MeasureDetailView(AsOfMixin, DetailView):
    template_name = "measures/measure_detail.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        if not self.as_of:
            return super().get_object(queryset)
        try:
            return measure_detail_as_of(self.as_of, slug=self.kwargs["slug"])
        except Measure.DoesNotExist as exc:
            raise Http404(str(exc)) from exc

    def get_queryset(self):
        return measure_detail_public()


class MinistryListView(ListView):
    template_name = "measures/ministry_list.html"
    context_object_name = "ministries"

    def get_queryset(self):
        return ministry_list_with_counts()


class MinistryDetailView(DetailView):
    template_name = "measures/ministry_detail.html"
    context_object_name = "ministry"

    def get_queryset(self):
        return ministry_list_with_counts()


class ChangeListView(ListView):
    """The public change log: what changed, and why; never who."""

    template_name = "measures/changeevent_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return change_events_recent()
