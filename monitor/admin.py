from django.contrib import admin

from .models import Indicator, Municipality, Observation


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["code", "name"]
    list_filter = ["province"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "value_type", "unit", "source"]
    search_fields = ["code", "name"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "municipality", "year", "value", "synthetic"]
    list_filter = ["indicator", "year", "synthetic"]
    autocomplete_fields = ["municipality"]
