from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def indicator_list(request):
    return HttpResponse("todo")


@login_required
def indicator_detail(request, code):
    return HttpResponse("todo")
