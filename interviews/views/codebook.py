from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def codebook(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def theme_edit(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def theme_merge(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def theme_delete(request, slug=None, **kwargs):
    return HttpResponse("todo")

