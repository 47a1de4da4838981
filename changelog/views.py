from django.views.generic import ListView

from changelog.selectors import change_events_recent


class ChangeListView(ListView):
    """The public change log: what changed, and why; never who."""

    template_name = "measures/changeevent_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return change_events_recent()
