"""The form of the workbench's live question (views/live.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LiveForm(forms.Form):
    """?coder=<user name>: the page shows only that coder's passages (as the interview page's filter)."""

    coder = forms.CharField(
        required=False, max_length=150, error_messages={"max_length": _("Een gebruikersnaam is hoogstens 150 tekens.")}
    )
