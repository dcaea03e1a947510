from collections import namedtuple
from decimal import Decimal

from django.db import models
from django.db.models import Count, Max, Min, Q


class Municipality(models.Model):
    """A Dutch municipality as CBS lists it (Bron: CBS)."""

    code = models.CharField("CBS-code", max_length=6, unique=True, help_text="GM gevolgd door vier cijfers, bv. GM0363")
    name = models.CharField("naam", max_length=100)
    province = models.CharField("provincie", max_length=50)

    class Meta:
        ordering = ["name"]
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^GM[0-9]{4}$"), name="municipality_code_gm")]

    def __str__(self):
        return self.name


NATIONAL_LABEL = "Nederland (landelijk)"

# One indicator as a table: `rows` are TableRow(label, municipality, national, cells), cells one
# observation or None per year; each observation with a note gets `note_number` into `notes`.
IndicatorTable = namedtuple("IndicatorTable", "years rows notes has_synthetic")
TableRow = namedtuple("TableRow", "label municipality national cells")


class IndicatorQuerySet(models.QuerySet):
    def with_coverage(self):
        """Each indicator with how many observations, municipalities and years it has, and its first and last year."""
        return self.annotate(
            observation_count=Count("observations"),
            synthetic_count=Count("observations", filter=Q(observations__synthetic=True)),
            municipality_count=Count("observations__municipality", distinct=True),
            year_count=Count("observations__year", distinct=True),
            first_year=Min("observations__year"),
            last_year=Max("observations__year"),
        )


class Indicator(models.Model):
    class ValueType(models.TextChoices):
        YES_NO = "yes_no", "ja/nee"
        PERCENTAGE = "percentage", "percentage"
        COUNT = "count", "aantal"
        AMOUNT = "amount", "bedrag"
        NUMBER = "number", "getal"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("naam", max_length=200)
    unit = models.CharField("eenheid", max_length=40, blank=True)
    value_type = models.CharField("soort waarde", max_length=12, choices=ValueType.choices)
    definition = models.TextField("definitie", blank=True)
    source = models.CharField("bron", max_length=300, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"

    def __str__(self):
        return self.name

    def provinces(self):
        """The provinces of the municipalities with observations of this indicator."""
        return list(
            Municipality.objects.filter(observations__indicator=self)
            .values_list("province", flat=True)
            .distinct()
            .order_by("province")
        )

    def table(self, province=""):
        """Municipalities × years, the national row first, then municipalities by name (one query)."""
        observations = self.observations.select_related("municipality")
        if province:
            observations = observations.filter(Q(municipality__isnull=True) | Q(municipality__province=province))
        by_place, years = {}, set()
        for observation in observations:
            by_place.setdefault(observation.municipality, {})[observation.year] = observation
            years.add(observation.year)
        years = sorted(years)
        places = ([None] if None in by_place else []) + sorted(
            (m for m in by_place if m is not None), key=lambda m: (m.name.casefold(), m.code)
        )
        rows = [
            TableRow(
                place.name if place else NATIONAL_LABEL,
                place,
                place is None,
                [by_place[place].get(year) for year in years],
            )
            for place in places
        ]
        notes = []
        for observation in (cell for row in rows for cell in row.cells if cell is not None and cell.note):
            if observation.note not in notes:
                notes.append(observation.note)
            observation.note_number = notes.index(observation.note) + 1
        has_synthetic = any(cell.synthetic for row in rows for cell in row.cells if cell is not None)
        return IndicatorTable(years, rows, notes, has_synthetic)

    @property
    def national_unit(self):
        """A yes/no indicator's national row is the share of municipalities saying yes."""
        return "% van de gemeenten" if self.value_type == self.ValueType.YES_NO else self.unit

    def format_value(self, value, national=False):
        if value is None:
            return ""
        value = Decimal(value)
        if self.value_type == self.ValueType.YES_NO and not national:
            return "ja" if value else "nee"
        if self.value_type in (self.ValueType.COUNT,) and value == value.to_integral_value():
            return f"{int(value):,}".replace(",", ".")
        text = f"{value.normalize():f}".replace(".", ",")
        if self.value_type == self.ValueType.PERCENTAGE or (national and self.value_type == self.ValueType.YES_NO):
            return f"{text}%"
        return text


class ObservationQuerySet(models.QuerySet):
    def national(self):
        return self.filter(municipality__isnull=True)

    def for_municipalities(self):
        return self.filter(municipality__isnull=False)


class Observation(models.Model):
    """One value of an indicator for a municipality (or the whole country) in a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        help_text="Leeg = landelijk",
    )
    year = models.PositiveSmallIntegerField("jaar")
    value = models.DecimalField("waarde", max_digits=16, decimal_places=4)
    synthetic = models.BooleanField("synthetisch", default=False, help_text="Verzonnen voor de demo, geen echte meting")
    note = models.CharField("toelichting", max_length=300, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "waarneming"
        verbose_name_plural = "waarnemingen"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "municipality", "year"], name="observation_unique_municipal"),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(municipality__isnull=True), name="observation_unique_national"
            ),
            models.CheckConstraint(condition=Q(year__gte=1990) & Q(year__lte=2100), name="observation_year_range"),
        ]

    def __str__(self):
        where = self.municipality or "Nederland"
        return f"{self.indicator.code} {where} {self.year}: {self.value}"

    @property
    def display(self):
        return self.indicator.format_value(self.value, national=self.municipality_id is None)
