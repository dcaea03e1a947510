"""Forms of project import (QDPX, Taguette)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from ..exchange.qdpx_read import read_project
from ..exchange.qdpx_xml import QdpxError
from ..exchange.taguette import read_taguette


class ExchangeImportForm(forms.Form):
    """A REFI-QDA project (.qdpx) or Taguette export (.sqlite3), read into an ImportPlan (nothing stored yet)."""

    file = forms.FileField(
        label="Bestand (.qdpx, of .sqlite3 uit Taguette’s ‘Export project’)",
        error_messages={"required": "Kies een bestand."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"Het bestand is groter dan {filesizeformat(settings.MAX_UPLOAD_BYTES)}.")
        head = upload.read(16)
        upload.seek(0)
        self.kind = "taguette" if head.startswith(b"SQLite format 3\x00") else "qdpx"
        if self.kind == "qdpx" and not head.startswith(b"PK"):
            raise forms.ValidationError("Dit is geen .qdpx-project (geen zip-archief) en geen Taguette-export.")
        try:
            self.plan = (read_taguette if self.kind == "taguette" else read_project)(upload)
        except QdpxError as error:
            raise forms.ValidationError(str(error)) from None
        upload.seek(0)
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    accept_partial = forms.BooleanField(
        label="Ik weet wat er wordt overgeslagen en wil de rest inlezen", required=False
    )
