"""The one FilterSet for the list of measures, shared by the HTML list and the API.

Every parameter is validated: an unknown value makes the FilterSet invalid, and the caller
answers with an error that names the parameter (a 400 in the API, a message on the page).
Multi-valued parameters accept both repetition (?status=a&status=b) and commas (?status=a,b).
"""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from measures.history import (
    AsOfError,
    many_to_many_as_of,
    measures_as_of,
    parse_as_of,
    responsibilities_as_of,
    with_search_document_as_of,
)
from measures.models import Measure, Ministry, Responsibility
from measures.search import search_words
from pillars.models import GovernanceLevel, Pillar, RouteStage

MAX_QUERY_LENGTH = 200
REDUCED_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2})?$")


class CommaSeparatedMultipleWidget(forms.SelectMultiple):
    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None:
            return []
        if isinstance(values, str):
            values = [values]
        return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


class CaseInsensitiveModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Accepts 'jenv' for 'JenV': abbreviations are typed by people."""

    def _check_values(self, value):
        key = self.to_field_name
        known = {str(getattr(obj, key)).lower(): obj for obj in self.queryset}
        unknown = [v for v in value if str(v).lower() not in known]
        if unknown:
            raise forms.ValidationError(
                _("Onbekende waarde: %(values)s. Kies uit: %(choices)s."),
                code="invalid_choice",
                params={
                    "values": ", ".join(unknown),
                    "choices": ", ".join(sorted(o for o in known)),
                },
            )
        return [known[str(v).lower()] for v in value]


class CaseInsensitiveModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CaseInsensitiveModelMultipleChoiceField


UNENCODED_PLUS_OFFSET = re.compile(
    r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$"
)


class DateOrDateTimeField(forms.CharField):
    """ISO 8601 date (2018-03-29) or date-time (2018-03-29T12:00:00+02:00)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        # An offset pasted unencoded into a URL (…T00:00:00+01:00) arrives with a space for
        # its "+": read it as the "+" the writer meant.
        value = UNENCODED_PLUS_OFFSET.sub(r"\1+\2", value)
        try:
            parsed = parse_datetime(value)
            if parsed is None:
                # ISO 8601's reduced precision too: "2018" and "2018-03" mean their first day.
                if REDUCED_DATE.match(value):
                    value = (value + "-01-01")[:10]
                day = parse_date(value)
                if day is None:
                    raise ValueError
                parsed = datetime.datetime.combine(day, datetime.time.min)
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Geen geldige datum: gebruik ISO 8601, zoals 2018-03-29 of 2018-03-29T12:00:00+02:00."
                ),
                code="invalid",
            ) from None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        # PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows: compare in UTC.
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:  # year 1 or 9999 shifted past the calendar's edge
            edge = datetime.datetime.max if parsed.year > 1 else datetime.datetime.min
            return edge.replace(tzinfo=datetime.UTC)


class SearchQueryField(forms.CharField):
    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if len(value) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("De zoekvraag is te lang: ten hoogste %(max)s tekens."),
                code="max_length",
                params={"max": MAX_QUERY_LENGTH},
            )
        if value and not search_words(value):
            raise forms.ValidationError(
                _("De zoekvraag bevat geen woorden: zoek met letters of cijfers."),
                code="no_words",
            )
        return value


# django-filter takes the form field from the class attribute `field_class`, not from a keyword.
class SearchQueryFilter(django_filters.Filter):
    field_class = SearchQueryField


class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


class AsOfField(forms.CharField):
    """A day up to today (YYYY-MM-DD): measures.history.parse_as_of."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_as_of(value)
        except AsOfError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class AsOfFilter(django_filters.Filter):
    field_class = AsOfField


# Sort keys of the day's state (measures.history.measures_as_of) under ?as_of=.
AS_OF_ORDERING = {"title": "as_of_title", "updated_at": "as_of_updated_at"}


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting with the primary key as the last key, so that pages never overlap."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if self.parent.as_of_day is None:
            return value
        descending = value.startswith("-")
        field = AS_OF_ORDERING.get(value.lstrip("-"), value.lstrip("-"))
        return f"-{field}" if descending else field

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


def _given(value) -> bool:
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value not in EMPTY_VALUES


class MeasureFilterSet(django_filters.FilterSet):
    """The filters of the list of measures, today's or (with `as_of`) a past day's.

    With `as_of`, the queryset becomes that day's agenda (measures.history.measures_as_of) and
    every other filter reads that day's state: its status, and the pillars, ministries, stages,
    levels and text of the version shown; the filter methods below pick the columns and
    relations through the `_as_of` helpers.
    """

    as_of = AsOfFilter(
        method="filter_as_of",
        label=_("Stand op"),
        help_text=_(
            "JJJJ-MM-DD: de agenda zoals die op die dag was: de maatregelen die toen waren "
            "aangekondigd, met hun status van die dag."
        ),
    )
    pillar = django_filters.ModelMultipleChoiceFilter(
        queryset=Pillar.objects.all(),
        to_field_name="number",
        widget=CommaSeparatedMultipleWidget,
        method="filter_pillar",
        label=_("Pijler"),
        help_text=_(
            "Pijlernummer (1–6) van de pijler waaronder de maatregel valt; meerdere toegestaan."
        ),
    )
    serves_pillar = django_filters.ModelMultipleChoiceFilter(
        queryset=Pillar.objects.all(),
        to_field_name="number",
        widget=CommaSeparatedMultipleWidget,
        method="filter_serves_pillar",
        label=_("Draagt bij aan pijler"),
        help_text=_(
            "Pijlernummer: maatregelen onder deze pijler én maatregelen die er ook aan bijdragen."
        ),
    )
    ministry = CaseInsensitiveModelMultipleChoiceFilter(
        queryset=Ministry.objects.all(),
        to_field_name="abbreviation",
        widget=CommaSeparatedMultipleWidget,
        method="filter_ministry",
        label=_("Ministerie"),
        help_text=_(
            "Afkorting van een ministerie in welke rol dan ook (JenV, BZ, BHOS, SZW, BZK)."
        ),
    )
    lead_ministry = CaseInsensitiveModelMultipleChoiceFilter(
        queryset=Ministry.objects.all(),
        to_field_name="abbreviation",
        widget=CommaSeparatedMultipleWidget,
        method="filter_lead_ministry",
        label=_("Eerstverantwoordelijk ministerie"),
        help_text=_("Afkorting van het eerstverantwoordelijke ministerie."),
    )
    # Additive (issue 7, the cross-link explorer): narrows `ministry` to a role, so a cell of
    # the pillar × ministry matrix can link to exactly its measures. Without `ministry` it
    # keeps measures on which some ministry has one of these roles.
    ministry_role = django_filters.MultipleChoiceFilter(
        choices=Responsibility.Role.choices,
        widget=CommaSeparatedMultipleWidget,
        method="filter_ministry_role",
        label=_("Rol van het ministerie"),
        help_text=_(
            "lead, co of consulted; samen met ministry: alleen maatregelen waarop dat "
            "ministerie deze rol heeft."
        ),
    )
    # Additive (issue 7): AND where serves_pillar ORs, so the pillar × pillar matrix can
    # link to the measures two pillars share.
    shared_pillars = django_filters.ModelMultipleChoiceFilter(
        queryset=Pillar.objects.all(),
        to_field_name="number",
        widget=CommaSeparatedMultipleWidget,
        method="filter_shared_pillars",
        label=_("Gedeeld door pijlers"),
        help_text=_(
            "Pijlernummers, zoals 1,4: maatregelen die aan al deze pijlers bijdragen "
            "(als hoofdpijler of als andere pijler)."
        ),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Measure.Status.choices,
        widget=CommaSeparatedMultipleWidget,
        method="filter_status",
        label=_("Status"),
        help_text=_("announced, in_preparation, in_progress, done of dropped."),
    )
    route_stage = django_filters.ModelMultipleChoiceFilter(
        field_name="route_stages",
        queryset=RouteStage.objects.all(),
        to_field_name="slug",
        widget=CommaSeparatedMultipleWidget,
        method="filter_route_stage",
        label=_("Fase van de migratieroute"),
        help_text=_("herkomst, transit, eu-buitengrens, nederland, terugkeer of integratie."),
    )
    level = django_filters.ModelMultipleChoiceFilter(
        field_name="levels",
        queryset=GovernanceLevel.objects.all(),
        to_field_name="slug",
        widget=CommaSeparatedMultipleWidget,
        method="filter_level",
        label=_("Bestuurslaag"),
        help_text=_("mondiaal, eu, bilateraal, nationaal of gemeentelijk."),
    )
    q = SearchQueryFilter(
        method="filter_q",
        label=_("Zoeken"),
        help_text=_("Zoekwoorden (ten hoogste 200 tekens)."),
    )
    updated_since = DateOrDateTimeFilter(
        method="filter_updated_since",
        label=_("Gewijzigd sinds"),
        help_text=_(
            "ISO 8601-datum of -tijdstip; alleen maatregelen die sindsdien zijn gewijzigd."
        ),
    )

    ordering = StableOrderingFilter(
        fields=(("code_order", "code"), ("title", "title"), ("updated_at", "updated_at")),
        label=_("Sorteren"),
        help_text=_("code, title of updated_at; met een - ervoor omgekeerd (-updated_at)."),
    )

    class Meta:
        model = Measure
        # as_of first: the filters are applied in this order, and the others read its day.
        fields = [
            "as_of",
            "pillar",
            "serves_pillar",
            "ministry",
            "ministry_role",
            "lead_ministry",
            "shared_pillars",
            "status",
            "route_stage",
            "level",
            "q",
        ]

    def filter_queryset(self, queryset):
        # The search ranks the first of the rows every other filter leaves
        # (MeasureQuerySet.search), so it comes after them; the ordering comes last.
        data = self.form.cleaned_data
        last = [name for name in ("q", "ordering") if name in data]
        for name in [*(name for name in data if name not in last), *last]:
            # A filter not given does nothing; skipped here, because testing an unused model
            # choice (an empty `.none()` queryset) for truth builds and compiles a query.
            if not _given(data[name]):
                continue
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    @property
    def filters_in_use(self) -> set[str]:
        """The names of the filters given a value (call on a valid FilterSet)."""
        return {name for name, value in self.form.cleaned_data.items() if _given(value)}

    # The day of `as_of`, once the form is valid; None for today's list.
    @property
    def as_of_day(self):
        if not self.is_bound or not self.is_valid():
            return None
        return self.form.cleaned_data.get("as_of")

    def _as_of(self, today: str, then: str) -> str:
        return then if self.as_of_day is not None else today

    def _through(self, name: str, **conditions):
        """A many-to-many field's rows of each measure (of the version shown, with as_of)."""
        if self.as_of_day is not None:
            return many_to_many_as_of(name).filter(
                history_id=OuterRef("as_of_history_id"), **conditions
            )
        return getattr(Measure, name).through.objects.filter(measure=OuterRef("pk"), **conditions)

    def _responsibilities(self, **conditions):
        """Each measure's ministries and roles (as they stood then, with as_of)."""
        rows = responsibilities_as_of() if self.as_of_day is not None else Responsibility.objects
        return rows.filter(measure_id=OuterRef("pk"), **conditions)

    def filter_as_of(self, queryset, name, value):
        if not value:
            return queryset
        return measures_as_of(queryset, value)

    def filter_pillar(self, queryset, name, value):
        if not value:
            return queryset
        if self.as_of_day is not None:
            return queryset.filter(as_of_pillar_id__in=[pillar.pk for pillar in value])
        return queryset.filter(pillar__in=value)

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{self._as_of("status__in", "as_of_status__in"): value})

    def _serves(self, queryset, pillars):
        supporting = self._through("other_pillars", pillar__in=pillars)
        if self.as_of_day is not None:
            primary = Q(as_of_pillar_id__in=[pillar.pk for pillar in pillars])
        else:
            primary = Q(pillar__in=pillars)
        return queryset.filter(primary | Exists(supporting))

    def filter_serves_pillar(self, queryset, name, value):
        if not value:
            return queryset
        return self._serves(queryset, value)

    def filter_ministry(self, queryset, name, value):
        if not value:
            return queryset
        responsibilities = self._responsibilities(ministry__in=value)
        # The role must hold for the same ministry, so it is applied here, in one subquery.
        roles = self.form.cleaned_data.get("ministry_role")
        if roles:
            responsibilities = responsibilities.filter(role__in=roles)
        return queryset.filter(Exists(responsibilities))

    def filter_ministry_role(self, queryset, name, value):
        if not value or self.form.cleaned_data.get("ministry"):
            return queryset  # with `ministry`, filter_ministry applies the role
        return queryset.filter(Exists(self._responsibilities(role__in=value)))

    def filter_shared_pillars(self, queryset, name, value):
        for pillar in value or []:
            queryset = self._serves(queryset, [pillar])
        return queryset

    def filter_lead_ministry(self, queryset, name, value):
        if not value:
            return queryset
        leads = self._responsibilities(ministry__in=value, role=Responsibility.Role.LEAD)
        return queryset.filter(Exists(leads))

    def filter_route_stage(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(self._through("route_stages", routestage__in=value)))

    def filter_level(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(self._through("levels", governancelevel__in=value)))

    def filter_q(self, queryset, name, value):
        # Dutch full-text search (measures/search.py). It orders by relevance (`rank`, then
        # code); `ordering` comes after `q` and leaves that order alone unless it is given.
        # A caller with its own default ordering must skip it when `search_text` is set.
        # With as_of it searches the text shown for that day, not today's.
        if not value:
            return queryset
        if self.as_of_day is not None:
            queryset = with_search_document_as_of(queryset)
            return queryset.search(value, vector="as_of_search_vector")
        return queryset.search(value)

    @property
    def search_text(self) -> str:
        """The validated search text when this list is searched, else ''.

        When it is set, `qs` is ordered best match first (annotation `rank`). A view or API that
        applies a default ordering should skip it when `search_text` is set and the request asks
        for no explicit ordering; and it can show snippets with
        `qs.with_snippet(filterset.search_text)`.
        """
        if not self.is_bound or not self.is_valid():
            return ""
        return self.form.cleaned_data.get("q") or ""

    def filter_updated_since(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{self._as_of("updated_at__gte", "as_of_updated_at__gte"): value})
