"""Forms that set up the analyses: case variables and indicator sheets."""

import json

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from monitor import indicator_sheets

from ..models import Project, ProjectVariable, VariableValue
from ..transcripts.archives import ArchiveError, BadArchive, SafeZip


class VariableForm(forms.ModelForm):
    class Meta:
        model = ProjectVariable
        fields = ["name", "kind", "order"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = ProjectVariable.objects.filter(project=self.instance.project, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Dit project heeft al een variabele met deze naam.")
        return name


def _check_workbook(upload):
    """An XLSX is a zip that openpyxl opens itself: every member is inflated within the safe-zip guard's bounds
    first (ArchiveError with a Dutch message); a file that is no zip at all is left to read_sheets to name."""
    if upload.name.lower().endswith((".xlsx", ".xlsm")):
        try:
            with SafeZip(upload, what="werkboek") as archive:
                archive.check()
        except BadArchive:
            pass
        except ArchiveError as error:
            raise ArchiveError(f"Dit werkboek wordt niet gelezen: {error}") from None
        upload.seek(0)


class IndicatorImportForm(forms.Form):
    """A sheet of indicator values (long or wide), with optional metadata, read; indicator_sheets.validate checks
    it before anything is stored."""

    file = forms.FileField(label="Bestand met waarden (CSV of XLSX)")
    metadata = forms.FileField(
        label="Apart blad met indicatoren (optioneel)",
        required=False,
        help_text="kolommen code, naam, soort, eenheid, definitie, bron; in een XLSX mag "
        "dit ook een blad ‘indicatoren’ zijn",
    )
    indicator_code = forms.CharField(
        label="Indicatorcode voor kolommen met alleen een jaartal", required=False, max_length=60
    )

    def clean_indicator_code(self):
        return self.cleaned_data["indicator_code"].strip().lower()

    def clean(self):
        """cleaned_data gains the read sheets: "sheets" (name → rows), "meta" (rows or None), "file_name"."""
        data = super().clean()
        data["sheets"] = data["meta"] = None
        for name in ("file", "metadata"):
            upload = data.get(name)
            if upload is None:
                continue
            if upload.size > 5 * 1024 * 1024:
                self.add_error(name, "Het bestand is groter dan 5 MB.")
                continue
            try:
                _check_workbook(upload)
                read = indicator_sheets.read_sheets(upload, upload.name)
            except (indicator_sheets.SheetError, ArchiveError) as error:
                self.add_error(name, str(error))
                continue
            if name == "file":
                data["sheets"], data["file_name"] = read, upload.name
            else:
                data["meta"] = next(iter(read.values()), None)
        return data


class VariableSheetForm(forms.Form):
    """Every interview × every variable of a project as one grid of text cells (empty = no value).

    Only the cells that were posted are saved: an absent cell keeps its value, an empty one clears it. The sheet
    carries the values it was loaded with (``version``); a save against a sheet a colleague changed meanwhile is
    refused whole, with the changes listed (``conflicts``), so nobody overwrites another's values unseen.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.variables = list(project.variables.all())
        self.interviews = list(project.interviews.only("pk", "title"))
        self.conflicts = []
        stored = self._stored()
        self.fields["version"].initial = self._version(stored)
        self.rows = []
        for interview in self.interviews:
            names = []
            for variable in self.variables:
                name = f"v{interview.pk}_{variable.pk}"
                self.fields[name] = forms.CharField(
                    label=f"{variable.name} — {interview.title}",
                    required=False,
                    max_length=300,
                    initial=stored.get(name, ""),
                )
                names.append(name)
            self.rows.append((interview, [self[name] for name in names]))

    def _stored(self):
        """The stored values as the sheet shows them, by field name."""
        values = VariableValue.objects.filter(variable__project=self.project).select_related("variable")
        return {f"v{v.interview_id}_{v.variable_id}": v.display for v in values}

    @staticmethod
    def _version(stored):
        return json.dumps(stored, sort_keys=True, separators=(",", ":"))

    def clean_version(self):
        try:
            loaded = json.loads(self.cleaned_data["version"])
        except ValueError:
            loaded = None
        if not isinstance(loaded, dict):
            raise forms.ValidationError(_("Dit blad mist zijn versie; laad de pagina opnieuw en vul het opnieuw in."))
        return loaded

    def clean(self):
        data = super().clean()
        self.typed = {}
        for interview in self.interviews:
            for variable in self.variables:
                name = f"v{interview.pk}_{variable.pk}"
                if name in self.data and name in data:  # a cell that was not posted stays as stored
                    try:
                        self.typed[(interview, variable)] = VariableValue.parse(variable.kind, data[name])
                    except ValueError as error:
                        self.add_error(name, str(error))
        return data

    def save(self):
        """Store the posted cells and return True; or, when the stored values changed since the sheet was loaded,
        store nothing, list the changes in ``conflicts``, show the current values and return False."""
        with transaction.atomic():
            Project.objects.select_for_update().filter(pk=self.project.pk).first()  # one save of a sheet at a time
            stored = self._stored()
            loaded = self.cleaned_data["version"]
            if loaded != stored:
                self._refuse(loaded, stored)
                return False
            for (interview, variable), typed in self.typed.items():
                VariableValue.store(interview, variable, typed)
        return True

    def _refuse(self, loaded, stored):
        names = {f"v{i.pk}_{v.pk}": (i.title, v.name) for i in self.interviews for v in self.variables}
        self.data = self.data.copy()
        for name in sorted(set(loaded) | set(stored), key=lambda n: tuple(map(int, n[1:].split("_")))):
            before, now = loaded.get(name, ""), stored.get(name, "")
            if before != now and name in names:
                self.conflicts.append((*names[name], before, now))
                self.data[name] = now  # the sheet shows the colleague's value; the user's other edits stay
        self.data["version"] = self._version(stored)
