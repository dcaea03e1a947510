import re
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from taggit.forms import TagField

from monitor.models import Municipality

from .models import Interview, Membership, Memo, Project, Role, StakeholderGroup, Theme
from .transcripts import TranscriptError, read_text

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
    municipality = forms.ModelChoiceField(label="Gemeente", required=False, queryset=Municipality.objects.none(),
                                          empty_label="alle")
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
        clash = Interview.objects.filter(project=self.instance.project, title__iexact=title).exclude(pk=self.instance.pk)
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
    """Plain-text transcripts plus case attributes for all of them; one bad file and none is stored."""

    files = MultipleFileField(
        label="Transcripten (.txt)", widget=MultipleFileInput(attrs={"accept": ".txt,text/plain"}),
        error_messages={"required": "Kies een of meer .txt-bestanden."},
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
            f"U kunt meerdere bestanden tegelijk kiezen, elk hoogstens {filesizeformat(settings.MAX_UPLOAD_BYTES)}."
        )

    def clean_files(self):
        """Each file → title, text and source fields; every bad file is named with its reason."""
        existing = {title.lower() for title in self.project.interviews.values_list("title", flat=True)}
        transcripts, errors, seen = [], [], set()
        for upload in self.cleaned_data["files"]:
            name = unicodedata.normalize("NFC", upload.name)
            try:
                title = self._check_file(name, upload.size, existing, seen)
                text, sha256 = read_text(upload)
            except TranscriptError as error:
                errors.append(f"{name}: {error}")
                continue
            transcripts.append({"title": title, "text": text, "source_name": name, "source_sha256": sha256})
        if errors:
            raise forms.ValidationError(errors)
        return transcripts

    @staticmethod
    def _check_file(name, size, existing, seen):
        """The title for a file name, or TranscriptError: wrong type, too big, title taken."""
        title, dot, extension = name.rpartition(".")
        title = title.strip()
        if not dot or extension.lower() != "txt":
            raise TranscriptError("Alleen platte-tekstbestanden (.txt) kunnen hier worden geüpload.")
        if not title or len(title) > 200:
            raise TranscriptError("De bestandsnaam wordt de titel en moet 1 tot 200 tekens lang zijn.")
        if size > settings.MAX_UPLOAD_BYTES:
            raise TranscriptError(f"Het bestand is groter dan {filesizeformat(settings.MAX_UPLOAD_BYTES)}.")
        if title.lower() in existing:
            raise TranscriptError(f"Er is al een interview met de titel “{title}” in dit project.")
        if title.lower() in seen:
            raise TranscriptError(f"De titel “{title}” komt twee keer voor in deze upload.")
        seen.add(title.lower())
        return title

    def save(self, user):
        """Create every interview with its speaker turns, all or nothing; returns the interviews."""
        fields = {key: self.cleaned_data[key] for key in ("municipality", "year", "stakeholder_group", "interview_date")}
        with transaction.atomic():
            return [
                Interview.create_with_turns(
                    self.project, labels=self.cleaned_data["labels"], source_format="txt", created_by=user,
                    **fields, **transcript,
                )
                for transcript in self.cleaned_data["files"]
            ]
