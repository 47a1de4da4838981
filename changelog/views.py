from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from changelog.selectors import change_log, change_log_entries
from pillars.models import Pillar


class ChangeLogFilterForm(forms.Form):
    pillar = forms.ModelChoiceField(
        queryset=Pillar.objects.all(),
        to_field_name="number",
        required=False,
        label=_("Pijler"),
        error_messages={"invalid_choice": _("Onbekende pijler: kies een nummer van 1 tot 6.")},
    )


class ChangeListView(ListView):
    """The public change log: the agenda's dated policy events and, marked apart, the changes
    recorded in this knowledge base (corrections, edits, removals). What and why; never who.
    `?pillar=N` narrows it to the measures under a pillar."""

    template_name = "measures/changeevent_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.filters = ChangeLogFilterForm(request.GET)
        self.filters_valid = self.filters.is_valid()
        response = super().get(request, *args, **kwargs)
        if not self.filters_valid:
            response.status_code = 400
        return response

    def get_queryset(self):
        pillar = self.filters.cleaned_data.get("pillar") if self.filters_valid else None
        return change_log(pillar=pillar, for_readers=True)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = object_list = change_log_entries(page.object_list)
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_errors"] = [
            message for messages in self.filters.errors.values() for message in messages
        ]
        context["pillar"] = self.filters.cleaned_data.get("pillar") if self.filters_valid else None
        return context
