import pytest
from django.urls import reverse

from interviews.models import Membership, Project, Role

pytestmark = pytest.mark.django_db

ALL_READ = {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}
OWN_ONLY = {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 403}


def members_url(project):
    return reverse("interviews:member_list", args=[project.slug])


def update_url(project, membership):
    return reverse("interviews:member_update", args=[project.slug, membership.pk])


def membership_of(project, user):
    return Membership.objects.get(project=project, user=user)


def role_data(membership, role):
    return {f"m{membership.pk}-role": role}


def test_every_member_sees_the_member_list_and_outsiders_do_not(project, check_access):
    check_access("get", members_url(project), ALL_READ)


def test_member_list_shows_username_full_name_and_role(project, owner, viewer, as_user):
    owner.first_name, owner.last_name = "Olga", "de Vries"
    owner.save()
    page = as_user(viewer).get(members_url(project)).content.decode()
    assert "olga" in page and "Olga de Vries" in page and "eigenaar" in page
    assert "cees" in page and "codeur" in page and "lezer" in page


def test_only_owners_see_the_forms_to_manage_members(project, owner, coder, as_user):
    assert "Lid toevoegen" not in as_user(coder).get(members_url(project)).content.decode()
    page = as_user(owner).get(members_url(project)).content.decode()
    assert "Lid toevoegen" in page and "Rol wijzigen" in page and "Verwijderen uit project" in page


def test_only_owners_can_add_members(project, outsider, check_access):
    check_access("post", members_url(project), OWN_ONLY, data={"username": "otto", "role": "coder"})
    assert not Membership.objects.filter(user=outsider).exists()


def test_owner_adds_an_existing_user_with_a_role(project, owner, outsider, as_user):
    response = as_user(owner).post(members_url(project), {"username": "otto", "role": "viewer"}, follow=True)
    assert membership_of(project, outsider).role == Role.VIEWER
    assert "otto is toegevoegd als lezer" in response.content.decode()


def test_adding_an_unknown_username_shows_an_error_and_stores_nothing(project, owner, as_user):
    before = Membership.objects.count()
    response = as_user(owner).post(members_url(project), {"username": "niemand", "role": "coder"})
    assert response.status_code == 400
    assert "Er is geen gebruiker met de gebruikersnaam" in response.content.decode()
    assert Membership.objects.count() == before


def test_adding_someone_who_is_already_a_member_shows_an_error(project, owner, viewer, as_user):
    response = as_user(owner).post(members_url(project), {"username": "vera", "role": "owner"})
    assert response.status_code == 400
    assert "vera is al lid van dit project" in response.content.decode()
    assert membership_of(project, viewer).role == Role.VIEWER


def test_adding_with_an_unknown_role_is_refused(project, owner, outsider, as_user):
    response = as_user(owner).post(members_url(project), {"username": "otto", "role": "baas"})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=outsider).exists()


def test_only_owners_can_change_a_role(project, coder, check_access):
    target = membership_of(project, coder)
    check_access("post", update_url(project, target), OWN_ONLY, data=role_data(target, "owner"))
    assert membership_of(project, coder).role == Role.CODER


def test_owner_changes_a_members_role(project, owner, coder, as_user):
    target = membership_of(project, coder)
    response = as_user(owner).post(update_url(project, target), role_data(target, "viewer"), follow=True)
    assert membership_of(project, coder).role == Role.VIEWER
    assert "cees is nu lezer" in response.content.decode()


def test_only_owners_can_remove_a_member(project, viewer, check_access):
    target = membership_of(project, viewer)
    check_access("post", update_url(project, target), OWN_ONLY, data={"remove": "1"})
    assert Membership.objects.filter(pk=target.pk).exists()


def test_owner_removes_a_member(project, owner, viewer, as_user):
    target = membership_of(project, viewer)
    response = as_user(owner).post(update_url(project, target), {"remove": "1"}, follow=True)
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert "vera is geen lid meer" in response.content.decode()


def test_the_last_owner_cannot_be_demoted(project, owner, as_user):
    target = membership_of(project, owner)
    response = as_user(owner).post(update_url(project, target), role_data(target, "coder"))
    assert response.status_code == 400
    assert "altijd minstens één eigenaar" in response.content.decode()
    assert membership_of(project, owner).role == Role.OWNER


def test_the_last_owner_cannot_be_removed(project, owner, as_user):
    target = membership_of(project, owner)
    response = as_user(owner).post(update_url(project, target), {"remove": "1"})
    assert response.status_code == 400
    assert "altijd minstens één eigenaar" in response.content.decode()
    assert Membership.objects.filter(pk=target.pk, role=Role.OWNER).exists()


def test_an_owner_can_step_down_when_another_owner_remains(project, owner, coder, as_user):
    Membership.objects.filter(project=project, user=coder).update(role=Role.OWNER)
    target = membership_of(project, owner)
    response = as_user(owner).post(update_url(project, target), {"remove": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("interviews:project_list")
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_a_membership_of_another_project_is_not_found(project, owner, outsider, as_user):
    other = Project.objects.create(name="Ander project", slug="ander")
    foreign = Membership.objects.create(project=other, user=outsider, role=Role.OWNER)
    client = as_user(owner)
    assert client.post(update_url(project, foreign), {"remove": "1"}).status_code == 404
    assert client.post(update_url(project, foreign), role_data(foreign, "viewer")).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk, role=Role.OWNER).exists()


def test_member_update_only_accepts_post(project, owner, coder, as_user):
    target = membership_of(project, coder)
    assert as_user(owner).get(update_url(project, target)).status_code == 405


def test_names_with_script_tags_are_shown_as_text(project, owner, coder, as_user):
    coder.first_name = "<script>alert(1)</script>"
    coder.save()
    page = as_user(owner).get(members_url(project)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = as_user(owner).post(members_url(project), {"username": "<script>y", "role": "coder"})
    assert "<script>y" not in response.content.decode()
