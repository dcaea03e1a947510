"""Every change outside the coding endpoints leaves one Action, in the same transaction, with who, from where, and
what before and after; a refused change leaves none. (Imports, search, suggestions: tests/test_history_sources.py.)"""

import pytest
from django.urls import reverse

from interviews.models import Action, Coding, Membership, Memo, ProjectVariable, Role, Theme


def url(name, project, *args):
    return reverse(f"interviews:{name}", args=[project.slug, *args])


def only_action():
    assert Action.objects.count() == 1, list(Action.objects.all())
    return Action.objects.get()


def test_a_new_theme_is_recorded_with_all_its_fields(project, themes, as_user, coder):
    as_user(coder).post(url("codebook", project), {"name": "wachtlijst", "colour": "#123456"})
    action = only_action()
    theme = Theme.objects.get(name="wachtlijst")
    assert (action.user, action.source, action.subject, action.verb) == (coder, "browser", "theme", "create")
    assert action.subject_id == theme.pk and action.label == "wachtlijst" and action.before == {}
    assert action.after == {
        "id": theme.pk,
        "name": "wachtlijst",
        "colour": "#123456",
        "parent": None,
        "definition": "",
        "order": 4,
    }
    assert action.sentence() == "maakte thema “wachtlijst”"


def test_a_rename_keeps_only_what_changed(project, themes, as_user, coder):
    theme = themes["financiering"]
    data = {"name": "geld", "colour": "#27ae60", "order": 3, "definition": ""}
    as_user(coder).post(url("theme_edit", project, theme.pk), data)
    action = only_action()
    assert (action.verb, action.before, action.after) == ("update", {"name": "financiering"}, {"name": "geld"})
    assert action.changes() == [("naam", "financiering", "geld")]


def test_a_new_parent_is_a_move(project, themes, as_user, owner):
    theme = themes["financiering"]
    data = {"name": "financiering", "colour": "#27ae60", "order": 3, "parent": themes["knelpunten"].pk}
    as_user(owner).post(url("theme_edit", project, theme.pk), data)
    action = only_action()
    assert (action.verb, action.before, action.after) == ("move", {"parent": None}, {"parent": themes["knelpunten"].pk})


def test_an_edit_that_changes_nothing_and_a_refused_edit_record_nothing(project, themes, as_user, coder):
    theme = themes["financiering"]
    same = {"name": "financiering", "colour": "#27ae60", "order": 3}
    assert as_user(coder).post(url("theme_edit", project, theme.pk), same).status_code == 302
    clash = {"name": "KNELPUNTEN", "colour": "#27ae60", "order": 3}
    assert as_user(coder).post(url("theme_edit", project, theme.pk), clash).status_code == 400
    assert as_user(coder).post(url("codebook", project), {"name": "x", "colour": "rood"}).status_code == 400
    assert not Action.objects.exists()


def test_a_deleted_theme_keeps_what_a_restore_needs(project, themes, passage, as_user, owner):
    theme = themes["knelpunten"]
    passage.code([theme])
    coding = Coding.objects.get(tag=theme)
    Memo.objects.create(project=project, theme=theme, title="Let op", text="breed thema", author=owner)
    as_user(owner).post(url("theme_delete", project, theme.pk))
    action = only_action()
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert (action.verb, action.subject_id, action.label) == ("delete", theme.pk, "knelpunten")
    before = action.before
    assert {k: before[k] for k in ("name", "colour", "parent", "definition", "order")} == {
        "name": "knelpunten",
        "colour": "#eb5757",
        "parent": None,
        "definition": "",
        "order": 2,
    }
    assert before["codings"] == [[passage.pk, "manual", coding.coded_at.isoformat()]]
    assert before["children"] == [themes["personeelstekort"].pk]
    assert [(m["title"], m["text"], m["author"]) for m in before["memos"]] == [("Let op", "breed thema", owner.pk)]
    assert action.after == {"children_parent": None}


def test_a_merge_records_the_codings_and_where_they_went(project, themes, passage, as_user, owner):
    source, target = themes["samenwerking"], themes["financiering"]
    as_user(owner).post(url("theme_merge", project, source.pk), {"target": target.pk})
    action = only_action()
    assert action.verb == "merge" and action.subject_id == source.pk
    assert [row[0] for row in action.before["codings"]] == [passage.pk]
    assert action.after == {"target": target.pk, "target_name": "financiering", "moved": 1}
    assert list(Action.objects.on_theme(target.pk)) == [action]


def test_a_refused_merge_records_nothing(project, themes, as_user, owner):
    parent = themes["knelpunten"]
    response = as_user(owner).post(url("theme_merge", project, parent.pk), {"target": themes["personeelstekort"].pk})
    assert response.status_code == 400 and not Action.objects.exists()


def test_memos_are_recorded_when_written_changed_and_deleted(project, interview, as_user, coder):
    client = as_user(coder)
    client.post(url("memo_create", project) + f"?interview={interview.pk}", {"title": "Eerste", "text": "a"})
    memo = Memo.objects.get()
    client.post(url("memo_edit", project, memo.pk), {"title": "Eerste", "text": "b"})
    client.post(url("memo_delete", project, memo.pk))
    create, update, delete = Action.objects.order_by("pk")
    assert (create.verb, create.after["text"], create.interview) == ("create", "a", interview)
    assert (update.verb, update.before, update.after) == ("update", {"text": "a"}, {"text": "b"})
    assert (delete.verb, delete.before["title"], delete.before["interview"]) == ("delete", "Eerste", interview.pk)
    assert {a.subject for a in (create, update, delete)} == {"memo"} and delete.after == {}


def test_a_refused_memo_change_records_nothing(project, as_user, owner, coder):
    memo = Memo.objects.create(project=project, title="Van Olga", text="x", author=owner)
    assert as_user(coder).post(url("memo_edit", project, memo.pk), {"title": "y", "text": "z"}).status_code == 403
    assert as_user(coder).post(url("memo_delete", project, memo.pk)).status_code == 403
    assert as_user(owner).post(url("memo_create", project), {"title": "", "text": ""}).status_code == 400
    assert not Action.objects.exists()


def test_members_added_changed_and_removed_are_recorded(project, as_user, owner, outsider):
    client = as_user(owner)
    client.post(url("member_list", project), {"username": "otto", "role": "viewer"})
    added = Membership.objects.get(user=outsider)
    client.post(url("member_update", project, added.pk), {f"m{added.pk}-role": "coder"})
    client.post(url("member_update", project, added.pk), {"remove": "1"})
    create, update, delete = Action.objects.order_by("pk")
    assert (create.verb, create.after, create.label) == ("create", {"user": outsider.pk, "role": "viewer"}, "otto")
    assert (update.before, update.after) == ({"role": "viewer"}, {"role": "coder"})
    assert (delete.verb, delete.before, delete.subject_id) == (
        "delete",
        {"user": outsider.pk, "role": "coder"},
        outsider.pk,
    )
    assert {a.user for a in (create, update, delete)} == {owner}


def test_removing_the_last_owner_is_refused_and_not_recorded(project, as_user, owner):
    mine = Membership.objects.get(user=owner)
    assert as_user(owner).post(url("member_update", project, mine.pk), {"remove": "1"}).status_code == 400
    assert as_user(owner).post(url("member_list", project), {"username": "niemand"}).status_code == 400
    assert not Action.objects.exists() and mine.role == Role.OWNER


def test_interview_metadata_and_its_deletion_are_recorded(project, interview, passage, as_user, owner):
    data = {"title": "Gemeente Utrecht, wethouder", "year": 2023, "stakeholder_group": "gemeente", "labels": "pilot"}
    data["municipality"] = interview.municipality_id
    as_user(owner).post(url("interview_edit", project, interview.pk), data)
    edit = only_action()
    assert (edit.verb, edit.interview, edit.before, edit.after) == (
        "update",
        interview,
        {"year": 2022, "labels": []},
        {"year": 2023, "labels": ["pilot"]},
    )
    as_user(owner).post(url("interview_delete", project, interview.pk))
    delete = Action.objects.order_by("pk").last()
    assert (delete.verb, delete.subject_id, delete.before["passages"]) == ("delete", interview.pk, 1)
    assert delete.before["title"] == "Gemeente Utrecht, wethouder" and delete.interview is None


@pytest.mark.parametrize("data", [{"title": "", "year": 2022}, {"title": "x", "year": "elf"}])
def test_a_refused_interview_edit_is_not_recorded(project, interview, as_user, owner, data):
    assert as_user(owner).post(url("interview_edit", project, interview.pk), data).status_code == 400
    assert not Action.objects.exists()


def test_case_values_from_the_sheet_are_one_action_per_interview(project, interview, as_user, coder):
    coalition = ProjectVariable.objects.create(project=project, name="Coalitie", kind="yes_no")
    start = ProjectVariable.objects.create(project=project, name="Start", kind="date")
    cell = f"v{interview.pk}_"
    client = as_user(coder)

    def version():  # the sheet's hidden version, as the browser sends it back (a stale sheet is refused)
        return client.get(url("variable_sheet", project)).context["form"]["version"].value()

    bad = {f"{cell}{coalition.pk}": "ja", f"{cell}{start.pk}": "gisteren", "version": version()}
    assert client.post(url("variable_sheet", project), bad).status_code == 400
    assert not Action.objects.exists()
    for value in ("ja", "nee"):
        data = {f"{cell}{coalition.pk}": value, f"{cell}{start.pk}": "1-2-2021", "version": version()}
        assert client.post(url("variable_sheet", project), data).status_code == 302
    first, second = Action.objects.order_by("pk")
    assert (first.subject, first.interview, first.user, first.label) == (
        "case_value",
        interview,
        coder,
        interview.title,
    )
    assert (first.before, first.after) == ({"Coalitie": None, "Start": None}, {"Coalitie": True, "Start": "2021-02-01"})
    assert (second.before, second.after) == ({"Coalitie": True}, {"Coalitie": False})


def test_the_theme_filter_finds_passages_by_whole_theme_ids(project, themes, owner):
    theme = themes["samenwerking"].pk
    near = [theme * 10 + 1, theme + 10, int(f"1{theme}")]
    hit = Action.record(project, owner, "passage", "recode", before={"themes": [near[0], theme]}, after={"themes": []})
    Action.record(project, owner, "passage", "create", after={"themes": near})
    Action.record(project, owner, "memo", "create", after={"themes": [theme]})
    assert list(Action.objects.on_theme(theme)) == [hit]
