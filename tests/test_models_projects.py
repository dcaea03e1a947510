"""Project.create_for: a new project and its owner's membership, together or not at all."""

import pytest
from django.db import IntegrityError

from interviews.models import Membership, Project, Role


def test_create_for_makes_the_owner_a_member_with_the_owner_role(owner):
    project = Project.create_for(owner, "Kansrijke Start", description="Pilot")
    assert project.slug == "kansrijke-start" and project.description == "Pilot"
    assert project.role_of(owner) == Role.OWNER and project.memberships.count() == 1


def test_create_for_gives_each_project_a_slug_of_its_own(owner, coder):
    first, second = Project.create_for(owner, "Zorg"), Project.create_for(coder, "Zorg")
    assert (first.slug, second.slug) == ("zorg", "zorg-2")


def test_create_for_keeps_a_given_slug_and_cuts_a_long_name(owner):
    project = Project.create_for(owner, "x" * 250, slug="eigen-adres")
    assert project.slug == "eigen-adres" and len(project.name) == 200


def test_create_for_stores_nothing_when_the_membership_fails(owner, monkeypatch):
    def refuse(**kwargs):
        raise IntegrityError("membership")

    monkeypatch.setattr(Membership.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        Project.create_for(owner, "Half")
    assert not Project.objects.filter(name="Half").exists()
