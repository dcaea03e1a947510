from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("indicatoren/", views.indicator_list, name="indicator_list"),
    path("indicatoren/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("", include("interviews.urls")),
]
