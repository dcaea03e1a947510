"""Forms of the codebook: a theme, and merging one into another."""

import re

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Action, Project, Subject, Theme
from ..models.history import snapshot
from .fields import _theme_choices


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

    def __init__(self, project, *args, may_move=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.before = self.instance.snapshot() if self.instance.pk else None  # validation changes the instance
        self.subtree = self.instance.descendant_ids() if self.instance.pk else set()
        parent = self.fields["parent"]
        parent.queryset = project.themes.all()
        parent.choices = _theme_choices(
            [t for t in project.themes.in_tree_order() if t.pk not in self.subtree], "— geen (hoofdthema) —"
        )
        if not self.instance.pk:
            del self.fields["order"]
        elif not may_move:  # the stored parent stays; the view refuses a posted other one with 403
            parent.disabled = True
            parent.help_text = _("Alleen een eigenaar kan een thema verplaatsen.")

    def moves(self, data):
        """Whether the posted data puts an existing theme under another parent."""
        return (
            self.instance.pk is not None and "parent" in data and data["parent"] != str(self.instance.parent_id or "")
        )

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

    def save_by(self, user, source="browser"):
        """Save the theme and record what changed in the history, in one transaction."""
        before = self.before
        with transaction.atomic():
            theme = self.save()
            record = {"subject_id": theme.pk, "label": theme.name, "source": source}
            if before is None:
                Action.record(theme.project, user, Subject.THEME, "create", after=theme.snapshot(), **record)
            else:
                verb = "move" if before["parent"] != theme.parent_id else "update"
                Action.record_change(theme.project, user, Subject.THEME, before, theme.snapshot(), verb=verb, **record)
        return theme


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

    def save(self, user=None):
        """Merge; returns the target and how many codings moved (a passage that already had it keeps one).
        The history keeps the merged theme with its codings and children, and where they went."""
        target, theme = self.cleaned_data["target"], self.theme
        with transaction.atomic():
            moved = theme.codings.exclude(content_object__in=target.codings.values("content_object")).count()
            before = theme.snapshot(with_codings=True)
            before["memos"] = sorted(theme.memos.values_list("pk", flat=True))
            after = {"target": target.pk, "target_name": target.name, "moved": moved}
            theme_id = theme.pk
            theme.merge_into(target)
            Action.record(
                target.project,
                user,
                Subject.THEME,
                "merge",
                subject_id=theme_id,
                label=theme.name,
                before=before,
                after=after,
            )
        return target, moved


class CodebookPolicyForm(forms.ModelForm):
    """The owner's choice: may coders delete, merge and move themes too?"""

    class Meta:
        model = Project
        fields = ["codebook_policy"]
        widgets = {"codebook_policy": forms.RadioSelect}


class ThemeDeleteForm(forms.Form):
    """Delete a theme with its codings and memos; its children move up to its parent."""

    def __init__(self, theme, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme

    def save(self, user=None):
        """Delete and record it: `before` holds all that a restore needs (see Theme.snapshot)."""
        theme = self.theme
        with transaction.atomic():
            before = theme.snapshot(with_codings=True)
            before["memos"] = [snapshot(Subject.MEMO, memo) for memo in theme.memos.order_by("pk")]
            theme_id = theme.pk
            theme.delete_with_codings()
            Action.record(
                theme.project,
                user,
                Subject.THEME,
                "delete",
                subject_id=theme_id,
                label=theme.name,
                before=before,
                after={"children_parent": theme.parent_id},
            )


class ThemeOrderForm(forms.Form):
    """Move a theme among its siblings (the themes under the same parent): a place up or down, to the end, or
    before another sibling (drag and drop). Moving under another parent is Bewerken's work."""

    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), error_messages={"invalid_choice": _("Dit thema bestaat niet (meer).")}
    )
    move = forms.ChoiceField(
        choices=[("up", _("omhoog")), ("down", _("omlaag")), ("last", _("naar het eind"))], required=False
    )
    before = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Het thema om vóór te zetten bestaat niet (meer).")},
    )

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = project.themes.all()
        self.fields["before"].queryset = project.themes.all()

    def clean(self):
        data = super().clean()
        theme, before, move = data.get("theme"), data.get("before"), data.get("move")
        if theme is None or self.errors:
            return data
        if bool(before) == bool(move):
            raise forms.ValidationError(_("Kies één plaats: omhoog, omlaag, naar het eind, of vóór een ander thema."))
        if before and (before.parent_id != theme.parent_id or before.pk == theme.pk):
            raise forms.ValidationError(
                _(
                    "Een thema schuift alleen tussen de thema's onder hetzelfde bovenliggende thema; "
                    "onder een ander thema zetten gaat via Bewerken."
                )
            )
        return data

    def save(self, user):
        """Number the siblings 1, 2, ... in the new order; returns the theme's (old, new) place, counted from 1.
        The history keeps the move as the theme's place before and after."""
        theme, before, move = (self.cleaned_data[k] for k in ("theme", "before", "move"))
        with transaction.atomic():
            siblings = list(Theme.objects.select_for_update().filter(project=theme.project, parent=theme.parent_id))
            siblings.sort(key=lambda t: (t.order, t.name.casefold(), t.pk))
            old = [t.pk for t in siblings].index(theme.pk)
            rest = [t for t in siblings if t.pk != theme.pk]
            places = {"up": max(old - 1, 0), "down": min(old + 1, len(rest)), "last": len(rest)}
            new = places[move] if move else [t.pk for t in rest].index(before.pk)
            rest.insert(new, theme)
            changed = [t for place, t in enumerate(rest, start=1) if t.order != place]
            for place, t in enumerate(rest, start=1):
                t.order = place
            Theme.objects.bulk_update(changed, ["order"])
            if new != old:
                Action.record(
                    theme.project,
                    user,
                    Subject.THEME,
                    "update",
                    subject_id=theme.pk,
                    label=theme.name,
                    before={"order": old + 1},
                    after={"order": new + 1},
                )
        return old + 1, new + 1
