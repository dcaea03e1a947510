from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def interview_detail(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def interview_edit(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def interview_delete(request, slug=None, **kwargs):
    return HttpResponse("todo")

