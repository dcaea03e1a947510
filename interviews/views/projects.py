from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def project_list(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def project_create(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def project_detail(request, slug=None, **kwargs):
    return HttpResponse("todo")

