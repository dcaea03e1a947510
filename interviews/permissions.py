"""Who may do what in a project: the one check every project view starts with."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Role

READ, WRITE, OWN = "read", "write", "own"


def get_project_for_user(request, slug, need=READ):
    """The project and the user's membership, or 404 for an outsider and 403 for a role too low.

    Views are wrapped in login_required, so the anonymous never get here.
    """
    # order_by(): one row at most, and the default ordering would join the users table to sort it
    membership = (
        Membership.objects.select_related("project").filter(project__slug=slug, user=request.user).order_by().first()
    )
    if membership is None:
        raise Http404("Dit project bestaat niet, of u bent er geen lid van.")
    if need == WRITE and not membership.can_write:
        raise PermissionDenied("Als lezer kunt u dit project bekijken en exporteren, maar niet wijzigen.")
    if need == OWN and membership.role != Role.OWNER:
        raise PermissionDenied("Alleen een eigenaar van het project kan dit doen.")
    return membership.project, membership
