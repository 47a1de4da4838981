"""Bulk import and export: all-or-nothing, every bad row listed, a round trip changes nothing."""

import io

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse

from changelog.models import ChangeEvent
from measures.models import Measure, Responsibility
from measures.resources import MeasureResource, import_problems
from tests.clients import body
from tests.factories import (
    MeasureFactory,
    MinistryFactory,
    OrganisationFactory,
    ResponsibilityFactory,
)
from tests.measures.import_files import HEADERS, dataset, good_rows

pytestmark = pytest.mark.django_db


def test_a_good_file_imports_measures_with_their_links(reference_data):
    result = MeasureResource().import_data(dataset(good_rows()), dry_run=False)
    assert not import_problems(result)
    measure = Measure.objects.get(code="4.20")
    assert measure.pillar.number == 4 and measure.is_published
    assert sorted(p.number for p in measure.other_pillars.all()) == [1, 2]
    assert sorted(s.slug for s in measure.route_stages.all()) == ["herkomst", "terugkeer"]
    roles = {r.ministry.abbreviation: r.role for r in measure.responsibilities.all()}
    assert roles == {"JenV": "lead", "BZ": "co"}
    assert Measure.objects.get(code="4.21").lead_ministry.abbreviation == "JenV"
    assert ChangeEvent.objects.filter(code="4.20", kind="created").exists()


def test_one_bad_row_saves_nothing_and_every_bad_row_is_listed(reference_data):
    rows = [
        *good_rows(),
        [
            "4.22",
            "onbekende-pijler",
            "Onbekende pijler",
            "x",
            9,
            "",
            "",
            "JenV",
            "",
            "announced",
            0,
        ],
        [
            "4.23",
            "onbekend-ministerie",
            "Onbekend ministerie",
            "x",
            4,
            "",
            "",
            "XYZ",
            "",
            "announced",
            0,
        ],
        ["4.20", "dubbele-code", "Dubbele code", "x", 4, "", "", "BZ", "", "announced", 0],
        ["4.24", "zonder-titel", "", "x", 4, "", "", "BZ", "", "announced", 0],
        ["4.25", "onbekende-fase", "Fase", "x", 4, "", "maan", "BZ", "", "announced", 0],
    ]
    result = MeasureResource().import_data(dataset(rows), dry_run=False, use_transactions=True)
    problems = "\n".join(import_problems(result))
    assert not Measure.objects.exists()
    assert not Responsibility.objects.exists()
    assert not ChangeEvent.objects.exists()
    assert "regel 3: pillar: onbekende pijler: 9" in problems
    assert "regel 4: lead_ministry: onbekend ministerie: XYZ" in problems
    assert "regel 5: code: code 4.20 staat al in regel 1" in problems
    assert "regel 6: title:" in problems
    assert "regel 7: route_stages: onbekende fase van de migratieroute: maan" in problems
    assert not any(line.startswith(("regel 1:", "regel 2:")) for line in problems.splitlines())


def test_export_then_import_changes_nothing(reference_data):
    MeasureResource().import_data(dataset(good_rows()), dry_run=False)
    measure = Measure.objects.get(code="4.20")
    measure.organisations.add(OrganisationFactory(slug="iom"))
    ResponsibilityFactory(
        measure=measure, ministry=MinistryFactory(abbreviation="BZK"), role="consulted"
    )
    counts = (Measure.history.count(), Responsibility.history.count(), ChangeEvent.objects.count())
    exported = MeasureResource().export()
    for file_format in ("csv", "xlsx"):
        data = tablib.Dataset().load(exported.export(file_format), format=file_format)
        result = MeasureResource().import_data(data, dry_run=False)
        assert not import_problems(result)
        assert result.totals["skip"] == 2 and result.totals["update"] == 0
    assert (
        Measure.history.count(),
        Responsibility.history.count(),
        ChangeEvent.objects.count(),
    ) == counts


def test_an_import_changes_what_differs(reference_data):
    MeasureResource().import_data(dataset(good_rows()), dry_run=False)
    rows = good_rows()
    rows[0][2], rows[0][7], rows[0][8] = "Nieuwe titel", "BZ", "JenV"
    result = MeasureResource().import_data(dataset(rows), dry_run=False)
    assert result.totals["update"] == 1 and result.totals["skip"] == 1
    measure = Measure.objects.get(code="4.20")
    assert measure.title == "Nieuwe titel" and measure.lead_ministry.abbreviation == "BZ"


def test_the_english_texts_travel_out_and_back_in(reference_data):
    MeasureResource().import_data(dataset(good_rows()), dry_run=False)
    english = {
        "title_en": "Return agreements",
        "summary_en": "Agreements with countries.",
        "description_en": "Agreements with countries of origin on taking back their nationals.",
    }
    Measure.objects.filter(code="4.20").update(**english)
    exported = MeasureResource().export()
    assert {column: exported.dict[0][column] for column in english} == english
    Measure.objects.filter(code="4.20").update(title_en="", summary_en="", description_en="")
    result = MeasureResource().import_data(
        tablib.Dataset().load(exported.export("csv"), format="csv"), dry_run=False
    )
    assert not import_problems(result)
    measure = Measure.objects.get(code="4.20")
    assert {column: getattr(measure, column) for column in english} == english


def test_without_the_publish_permission_an_import_does_not_publish(reference_data, editor):
    MeasureResource(by=editor).import_data(dataset(good_rows()), dry_run=False)
    assert not Measure.objects.published().exists()


def test_the_command_imports_a_good_file_and_refuses_a_bad_one(reference_data, tmp_path):
    good = tmp_path / "goed.csv"
    good.write_text(dataset(good_rows()).export("csv"), encoding="utf-8")
    call_command("import_measures", str(good), stdout=io.StringIO())
    assert Measure.objects.count() == 2

    bad_rows = [r[:] for r in good_rows()]
    bad_rows[0][2] = "Gewijzigd"
    bad_rows[1][4] = 9
    bad = tmp_path / "fout.xlsx"
    bad.write_bytes(dataset(bad_rows).export("xlsx"))
    with pytest.raises(CommandError, match="regel 2: pillar: onbekende pijler: 9"):
        call_command("import_measures", str(bad), stdout=io.StringIO())
    assert not Measure.objects.filter(title="Gewijzigd").exists()


def test_the_admin_previews_and_then_imports(chief_client, reference_data):
    upload = io.BytesIO(dataset(good_rows()).export("csv").encode())
    upload.name = "maatregelen.csv"
    url = reverse("admin:measures_measure_import")
    preview = chief_client.post(url, {"format": "0", "import_file": upload, "resource": "0"})
    assert preview.status_code == 200
    assert "Terugkeerafspraken" in preview.content.decode()
    assert not Measure.objects.exists()  # a preview saves nothing
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    done = chief_client.post(reverse("admin:measures_measure_process_import"), data)
    assert done.status_code == 302
    assert Measure.objects.count() == 2


def test_the_admin_preview_lists_every_bad_row(chief_client, reference_data):
    rows = [*good_rows(), ["4.22", "x-y", "X", "x", 9, "", "", "XYZ", "", "announced", 0]]
    upload = io.BytesIO(dataset(rows).export("csv").encode())
    upload.name = "maatregelen.csv"
    response = chief_client.post(
        reverse("admin:measures_measure_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
    )
    body = response.content.decode()
    assert "onbekende pijler: 9" in body and "onbekend ministerie: XYZ" in body
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Measure.objects.exists()


def test_the_admin_exports_the_selected_measures(chief_client):
    chosen, other = MeasureFactory(title="Gekozen"), MeasureFactory(title="Niet gekozen")
    response = chief_client.post(
        reverse("admin:measures_measure_export"),
        {
            "format": "0",
            "export_items": [chosen.pk],
            "resource": "0",
            **{f"measureresource_{f}": "on" for f in HEADERS},
        },
    )
    exported = body(response).decode()
    assert "Gekozen" in exported and "Niet gekozen" not in exported
    assert other.pk
