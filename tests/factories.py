"""factory_boy factories for the domain model. A MeasureFactory measure has a lead ministry."""

import factory

from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Ministry,
    Official,
    Organisation,
    Responsibility,
    Source,
    StatusChange,
)
from pillars.models import GovernanceLevel, Pillar, RouteStage


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n % 6 + 1)
    slug = factory.LazyAttribute(lambda o: f"pijler-{o.number}")
    title = factory.LazyAttribute(lambda o: f"Pijler {o.number}")
    title_en = factory.LazyAttribute(lambda o: f"Pillar {o.number}")
    summary = "Samenvatting van de pijler."


class RouteStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStage
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"fase-{n}")
    name = factory.Sequence(lambda n: f"Fase {n}")
    position = factory.Sequence(lambda n: n + 100)


class GovernanceLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceLevel
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"laag-{n}")
    name = factory.Sequence(lambda n: f"Laag {n}")
    position = factory.Sequence(lambda n: n + 100)


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry

    abbreviation = factory.Sequence(lambda n: f"M{n}")
    slug = factory.Sequence(lambda n: f"ministerie-{n}")
    name = factory.Sequence(lambda n: f"Ministerie {n}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Sequence(lambda n: f"Bewindspersoon {n}")
    role = Official.Role.MINISTER
    ministry = factory.SubFactory(MinistryFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.AGENCY


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"bron-{n}")
    title = factory.Sequence(lambda n: f"Bron {n}")
    kind = Source.Kind.KAMERBRIEF


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    pillar = factory.SubFactory(PillarFactory)
    # Codes allow three digits after the dot; the sequence counts every measure of the session
    # (explicit codes too), so it wraps rather than running past x.999.
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.pillar.number}.{n % 999 + 1}")
    slug = factory.Sequence(lambda n: f"maatregel-{n}")
    title = factory.Sequence(lambda n: f"Maatregel {n}")
    summary = "Samenvatting van de maatregel."
    is_published = True

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        """lead=<Ministry> picks the lead ministry; lead=False leaves the measure without one."""
        if not create or extracted is False:
            return
        ministry = extracted or MinistryFactory()
        Responsibility.objects.create(
            measure=self, ministry=ministry, role=Responsibility.Role.LEAD
        )


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    measure = factory.SubFactory(MeasureFactory)
    ministry = factory.SubFactory(MinistryFactory)
    role = Responsibility.Role.CO_RESPONSIBLE


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    measure = factory.SubFactory(MeasureFactory)
    source = factory.SubFactory(SourceFactory)
    locator = "p. 1"


class MeasureLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureLink

    from_measure = factory.SubFactory(MeasureFactory)
    to_measure = factory.SubFactory(MeasureFactory)
    kind = MeasureLink.Kind.SUPPORTS


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    measure = factory.SubFactory(MeasureFactory)
    status = Measure.Status.IN_PROGRESS
    date = factory.Faker("date_object")
    reason = "Het kabinet is met de uitvoering begonnen."
