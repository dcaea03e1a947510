from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def memo_list(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def memo_create(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def memo_edit(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def memo_delete(request, slug=None, **kwargs):
    return HttpResponse("todo")

