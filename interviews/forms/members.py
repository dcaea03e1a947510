"""Forms of the members page: add, change a role, remove (a project always keeps an owner)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Action, Membership, Role, Subject
from ..models.history import snapshot

User = get_user_model()


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

    def save(self, by=None):
        with transaction.atomic():
            member = Membership.objects.create(project=self.project, user=self.user, role=self.cleaned_data["role"])
            _record(member, by, "create", after=snapshot(Subject.MEMBER, member))
        return member


def _record(member, by, verb, **changes):
    """One history row for a membership, labelled with the member's user name."""
    Action.record(
        member.project, by, Subject.MEMBER, verb, subject_id=member.user_id, label=member.user.username, **changes
    )


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

    def save(self, by=None):
        with transaction.atomic():
            member = super().save()
            if self.initial["role"] != member.role:
                _record(member, by, "update", before={"role": self.initial["role"]}, after={"role": member.role})
        return member


class MemberRemoveForm(forms.Form):
    """Remove a member; the last owner cannot be removed."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean(self):
        if _is_last_owner(self.instance):
            raise forms.ValidationError(LAST_OWNER_MESSAGE)
        return super().clean()

    def save(self, by=None):
        with transaction.atomic():
            _record(self.instance, by, "delete", before=snapshot(Subject.MEMBER, self.instance))
            self.instance.delete()
