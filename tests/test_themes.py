"""The codebook tree on the model: order, depth and counts per theme and per subtree."""

from conftest import code_phrase

from interviews.models import Interview, Theme


def test_tree_order_is_depth_first_with_siblings_by_order_then_name(project, themes):
    Theme.objects.create(project=project, name="Aanloop", parent=themes["knelpunten"], order=0)
    tree = project.themes.in_tree_order()
    assert [(t.name, t.depth) for t in tree] == [
        ("samenwerking", 0),
        ("knelpunten", 0),
        ("Aanloop", 1),
        ("personeelstekort", 1),
        ("financiering", 0),
    ]
    assert [c.name for c in tree[1].subthemes] == ["Aanloop", "personeelstekort"]


def test_a_theme_whose_parent_is_filtered_out_shows_at_the_top(project, themes):
    tree = project.themes.exclude(pk=themes["knelpunten"].pk).in_tree_order()
    assert [(t.name, t.depth) for t in tree] == [("personeelstekort", 0), ("samenwerking", 0), ("financiering", 0)]


def test_subtree_counts_count_each_passage_and_interview_once(project, interview, themes, coder):
    second = Interview.objects.create(project=project, title="Kraamzorg", text="Het personeelstekort groeit.")
    grandchild = Theme.objects.create(project=project, name="verloop", parent=themes["personeelstekort"])
    code_phrase(interview, coder, "knelpunt", themes["knelpunten"], themes["personeelstekort"], grandchild)
    code_phrase(interview, coder, "personeelstekort", themes["personeelstekort"])
    code_phrase(second, coder, "personeelstekort", grandchild)
    code_phrase(interview, coder, "samenwerking", themes["samenwerking"])
    counts = {
        t.name: (t.passage_count, t.interview_count, t.tree_passage_count, t.tree_interview_count)
        for t in project.themes.tree_with_counts()
    }
    assert counts == {
        "samenwerking": (1, 1, 1, 1),
        "knelpunten": (1, 1, 3, 2),
        "personeelstekort": (2, 1, 3, 2),
        "verloop": (2, 2, 2, 2),
        "financiering": (0, 0, 0, 0),
    }


def test_tree_counts_take_two_queries_whatever_the_size(project, interview, coder, django_assert_num_queries):
    parent = None
    for n in range(20):
        parent = Theme.objects.create(project=project, name=f"t{n}", parent=parent)
        code_phrase(interview, coder, "samenwerking", parent)
    with django_assert_num_queries(2):
        tree = project.themes.tree_with_counts()
    assert tree[0].tree_passage_count == 20 and tree[-1].depth == 19
