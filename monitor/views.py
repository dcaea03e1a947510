"""The indicator browser: national data, readable by every logged-in user; the site's icon and its accessibility
statement."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from .models import Indicator


@login_required
def indicator_list(request):
    indicators = Indicator.objects.with_coverage()
    return render(request, "monitor/indicator_list.html", {"indicators": indicators})


@login_required
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    provinces = indicator.provinces()
    province = request.GET.get("province", "")
    province = province if province in provinces else ""
    context = {"indicator": indicator, "table": indicator.table(province), "provinces": provinces, "province": province}
    return render(request, "monitor/indicator_detail.html", context)


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for by themselves (a 404 on every visit otherwise): the icon's static file."""
    return redirect(static("interviews/favicon.svg"), permanent=True)


# The axe-core version the test suite runs (pyproject.toml pins axe-playwright-python, whose wheel carries it).
AXE_CORE_VERSION = "4.12.1"


@require_safe
def accessibility(request):
    """What is tested for accessibility and how: public, so that it can be read before logging in."""
    return render(request, "accessibility.html", {"axe_version": AXE_CORE_VERSION})
