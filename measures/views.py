from django.views.generic import DetailView, ListView

from measures.selectors import (
    change_events_recent,
    measure_detail_public,
    measure_list_public,
    ministry_list_with_counts,
)


class MeasureListView(ListView):
    template_name = "measures/measure_list.html"
    context_object_name = "measures"
    paginate_by = 25

    def get_queryset(self):
        return measure_list_public()


class MeasureDetailView(DetailView):
    template_name = "measures/measure_detail.html"
    context_object_name = "measure"

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
