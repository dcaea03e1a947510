from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def member_list(request, slug=None, **kwargs):
    return HttpResponse("todo")


@login_required
def member_update(request, slug=None, **kwargs):
    return HttpResponse("todo")

