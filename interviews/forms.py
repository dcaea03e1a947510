import re
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from taggit.forms import TagField

from monitor.models import Indicator, Municipality

from .bulk import read_sheet
from .formats import FORMATS
from .models import (
    Coding,
    ImportBatch,
    Interview,
    KeyPolicy,
    Membership,
    Memo,
    Passage,
    Project,
    ProjectVariable,
    PseudonymKey,
    PseudonymName,
    Role,
    Speaker,
    StakeholderGroup,
    Theme,
    ThemeRule,
    VariableValue,
)
from .pseudonyms import clean_replacement
from .spans import Offsets
from .spreadsheets import TableError

ACCEPTED_FILES = ",".join(f".{extension}" for extension in FORMATS) + ",.zip"

User = get_user_model()


# --- projects and interviews ---


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description"]


class InterviewFilterForm(forms.Form):
    """The filters above a project's interview list; every field optional."""

    stakeholder_group = forms.ChoiceField(
        label="Stakeholdergroep", required=False, choices=[("", "alle")] + StakeholderGroup.choices
    )
    municipality = forms.ModelChoiceField(
        label="Gemeente", required=False, queryset=Municipality.objects.none(), empty_label="alle"
    )
    year = forms.IntegerField(label="Jaar", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        used = project.interviews.exclude(municipality=None).values("municipality")
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=used)


class InterviewForm(forms.ModelForm):
    """The case attributes of an interview; its text changes only through coding-aware edits."""

    class Meta:
        model = Interview
        fields = ["title", "municipality", "year", "stakeholder_group", "interview_date", "labels"]
        widgets = {"interview_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = Interview.objects.filter(project=self.instance.project, title__iexact=title).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError("Er is al een interview met deze titel in dit project.")
        return title


# --- codebook ---


def _theme_choices(themes, empty_label=None):
    """Select options in codebook order, indented by depth (the select cannot nest)."""
    choices = [("", empty_label)] if empty_label else []
    return choices + [(t.pk, "\u2003" * t.depth + t.name) for t in themes]


class ThemeForm(forms.ModelForm):
    """Create or edit a theme; the parent can only be a theme of the same project outside its own subtree."""

    class Meta:
        model = Theme
        fields = ["name", "colour", "parent", "definition", "order"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "definition": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"order": "Lager staat eerder; bij gelijke volgorde telt de naam."}

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.subtree = self.instance.descendant_ids() if self.instance.pk else set()
        parent = self.fields["parent"]
        parent.queryset = project.themes.all()
        parent.choices = _theme_choices(
            [t for t in project.themes.in_tree_order() if t.pk not in self.subtree], "— geen (hoofdthema) —"
        )
        if not self.instance.pk:
            del self.fields["order"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = self.instance.project.themes.exclude(pk=self.instance.pk).values_list("name", flat=True)
        if any(other.lower() == name.lower() for other in others):
            raise forms.ValidationError(f"Er is al een thema “{name}” in dit project (hoofdletters tellen niet mee).")
        return name

    def clean_colour(self):
        colour = self.cleaned_data["colour"]
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise forms.ValidationError("Kies een kleur als #rrggbb, bijvoorbeeld #2d9cdb.")
        return colour.lower()

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is not None and parent.pk in self.subtree:
            raise forms.ValidationError("Een thema kan niet onder zichzelf of onder een eigen subthema staan.")
        return parent

    def save(self, commit=True):
        if not self.instance.pk:  # a new theme goes after its siblings
            siblings = self.instance.project.themes.filter(parent=self.instance.parent)
            self.instance.order = max(siblings.values_list("order", flat=True), default=0) + 1
        return super().save(commit)


class ThemeMergeForm(forms.Form):
    """Merge a theme into another theme of the same project, outside its own subtree."""

    target = forms.ModelChoiceField(label="Samenvoegen met", queryset=Theme.objects.none())

    def __init__(self, theme, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        subtree = theme.descendant_ids()
        self.fields["target"].queryset = theme.project.themes.exclude(pk__in=subtree)
        self.fields["target"].choices = _theme_choices(
            [t for t in theme.project.themes.in_tree_order() if t.pk not in subtree], "— kies een thema —"
        )

    def save(self):
        """Merge; returns the target and how many codings moved (a passage that already had it keeps one)."""
        target = self.cleaned_data["target"]
        with transaction.atomic():
            moved = self.theme.codings.exclude(content_object__in=target.codings.values("content_object")).count()
            self.theme.merge_into(target)
        return target, moved


# --- members ---


def _is_last_owner(membership):
    """True when this membership is the project's only owner."""
    others = Membership.objects.filter(project_id=membership.project_id, role=Role.OWNER).exclude(pk=membership.pk)
    return membership.is_owner and not others.exists()


LAST_OWNER_MESSAGE = "Een project heeft altijd minstens één eigenaar. Maak eerst iemand anders eigenaar."


class MemberAddForm(forms.Form):
    """Add an existing user account to a project by username."""

    username = forms.CharField(label="Gebruikersnaam", max_length=150)
    role = forms.ChoiceField(label="Rol", choices=Role.choices, initial=Role.CODER)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_username(self):
        username = self.cleaned_data["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(f"Er is geen gebruiker met de gebruikersnaam “{username}”.")
        if self.project.memberships.filter(user=user).exists():
            raise forms.ValidationError(f"{username} is al lid van dit project.")
        self.user = user
        return username

    def save(self):
        return Membership.objects.create(project=self.project, user=self.user, role=self.cleaned_data["role"])


class MemberRoleForm(forms.ModelForm):
    """Change a member's role; the last owner keeps the owner role."""

    class Meta:
        model = Membership
        fields = ["role"]

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role != Role.OWNER and _is_last_owner(self.instance):
            raise forms.ValidationError(LAST_OWNER_MESSAGE)
        return role


class MemberRemoveForm(forms.Form):
    """Remove a member; the last owner cannot be removed."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean(self):
        if _is_last_owner(self.instance):
            raise forms.ValidationError(LAST_OWNER_MESSAGE)
        return super().clean()

    def save(self):
        self.instance.delete()


# --- memos ---


class MemoForm(forms.ModelForm):
    class Meta:
        model = Memo
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10, "cols": 70})}
        error_messages = {
            "title": {"required": "Geef de memo een titel."},
            "text": {"required": "Een memo zonder tekst kan niet worden opgeslagen."},
        }


class MemoFilterForm(forms.Form):
    ABOUT = [("", "alles"), ("project", "het project"), ("interview", "een interview"), ("theme", "een thema")]
    about = forms.ChoiceField(label="Over", choices=ABOUT, required=False)

    def filter(self, memos):
        about = self.cleaned_data.get("about") if self.is_valid() else ""
        if about == "project":
            return memos.filter(interview__isnull=True, theme__isnull=True)
        if about == "interview":
            return memos.filter(interview__isnull=False)
        if about == "theme":
            return memos.filter(theme__isnull=False)
        return memos


# --- upload ---


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input taking several files; cleans to a list of uploaded files (checked by the form)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


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
        help_text="Namen uit de projectlijst, e-mailadressen, telefoonnummers, postcodes, BSN's en IBAN's vervangen; "
        "u beoordeelt elke vervanging voordat er iets wordt opgeslagen.",
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
        return ImportBatch.prepare(
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


class SpeakerForm(forms.ModelForm):
    """Rename a speaker (a name another speaker has merges the two) and mark the interviewer."""

    class Meta:
        model = Speaker
        fields = ["name", "is_interviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=f"speaker{kwargs['instance'].pk}", **kwargs)
        self.original_name = self.instance.name

    def validate_unique(self):
        pass  # a name that exists is a merge, not an error

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Een spreker heeft een naam nodig.")
        return name

    def save(self):
        """The speaker that remains (another one after a merge)."""
        new_name = self.instance.name
        self.instance.name = self.original_name  # rename() finds the segments by the old name
        speaker = self.instance.rename(new_name)
        if speaker.pk == self.instance.pk:
            speaker.save(update_fields=["is_interviewer"])
        return speaker


class PseudonymNameForm(forms.ModelForm):
    """A name the project replaces on every import, with its replacement."""

    class Meta:
        model = PseudonymName
        fields = ["name", "replacement"]
        help_texts = {"replacement": "Bijvoorbeeld [R1] of [Gemeente A]."}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.instance.project.pseudonym_names.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"“{name}” staat al in de lijst.")
        return name

    def clean_replacement(self):
        return clean_replacement(self.cleaned_data["replacement"])


class KeyPolicyForm(forms.ModelForm):
    """Whether the project keeps the key of its pseudonymisation; "not kept" deletes the key there is."""

    class Meta:
        model = Project
        fields = ["pseudonym_key"]
        widgets = {"pseudonym_key": forms.RadioSelect}

    def save(self, commit=True):
        with transaction.atomic():
            project = super().save()
            if project.pseudonym_key == KeyPolicy.NOT_KEPT:
                PseudonymKey.objects.filter(interview__project=project).delete()
        return project


# --- analysis ---


def parse_numbers(text):
    """'5,5; 6' → [Decimal('5.5'), Decimal('6')], ascending; ValidationError in Dutch otherwise."""
    from decimal import Decimal, InvalidOperation

    numbers = []
    for part in re.split(r"[;\s]+", text.strip()):
        if part:
            try:
                numbers.append(Decimal(part.replace(",", ".")))
            except InvalidOperation:
                raise forms.ValidationError(f"‘{part}’ is geen getal; scheid drempels met een puntkomma.") from None
    return sorted(set(numbers))


class FastSelect(forms.Select):
    """A select of flat choices whose options are written in Python: Django renders every option through
    a template, which costs about a millisecond per ten options, and the analysis filters have hundreds."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "multiple": self.allow_multiple_selected})
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


class AttributeForm(forms.Form):
    """Which case attribute the themes are compared by: a fixed one or a project variable."""

    by = forms.ChoiceField(label="Vergelijk naar", required=False, widget=FastSelect)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [
            ("stakeholder_group", "stakeholdergroep"),
            ("year", "jaar"),
            ("municipality", "gemeente"),
        ] + [(f"variable:{v.pk}", f"variabele: {v.name}") for v in project.variables.all()]

    def attribute(self):
        return (self.cleaned_data.get("by") if self.is_valid() else "") or "stakeholder_group"


class IndicatorSplitForm(forms.Form):
    """An indicator and how to split interviews by its value (yes/no itself; numbers by thresholds or quantiles)."""

    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        empty_label="kies een indicator",
        widget=FastSelect,
    )
    thresholds = forms.CharField(
        label="Drempels (bij getallen)",
        required=False,
        max_length=200,
        help_text="bv. 5,5; 6 — leeg laten voor kwantielen",
    )
    quantiles = forms.TypedChoiceField(
        label="Of: kwantielen",
        required=False,
        coerce=int,
        empty_value=0,
        choices=[("", "geen"), ("2", "2 (mediaan)"), ("3", "3 (tertielen)"), ("4", "4 (kwartielen)")],
    )

    def clean_thresholds(self):
        return parse_numbers(self.cleaned_data["thresholds"])

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if (
            indicator
            and indicator.value_type != Indicator.ValueType.YES_NO
            and not (data.get("thresholds") or data.get("quantiles"))
            and "thresholds" not in self.errors
        ):
            data["quantiles"] = 2  # numbers without a split: above and below the median
        return data


class TrendForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Indicator ernaast",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="geen",
        widget=FastSelect,
    )


class JointDisplayForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label="Indicatoren",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        required=False,
        widget=FastSelectMultiple,
    )
    per = forms.ChoiceField(
        label="Een rij per",
        required=False,
        widget=FastSelect,
        choices=[("municipality", "gemeente"), ("interview", "interview")],
    )
    level = forms.ChoiceField(
        label="Thema's als kolommen",
        required=False,
        widget=FastSelect,
        choices=[
            ("", "bovenste niveau"),
            ("1", "niveau 1"),
            ("2", "niveau 2 (subthema's)"),
            ("3", "niveau 3"),
            ("alle", "alle thema's"),
        ],
        help_text="niveaus binnen het gekozen thema; elk thema telt met zijn subthema's",
    )


class ExemplarForm(forms.Form):
    """The passage the researcher picks as the exemplar quote (it gets starred; the others of that cell not)."""

    passage = forms.TypedChoiceField(label="Citaat", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["passage"].choices = [(p.pk, p.text) for p in candidates]

    @transaction.atomic
    def save(self):
        chosen = self.cleaned_data["passage"]
        Passage.objects.filter(pk__in=[p.pk for p in self.candidates]).exclude(pk=chosen).update(starred=False)
        Passage.objects.filter(pk=chosen).update(starred=True)
        return chosen


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


class IndicatorImportForm(forms.Form):
    """A sheet of indicator values (long or wide), with optional metadata; checked before anything is stored."""

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

    def clean(self):
        from monitor import indicator_sheets

        data = super().clean()
        self.sheets = self.meta = None
        for name in ("file", "metadata"):
            upload = data.get(name)
            if upload is None:
                continue
            if upload.size > 5 * 1024 * 1024:
                self.add_error(name, "Het bestand is groter dan 5 MB.")
                continue
            try:
                read = indicator_sheets.read_sheets(upload, upload.name)
            except indicator_sheets.SheetError as error:
                self.add_error(name, str(error))
                continue
            if name == "file":
                self.sheets, self.raw = read, (upload.name, upload)
            else:
                self.meta = next(iter(read.values()), None)
        return data

    def report(self):
        from monitor import indicator_sheets

        return indicator_sheets.validate(self.sheets, self.cleaned_data["indicator_code"].strip().lower(), self.meta)


class VariableSheetForm(forms.Form):
    """Every interview × every variable of a project as one grid of text cells (empty = no value)."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.variables = list(project.variables.all())
        self.interviews = list(project.interviews.only("pk", "title"))
        stored = {
            (v.interview_id, v.variable_id): v
            for v in VariableValue.objects.filter(variable__project=project).select_related("variable")
        }
        self.rows = []
        for interview in self.interviews:
            names = []
            for variable in self.variables:
                name = f"v{interview.pk}_{variable.pk}"
                value = stored.get((interview.pk, variable.pk))
                self.fields[name] = forms.CharField(
                    label=f"{variable.name} — {interview.title}",
                    required=False,
                    max_length=300,
                    initial=value.display if value else "",
                )
                names.append(name)
            self.rows.append((interview, [self[name] for name in names]))

    def clean(self):
        data = super().clean()
        self.typed = {}
        for interview in self.interviews:
            for variable in self.variables:
                name = f"v{interview.pk}_{variable.pk}"
                if name in data:
                    try:
                        self.typed[(interview, variable)] = VariableValue.parse(variable.kind, data[name])
                    except ValueError as error:
                        self.add_error(name, str(error))
        return data

    @transaction.atomic
    def save(self):
        for (interview, variable), typed in self.typed.items():
            VariableValue.store(interview, variable, typed)


class AnalysisFilterForm(forms.Form):
    """The filters every analysis shares (GET form; every field optional).

    AnalysisFilterForm(request.GET or None, project=project), then:
      .interviews() → Interview queryset (project, stakeholder group, municipality, year, label, a variable)
      .cases()      → the same interviews as (id, title, municipality id, code, name, year, group) tuples
      .themes()     → Theme queryset (the chosen theme and its subtree, or all the project's themes)
      .theme_tree() → the same themes in tree order, with .depth and .subthemes
      .coder        → the chosen User, or None for all coders
      .passages()   → Passage queryset in those interviews, by that coder, coded with those themes
      .codings()    → Coding queryset likewise (what the analyses count)
      .describe()   → the active filters as Dutch text, for pages and exports
    Invalid fields are reported in form.errors and ignored by these methods.
    """

    coder = forms.ModelChoiceField(
        label="Codeur", required=False, queryset=User.objects.none(), empty_label="alle codeurs", widget=FastSelect
    )
    theme = forms.TypedChoiceField(
        label="Thema (met subthema's)", required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    stakeholder_group = forms.ChoiceField(
        label="Stakeholdergroep", required=False, choices=[("", "alle")] + StakeholderGroup.choices, widget=FastSelect
    )
    municipality = forms.TypedChoiceField(
        label="Gemeente", required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    year = forms.IntegerField(label="Jaar", required=False, min_value=1990, max_value=2100)
    label = forms.ChoiceField(label="Label", required=False, choices=[("", "alle")], widget=FastSelect)
    variable = forms.ModelChoiceField(
        label="Eigen variabele",
        required=False,
        queryset=ProjectVariable.objects.none(),
        empty_label="geen",
        widget=FastSelect,
    )
    value = forms.CharField(
        label="is gelijk aan", required=False, max_length=300, help_text="leeg: elk interview met een waarde"
    )
    value_from = forms.CharField(label="of van", required=False, max_length=30, help_text="getal of datum")
    value_to = forms.CharField(label="tot en met", required=False, max_length=30)

    RANGE = (ProjectVariable.Kind.NUMBER, ProjectVariable.Kind.DATE)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.variable_filter = None  # (variable, lookups on VariableValue) once the form is valid
        member = Membership.objects.filter(project=project, user=OuterRef("pk"))
        coded = Passage.objects.filter(interview__project=project, coder=OuterRef("pk"))
        self.fields["coder"].queryset = User.objects.filter(Exists(member) | Exists(coded)).order_by("username")
        self._themes = {t.pk: t for t in project.themes.in_tree_order()}
        self.fields["theme"].choices = [("", "alle thema's")] + [
            (t.pk, "\u00a0\u00a0" * t.depth + t.name) for t in self._themes.values()
        ]
        # The interviews' attributes are read once (columns after an interview's long text are slow to reach).
        self._project_cases = list(
            project.interviews.order_by().values_list(
                "id",
                "title",
                "municipality_id",
                "municipality__code",
                "municipality__name",
                "year",
                "stakeholder_group",
            )
        )
        used = {row[2]: row[4] for row in self._project_cases if row[2]}
        self.fields["municipality"].choices = [("", "alle")] + sorted(used.items(), key=lambda item: item[1])
        labels = project.interviews.exclude(labels=None).order_by().values_list("labels__name", flat=True).distinct()
        self.fields["label"].choices = [("", "alle")] + [(name, name) for name in sorted(set(labels))]
        self.fields["variable"].queryset = project.variables.all()

    def clean_theme(self):
        return self._themes.get(self.cleaned_data["theme"])

    def clean_municipality(self):
        pk = self.cleaned_data["municipality"]
        return Municipality.objects.filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        variable = data.get("variable")
        raw = {name: (data.get(name) or "").strip() for name in ("value", "value_from", "value_to")}
        if variable is None:
            if any(raw.values()) and "variable" not in self.errors:
                self.add_error("variable", "Kies de variabele waarop u wilt filteren.")
            return data
        if (raw["value_from"] or raw["value_to"]) and variable.kind not in self.RANGE:
            self.add_error(
                "value_from",
                f"‘{variable.name}’ is {variable.get_kind_display()}: van/tot kan alleen bij een getal of een datum.",
            )
            return data
        exact = "text__iexact" if variable.kind == ProjectVariable.Kind.TEXT else variable.kind  # column = kind
        lookups = {}
        for name, lookup in (
            ("value", exact),
            ("value_from", f"{variable.kind}__gte"),
            ("value_to", f"{variable.kind}__lte"),
        ):
            try:
                typed = VariableValue.parse(variable.kind, raw[name])
            except ValueError as error:
                self.add_error(name, f"{variable.name}: {error}")
                continue
            if typed is not None:
                lookups[lookup] = typed
        if not any(name in self.errors for name in raw):
            self.variable_filter = (variable, lookups)
        return data

    def _value(self, name):
        if not self.is_bound:
            return None
        self.is_valid()  # cleaned_data then holds the valid fields only
        return self.cleaned_data.get(name)

    @property
    def coder_user(self):
        return self._value("coder")

    def interviews(self):
        qs = self.project.interviews.filter_by(
            stakeholder_group=self._value("stakeholder_group"),
            municipality=self._value("municipality"),
            year=self._value("year"),
        )
        if self._value("label"):
            qs = qs.filter(labels__name=self._value("label"))
        if self.variable_filter:
            variable, lookups = self.variable_filter
            qs = qs.filter(pk__in=VariableValue.objects.filter(variable=variable, **lookups).values("interview_id"))
        return qs

    def cases(self):
        """interviews() as (id, title, municipality id, municipality code, name, year, group) tuples."""
        fixed = [self._value(name) for name in ("stakeholder_group", "municipality", "year", "label")]
        if not any(fixed) and not self.variable_filter:  # (the values are read first: that validates the form)
            return self._project_cases
        keep = set(self.interviews().values_list("pk", flat=True))
        return [row for row in self._project_cases if row[0] in keep]

    def themes(self):
        theme = self._value("theme")
        return theme.descendants() if theme else self.project.themes.all()

    def theme_tree(self):
        """themes() in tree order (ThemeQuerySet.in_tree_order), the project's already loaded when unfiltered."""
        return self.themes().in_tree_order() if self._value("theme") else list(self._themes.values())

    def passages(self):
        qs = Passage.objects.filter(interview__in=self.interviews()).for_themes(self.themes())
        return qs.by_coder(self.coder_user) if self.coder_user else qs

    def codings(self):
        return Coding.objects.in_interviews(self.interviews()).by_coder(self.coder_user).for_themes(self.themes())

    def describe(self):
        """The active filters, e.g. 'codeur: anna; stakeholdergroep: jgz' (or 'geen filters')."""
        parts = []
        for name in ("coder", "theme", "stakeholder_group", "municipality", "year", "label"):
            value = self._value(name)
            if value not in (None, ""):
                shown = dict(StakeholderGroup.choices).get(value, value) if name == "stakeholder_group" else value
                parts.append(f"{self.fields[name].label.lower()}: {shown}")
        if self._value("variable") and self.variable_filter:
            parts.append(f"variabele {self.variable_filter[0].name}: {self._describe_value()}")
        return "; ".join(parts) or "geen filters"

    def _describe_value(self):
        variable, lookups = self.variable_filter
        shown = {
            lookup.rsplit("__", 1)[-1]: VariableValue.format(variable.kind, typed) for lookup, typed in lookups.items()
        }
        parts = [text for end, text in shown.items() if end not in ("gte", "lte")]
        if "gte" in shown or "lte" in shown:
            parts.append(f"van {shown.get('gte', '…')} tot en met {shown.get('lte', '…')}")
        return ", ".join(parts) or "met een waarde"


# --- coding ---


class PassageStarForm(forms.Form):
    """starred=1 gives a passage the star of a representative quote, starred=0 takes it off."""

    starred = forms.TypedChoiceField(
        label="Ster",
        choices=[("1", "ster geven"), ("0", "ster weghalen")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": "Geef aan of de passage een ster krijgt (starred=1) of niet (starred=0).",
            "invalid_choice": "Onbekende waarde “%(value)s”: gebruik 1 (ster geven) of 0 (weghalen).",
        },
    )


GONE = "gone"  # the error code of a theme that is not (or no longer) in the project: answered with 404
UNITS = [("codepoint", "tekens (code points)"), ("utf16", "UTF-16-eenheden (de browser)")]


class ThemeIdsField(forms.Field):
    """A repeatable theme id (theme=3&theme=5) → a list of ints."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(v) for v in value or [] if v != ""]
        except (TypeError, ValueError):
            raise forms.ValidationError("Kies een thema uit het codeboek (met zijn nummer).") from None


class _CodingForm(forms.Form):
    """Shared by the coding forms: the interview, its offsets, the span and the themes to apply."""

    def __init__(self, data, *, interview):
        super().__init__(data)
        self.interview, self.project = interview, interview.project
        self.span, self.names = None, []

    @cached_property
    def offsets(self):
        """The text's UTF-16 conversions, made when needed: a selection in UTF-16 units, or a JSON answer."""
        return Offsets(self.interview.text)

    def clean_theme(self):
        ids = set(self.cleaned_data["theme"])
        themes = self.project.themes.filter(pk__in=ids).order_by()
        if len(ids) > 1:  # sorting them in codebook order (Theme.tree_key) needs their ancestors
            themes = themes.select_related("parent__parent__parent")
        themes = list(themes) if ids else []
        if len(themes) < len(ids):
            raise forms.ValidationError(
                "Een gekozen thema bestaat niet (meer) in dit project. Laad de pagina opnieuw.", code=GONE
            )
        return themes

    def clean_new_theme(self):
        return " ".join(self.cleaned_data["new_theme"].split())

    def _span(self, current=None):
        """(start, end) in code points from the posted start/end/unit; a missing one stays at `current`."""
        if any(name in self.errors for name in ("start", "end", "unit")):
            return None
        start, end, unit = (self.cleaned_data.get(name) for name in ("start", "end", "unit"))
        if start is None and end is None and current is not None:
            return None
        if current is None and (start is None or end is None):
            raise forms.ValidationError("Geef het begin en het einde van de selectie op.")
        if unit == "utf16":
            start = current[0] if start is None else self.offsets.to_codepoint(start, "start")
            end = current[1] if end is None else self.offsets.to_codepoint(end, "end")
        start, end = current[0] if start is None else start, current[1] if end is None else end
        if start >= end:
            raise forms.ValidationError("De selectie is leeg: het begin moet vóór het einde liggen.")
        try:
            Passage.check_span(self.interview, start, end)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return start, end

    def _require_a_theme(self):
        if not (self.cleaned_data.get("theme") or self.names) and not self.errors:
            raise forms.ValidationError("Kies minstens één thema, maak een nieuw thema of codeer in vivo.")

    def _themes_to_apply(self):
        """The chosen themes plus the named ones (found or created); returns (themes, the last named theme)."""
        named = [Theme.for_name(self.project, name)[0] for name in self.names]
        themes = {theme.pk: theme for theme in [*self.cleaned_data["theme"], *named]}
        return list(themes.values()), (named[-1] if named else None)


def _span_field(which):
    return forms.IntegerField(
        required=False, error_messages={"invalid": f"Het {which} van de selectie moet een geheel getal zijn."}
    )


_UNIT_FIELD = {
    "choices": UNITS,
    "required": False,
    "error_messages": {"invalid_choice": "Onbekende eenheid “%(value)s”: gebruik codepoint of utf16."},
}
_NEW_THEME_FIELD = {
    "required": False,
    "max_length": 100,
    "error_messages": {"max_length": "Een themanaam is hoogstens 100 tekens lang."},
}


class PassageCreateForm(_CodingForm):
    """Code a selection with existing themes, a new theme by name and/or an in-vivo theme."""

    start, end = _span_field("begin"), _span_field("einde")
    unit = forms.ChoiceField(label="Eenheid", **_UNIT_FIELD)
    theme = ThemeIdsField(label="Thema", required=False)
    new_theme = forms.CharField(label="Nieuw thema", **_NEW_THEME_FIELD)
    in_vivo = forms.BooleanField(label="In vivo (de selectie wordt de themanaam)", required=False)
    memo = forms.CharField(label="Memo", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        self.span = self._span()
        self.names = [self.cleaned_data["new_theme"]] if self.cleaned_data.get("new_theme") else []
        if self.span and self.cleaned_data.get("in_vivo"):
            words = " ".join(self.interview.text[slice(*self.span)].split())[:100].strip()
            if not words:
                raise forms.ValidationError("In vivo coderen kan alleen met een selectie die woorden bevat.")
            self.names.append(words)
        self._require_a_theme()
        return self.cleaned_data

    def save(self, coder):
        """(passage, created, named theme or None); the passage has .theme_list."""
        with transaction.atomic(savepoint=False):
            themes, named = self._themes_to_apply()
            passage, created = Passage.code_span(
                self.interview, coder, *self.span, themes, memo=self.cleaned_data["memo"]
            )
        if created:
            passage.theme_list = sorted(themes, key=Theme.tree_key) if len(themes) > 1 else themes
        else:
            passage.load_theme_list()
        return passage, created, named


class PassageThemesForm(_CodingForm):
    """Add themes to a passage: existing ones and/or a new theme by name."""

    theme = ThemeIdsField(label="Thema", required=False)
    new_theme = forms.CharField(label="Nieuw thema", **_NEW_THEME_FIELD)

    def __init__(self, data, *, passage):
        super().__init__(data, interview=passage.interview)
        self.passage = passage

    def clean(self):
        self.names = [self.cleaned_data["new_theme"]] if self.cleaned_data.get("new_theme") else []
        self._require_a_theme()
        return self.cleaned_data

    def save(self):
        """The named theme or None; the passage gets .theme_list."""
        with transaction.atomic():
            themes, named = self._themes_to_apply()
            self.passage.code(themes)
        self.passage.load_theme_list()
        return named


class PassageUpdateForm(_CodingForm):
    """Move a passage's start and/or end, and/or change its memo; fields left out stay as they are."""

    start, end = _span_field("begin"), _span_field("einde")
    unit = forms.ChoiceField(label="Eenheid", **_UNIT_FIELD)
    memo = forms.CharField(label="Memo", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data, *, passage):
        super().__init__(data, interview=passage.interview)
        self.passage = passage

    def clean(self):
        self.span = self._span(current=(self.passage.start, self.passage.end))
        return self.cleaned_data

    def save(self):
        with transaction.atomic():
            if self.span and self.span != (self.passage.start, self.passage.end):
                self.passage.move(*self.span)
            if "memo" in self.data:
                self.passage.memo = self.cleaned_data["memo"]
                self.passage.save(update_fields=["memo", "updated_at"])
        self.passage.load_theme_list()
        return self.passage


class PassageFilterForm(InterviewFilterForm):
    """The filters of a theme's passage list (GET form, every field optional; invalid ones are ignored)."""

    coder = forms.ModelChoiceField(
        label="Codeur", required=False, queryset=User.objects.none(), empty_label="alle codeurs"
    )
    subthemes = forms.BooleanField(label="Met subthema's", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.project = project
        self.fields["coder"].queryset = User.objects.filter(memberships__project=project).order_by("username")

    def value(self, name):
        """A field's cleaned value; None when the form is unbound or the field invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)

    def passages(self, theme_ids):
        """The project's passages coded with any of these themes, in the chosen interviews, by the chosen coder."""
        interviews = self.project.interviews.filter_by(
            stakeholder_group=self.value("stakeholder_group"),
            municipality=self.value("municipality"),
            year=self.value("year"),
        )
        passages = Passage.objects.filter(interview__in=interviews).coded_with(theme_ids)
        return passages.by_coder(self.value("coder")) if self.value("coder") else passages


# --- reports ---


def _chosen_themes_field():
    return forms.ModelMultipleChoiceField(
        label="Thema's",
        required=False,
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: alle thema's die het filter toelaat.",
    )


class SummaryForm(forms.Form):
    """What a theme summary holds besides the analysis filters: which themes, how many quotes, pseudonyms."""

    themes = _chosen_themes_field()
    quotes = forms.IntegerField(
        label="Citaten per thema",
        required=False,
        min_value=0,
        max_value=50,
        initial=5,
        help_text="Passages met een ster komen altijd mee; de rest kiest de export, "
        "gespreid over de stakeholdergroepen.",
    )
    pseudonymise = forms.BooleanField(
        label="Interviews en gemeenten pseudonimiseren",
        required=False,
        help_text="Interview 1, 2, … en de vervanging uit de namenlijst van het project, anders Gemeente A, B, …",
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["themes"].queryset = project.themes.all()
        self.fields["themes"].choices = _theme_choices(project.themes.in_tree_order())

    def summary(self, filters):
        """The reports.Summary for these options (valid) and an AnalysisFilterForm."""
        from .reports import build_summary

        themes = filters.themes()
        if self.cleaned_data["themes"]:
            themes = themes.filter(pk__in=[theme.pk for theme in self.cleaned_data["themes"]])
        quotes = self.cleaned_data["quotes"]
        return build_summary(
            self.project,
            filters.interviews(),
            filters.codings(),
            themes,
            filters=filters.describe(),
            quotes_per_theme=5 if quotes is None else quotes,
            pseudonymise=self.cleaned_data["pseudonymise"],
        )


class CodingsFilterForm(AnalysisFilterForm):
    """Which rows the codings table holds: the analyses' filters plus the summary's ticked themes (the same
    GET fields as the report page). Without a theme filter, passages without a theme are listed too."""

    themes = _chosen_themes_field()
    pseudonymise = forms.BooleanField(required=False)  # the report page's tick box, shared with the summary

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["themes"].queryset = project.themes.all()  # checked, never shown: the report page shows them

    @property
    def pseudonymised(self):
        return bool(self.is_valid() and self.cleaned_data.get("pseudonymise"))

    def _listed(self):
        """(passages, theme ids or None for every theme and no theme), for reports.coding_table."""
        passages = Passage.objects.filter(interview__in=self.interviews())
        if self.coder_user:
            passages = passages.by_coder(self.coder_user)
        ticked = self.cleaned_data.get("themes")
        if not (self.cleaned_data.get("theme") or ticked):
            return passages, None
        themes = self.themes().filter(pk__in=[t.pk for t in ticked]) if ticked else self.themes()
        return passages, list(themes.values_list("pk", flat=True))

    def describe(self):
        ticked = self.cleaned_data.get("themes") if self.is_valid() else None
        described = super().describe()
        place = self._value("municipality")
        if place and self.pseudonymised:  # the filter must not name what the table hides
            from .reports import municipality_pseudonym

            described = described.replace(str(place), municipality_pseudonym(self.project, place))
        if not ticked:
            return described
        names = f"thema's: {', '.join(sorted(t.name for t in ticked))}"
        return names if described == "geen filters" else f"{described}; {names}"

    def filename(self, fmt):
        """E.g. 'studie-coderingen.csv', or with the filters: 'studie-coderingen-jaar-2021.csv'."""
        described = self.describe()
        suffix = "" if described == "geen filters" else "-" + slugify(described)[:80].strip("-")
        if self.pseudonymised:
            suffix += "-gepseudonimiseerd"
        return f"{self.project.slug}-coderingen{suffix}.{fmt}"

    def table(self):
        """(header, column widths, rows) of the filtered codings table (valid form)."""
        from .reports import coding_table

        return coding_table(self.project, *self._listed(), pseudonymise=self.pseudonymised)

    def write(self, fmt, file):
        """The filtered codings table as 'csv' or 'xlsx' into a binary file object (valid form)."""
        from .reports import write_codings_file

        write_codings_file(
            self.project, fmt, file, *self._listed(), filters=self.describe(), pseudonymise=self.pseudonymised
        )


class CodebookImportForm(forms.Form):
    """A codebook file (.csv, .xlsx or REFI-QDA .qdc) checked row by row; saving adds or updates themes."""

    file = forms.FileField(
        label="Codeboek (.csv, .xlsx of .qdc)", error_messages={"required": "Kies een codeboekbestand."}
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_file(self):
        from .codebooks import CodebookError, check_rows, read_codebook_file

        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"Het bestand is groter dan {filesizeformat(settings.MAX_UPLOAD_BYTES)}.")
        try:
            self.rows = read_codebook_file(upload, upload.name)
            check_rows(self.project, self.rows)
        except CodebookError as error:
            raise forms.ValidationError(error.errors) from None
        return upload

    def save(self):
        """Add and update the themes, all or nothing; returns (added, updated) names."""
        from .codebooks import import_rows

        return import_rows(self.project, self.rows)


# --- text tools ---


SEARCH_MODES = [("lemma", "alle vormen (gemeente vindt ook gemeenten)"), ("word", "precies deze woordvorm")]
SEARCH_SORTS = [
    ("interview", "interview"),
    ("left", "linkercontext"),
    ("match", "treffer"),
    ("right", "rechtercontext"),
]
CODING_UNITS = [("match", "alleen de treffer"), ("sentence", "de zin"), ("turn", "de sprekersbeurt")]


class TextSearchForm(InterviewFilterForm):
    """Search by word, phrase or lemma with the usual filters (GET form). After is_valid(): .query."""

    q = forms.CharField(label="Zoek naar", max_length=200, required=False)
    mode = forms.ChoiceField(label="Zoek op", choices=SEARCH_MODES, required=False, widget=forms.RadioSelect)
    label = forms.ChoiceField(label="Label", required=False, choices=[("", "alle")])
    theme = forms.ModelChoiceField(label="Thema", required=False, queryset=Theme.objects.none(), empty_label="—")
    coded = forms.ChoiceField(
        label="Met dit thema gecodeerd",
        required=False,
        choices=[("", "maakt niet uit"), ("yes", "wel"), ("no", "nog niet")],
    )
    sort = forms.ChoiceField(label="Sorteer op", required=False, choices=SEARCH_SORTS)

    field_order = ["q", "mode"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.project = project
        self.fields["theme"].queryset = project.themes.all()
        labels = project.interviews.exclude(labels=None).values_list("labels__name", flat=True).distinct()
        self.fields["label"].choices = [("", "alle")] + [(name, name) for name in sorted(set(labels))]

    def clean(self):
        from .textsearch import SearchError, parse_query

        data = super().clean()
        if data.get("coded") and not data.get("theme"):
            self.add_error("theme", "Kies het thema waarop u wilt filteren.")
        try:
            self.query = parse_query(data.get("q"), by_lemma=data.get("mode") != "word")
        except SearchError as error:
            self.add_error("q", str(error))
        return data

    def interviews(self):
        data = self.cleaned_data
        qs = self.project.interviews.filter_by(
            data.get("stakeholder_group"), data.get("municipality"), data.get("year")
        )
        return qs.filter(labels__name=data["label"]) if data.get("label") else qs

    def hits(self):
        """The query's hits in the chosen interviews with their context, filtered and sorted."""
        from . import textsearch

        interviews = self.interviews()
        hits = textsearch.find(self.query, interviews)
        if self.cleaned_data.get("theme") and self.cleaned_data.get("coded"):
            passages = Passage.objects.coded_with(self.cleaned_data["theme"].descendant_ids())
            hits = textsearch.filter_coded(hits, passages, self.cleaned_data["coded"] == "yes")
        hits, order = hits[: textsearch.MAX_HITS], self.cleaned_data.get("sort") or "interview"
        # sorting by interview needs titles only; the page then gets its context (views.textsearch)
        (textsearch.add_titles if order == "interview" else textsearch.add_context)(hits, interviews)
        return textsearch.sort_hits(hits, order)


class SearchCodeForm(forms.Form):
    """Code the selected hits (or all) of a search with a theme; the unit is the match, sentence or turn."""

    theme = forms.ModelChoiceField(
        label="Thema",
        queryset=Theme.objects.none(),
        empty_label="kies een thema",
        error_messages={"required": "Kies het thema waarmee u wilt coderen."},
    )
    unit = forms.ChoiceField(label="Codeer", choices=CODING_UNITS, initial="sentence", widget=forms.RadioSelect)
    all = forms.BooleanField(label="alle treffers van deze zoekopdracht", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = project.themes.all()
        self.keys = set(self.data.getlist("hit")) if self.is_bound else set()

    def clean(self):
        data = super().clean()
        if not data.get("all") and not self.keys:
            raise forms.ValidationError("Selecteer een of meer treffers, of kies ‘alle treffers’.")
        return data

    def save(self, hits, interviews, coder):
        """Code the chosen hits (from the search itself, never offsets from the browser); 0 when none fit."""
        from .textsearch import code_hits

        chosen = hits if self.cleaned_data["all"] else [h for h in hits if h.key in self.keys]
        return code_hits(chosen, interviews, self.cleaned_data["theme"], coder, self.cleaned_data["unit"])


class ThemeRuleForm(forms.ModelForm):
    """A new rule: a theme, its words and phrases (one a line) and the unit suggestions get."""

    class Meta:
        model = ThemeRule
        fields = ["theme", "terms", "unit"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = project.themes.all()
        self.fields["theme"].empty_label = "kies een thema"

    def clean_terms(self):
        from .rules import clean_terms

        try:
            return "\n".join(clean_terms(self.cleaned_data["terms"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class RuleRunForm(forms.Form):
    """Run one rule or all of them over one interview or the whole project."""

    rule = forms.ModelChoiceField(
        label="Regel", required=False, queryset=ThemeRule.objects.none(), empty_label="alle regels"
    )
    interview = forms.ModelChoiceField(
        label="Interview",
        required=False,
        queryset=Interview.objects.none(),
        empty_label="alle interviews van het project",
    )
    confirm = forms.BooleanField(label="Ja, maak ze allemaal aan", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["rule"].queryset = ThemeRule.objects.filter(theme__project=project).select_related("theme")
        self.fields["interview"].queryset = project.interviews.all()

    def clean(self):
        data = super().clean()
        if not self.project.interviews.exists():
            raise forms.ValidationError("Dit project heeft nog geen interviews om regels op toe te passen.")
        if not self.fields["rule"].queryset.exists():
            raise forms.ValidationError("Maak eerst een regel.")
        return data

    def run(self):
        from .rules import run_rules

        data = self.cleaned_data
        rules = [data["rule"]] if data.get("rule") else self.fields["rule"].queryset
        interviews = self.project.interviews.all()
        if data.get("interview"):
            interviews = interviews.filter(pk=data["interview"].pk)
        return run_rules(rules, interviews, confirmed=data.get("confirm"))


class SuggestionReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accepteren"), ("reject", "afwijzen")])


# --- exchange ---


class ExchangeImportForm(forms.Form):
    """A REFI-QDA project (.qdpx) or Taguette export (.sqlite3), read into an ImportPlan (nothing stored yet)."""

    file = forms.FileField(
        label="Bestand (.qdpx, of .sqlite3 uit Taguette’s ‘Export project’)",
        error_messages={"required": "Kies een bestand."},
    )

    def clean_file(self):
        from .qdpx import QdpxError
        from .qdpx_import import read_project
        from .taguette import read_taguette

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
