from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def interview_upload(request, slug=None, **kwargs):
    return HttpResponse("todo")

