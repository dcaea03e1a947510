from django.urls import reverse

from interviews.models import Interview, Membership, Project, Role
from monitor.models import Municipality

LOGIN = "/accounts/login/"


def test_anonymous_visitors_are_sent_to_the_login_page(client, project):
    for url in [reverse("interviews:project_list"), reverse("interviews:project_detail", args=[project.slug])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_project_list_shows_only_my_projects(as_user, project, outsider):
    Project.objects.create(name="Geheim onderzoek", slug="geheim")
    page = as_user(outsider).get(reverse("interviews:project_list")).content.decode()
    assert "Kansrijke Start test" not in page and "Geheim onderzoek" not in page
    for member in project.memberships.select_related("user"):
        page = as_user(member.user).get(reverse("interviews:project_list")).content.decode()
        assert "Kansrijke Start test" in page and member.get_role_display() in page


def test_every_member_reads_the_overview_and_an_outsider_gets_404(check_access, project, interview):
    url = reverse("interviews:project_detail", args=[project.slug])
    check_access("get", url, {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})


def test_a_project_that_does_not_exist_looks_like_one_i_may_not_see(as_user, owner):
    assert as_user(owner).get(reverse("interviews:project_detail", args=["bestaat-niet"])).status_code == 404


def test_the_overview_lists_interviews_with_attributes_and_coding_counts(as_user, viewer, passage, interview):
    page = as_user(viewer).get(reverse("interviews:project_detail", args=[interview.project.slug])).content.decode()
    assert interview.title in page and "Utrecht" in page and "2022" in page
    row = page[page.index(interview.title) :]
    assert '<td class="num">1</td>' in row[: row.index("</tr>")]


def test_the_overview_filters_by_group_municipality_and_year(as_user, coder, interview):
    project = interview.project
    Interview.objects.create(
        project=project,
        title="Verloskundige Zwolle",
        text="R1: tekst",
        year=2021,
        stakeholder_group="verloskunde",
        municipality=Municipality.objects.get(code="GM0193"),
    )
    url = reverse("interviews:project_detail", args=[project.slug])
    client = as_user(coder)
    for query, shown, hidden in [
        ({"stakeholder_group": "verloskunde"}, "Verloskundige Zwolle", interview.title),
        ({"year": 2022}, interview.title, "Verloskundige Zwolle"),
        ({"municipality": interview.municipality_id}, interview.title, "Verloskundige Zwolle"),
    ]:
        page = client.get(url, query).content.decode()
        assert shown in page and hidden not in page, query


def test_a_nonsense_filter_shows_its_error_and_all_interviews(as_user, coder, interview):
    response = as_user(coder).get(
        reverse("interviews:project_detail", args=[interview.project.slug]), {"year": "twintig"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and interview.title in page and "Jaar: Voer een geheel getal in." in page


def test_the_overview_takes_a_fixed_number_of_queries(as_user, coder, interview, django_assert_max_num_queries):
    for n in range(20):
        Interview.objects.create(project=interview.project, title=f"Interview {n}", text="I: ja", year=2021)
    client = as_user(coder)
    with django_assert_max_num_queries(11):  # and one: which interviews a blind round hides
        client.get(reverse("interviews:project_detail", args=[interview.project.slug]))


def test_any_user_can_start_a_project_and_becomes_its_owner(as_user, outsider):
    response = as_user(outsider).post(
        reverse("interviews:project_create"), {"name": "Kraamzorg 2024", "description": ""}
    )
    project = Project.objects.get(name="Kraamzorg 2024")
    assert response.status_code == 302 and project.slug == "kraamzorg-2024"
    assert Membership.objects.get(project=project).role == Role.OWNER


def test_a_project_without_a_name_is_refused(as_user, outsider):
    response = as_user(outsider).post(reverse("interviews:project_create"), {"name": "  "})
    assert response.status_code == 400 and not Project.objects.exists()


def test_project_names_with_script_show_as_text(as_user, outsider):
    as_user(outsider).post(reverse("interviews:project_create"), {"name": "<script>alert(1)</script>"})
    page = as_user(outsider).get(reverse("interviews:project_list")).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
