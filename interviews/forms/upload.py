"""Forms of the transcript upload and its review."""

import unicodedata

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from monitor.models import Municipality

from ..models import StakeholderGroup
from ..pseudonyms import KINDS, clean_replacement
from ..spreadsheets import TableError
from ..transcripts.batches import read_sheet
from ..transcripts.pipeline import prepare_batch
from ..transcripts.readers import FORMATS
from .fields import MultipleFileField, MultipleFileInput

ACCEPTED_FILES = ",".join(f".{extension}" for extension in FORMATS) + ",.zip"


class TranscriptUploadForm(forms.Form):
    """Transcripts of any format (or a .zip of them), an optional metadata sheet and attributes for all
    files; saving prepares an ImportBatch to review, nothing is stored as an interview yet."""

    files = MultipleFileField(
        label="Transcripten",
        widget=MultipleFileInput(attrs={"accept": ACCEPTED_FILES}),
        error_messages={"required": "Kies een of meer transcripten of een .zip-bestand."},
    )
    metadata = forms.FileField(
        label="Metadatabestand (optioneel)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text="CSV of Excel met een kolom ‘bestand’ en verder gemeente (naam of CBS-code), jaar, stakeholdergroep, "
        "datum, labels en eigen variabelen. Een rij gaat voor de velden hieronder.",
    )
    pseudonymise = forms.BooleanField(
        label="Pseudonimiseren",
        required=False,
        help_text=_(
            "Vervangt namen uit de namenlijst van het project, persoonsnamen (een bekende voornaam met achternaam, "
            "zoals Jan de Vries of Fatima el Amrani, of na mevrouw/meneer), e-mailadressen, telefoonnummers, "
            "postcodes, BSN's en IBAN's. U beoordeelt elke vervanging voordat er iets wordt opgeslagen."
        ),
    )
    municipality = forms.ModelChoiceField(
        label="Gemeente", required=False, queryset=Municipality.objects.all(), empty_label="— geen —"
    )
    year = forms.IntegerField(label="Jaar", required=False, min_value=1990, max_value=2100)
    stakeholder_group = forms.ChoiceField(
        label="Stakeholdergroep", required=False, choices=[("", "— geen —")] + StakeholderGroup.choices
    )
    interview_date = forms.DateField(
        label="Datum interview", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    labels = TagField(label="Labels", required=False, help_text="Gescheiden door komma's, bijvoorbeeld: pilot, ronde 1")

    # Pseudonymise last: the upload page explains right under it what is and is not detected.
    field_order = ["files", "metadata", "municipality", "year", "stakeholder_group", "interview_date", "labels"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["files"].help_text = (
            "Word (.docx), OpenDocument (.odt), pdf met tekstlaag, .txt, .md, .html, ondertitels (.vtt, .srt) "
            f"of een .zip daarvan; elk bestand hoogstens {filesizeformat(settings.MAX_UPLOAD_BYTES)}."
        )

    def clean_metadata(self):
        sheet = self.cleaned_data["metadata"]
        if not sheet:
            return None
        try:
            return read_sheet(sheet, unicodedata.normalize("NFC", sheet.name))
        except TableError as error:
            raise forms.ValidationError(str(error)) from None

    def save(self, user):
        """The batch to review: an item per file with its attributes and problems."""
        data = self.cleaned_data
        defaults = {key: data[key] for key in ("municipality", "year", "stakeholder_group", "interview_date", "labels")}
        uploads = [(upload.name, upload) for upload in data["files"]]
        return prepare_batch(
            self.project, user, uploads, sheet=data["metadata"], defaults=defaults, pseudonymise=data["pseudonymise"]
        )


class MunicipalityChoiceForm(forms.Form):
    """Settle an unknown municipality of an import item: one of its close matches, or none."""

    municipality = forms.ModelChoiceField(
        label="Gemeente", queryset=Municipality.objects.none(), required=False, empty_label="— geen gemeente —"
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, prefix=f"item{item.pk}", **kwargs)
        self.item = item
        self.fields["municipality"].queryset = item.municipality_choices()
        self.fields["municipality"].label = f"Gemeente voor {item.name}"

    def save(self):
        self.item.choose_municipality(self.cleaned_data["municipality"])


class ReplacementReviewForm(forms.Form):
    """Accept, edit or skip each pseudonymisation proposal of an import item (per distinct original)."""

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.groups = item.proposal_groups()
        for group in self.groups:
            group["kind_label"] = KINDS[group["kind"]]
            n = group["number"]
            self.fields[f"replacement_{n}"] = forms.CharField(
                label=f"Vervanging voor “{group['original']}”",
                max_length=100,
                initial=group["replacement"],
                required=False,
            )
            self.fields[f"skip_{n}"] = forms.BooleanField(
                label="Overslaan (laten staan)", required=False, initial=group["skip"]
            )
            group["field"], group["skip_field"] = self[f"replacement_{n}"], self[f"skip_{n}"]

    def clean(self):
        data = super().clean()
        for n in range(len(self.groups)):
            data[f"replacement_{n}"] = clean_replacement(data.get(f"replacement_{n}") or "")
            if not data[f"replacement_{n}"] and not data.get(f"skip_{n}"):
                self.add_error(f"replacement_{n}", "Vul een vervanging in, of kies ‘overslaan’.")
        return data

    def save(self):
        self.item.decide(
            {
                n: (self.cleaned_data[f"replacement_{n}"], self.cleaned_data[f"skip_{n}"])
                for n in range(len(self.groups))
            }
        )
