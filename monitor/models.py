from django.db import models
from django.db.models import Q


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

    class Meta:
        ordering = ["name"]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"

    def __str__(self):
        return self.name

    @property
    def national_unit(self):
        """A yes/no indicator's national row is the share of municipalities saying yes."""
        return "% van de gemeenten" if self.value_type == self.ValueType.YES_NO else self.unit

    def format_value(self, value, national=False):
        if value is None:
            return ""
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
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="observations",
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
