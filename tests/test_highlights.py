from types import SimpleNamespace

from interviews.highlights import Mark, marks, passage_list_html, runs, star_button, to_html

TEXT = "Eén coördinator 👶 voor alle partners."


def passage(pk, start, end, *colours):
    themes = [SimpleNamespace(pk=c, name=c, colour=c) for c in colours]
    return Mark(pk, start, end, "cees", "Cees", text=TEXT[start:end], theme_list=themes)


def test_runs_cover_the_text_exactly_once_in_order():
    result = runs(TEXT, [passage(1, 4, 17, "#111111"), passage(2, 0, 10, "#222222")])
    assert "".join(r.text for r in result) == TEXT
    assert all(TEXT[r.start : r.end] == r.text for r in result)


def test_nested_passages_are_both_active_inside_outer_first():
    outer, inner = passage(1, 0, 30, "#111111"), passage(2, 4, 15, "#222222")
    middle = next(r for r in runs(TEXT, [inner, outer]) if r.start == 4)
    assert [p.pk for p in middle.passages] == [1, 2]
    assert "#222222" in middle.style.split(";")[0], "the innermost passage gives the background"
    assert middle.style.count("inset") == 2


def test_overlapping_passages_split_into_three_runs():
    a, b = passage(1, 0, 10, "#111111"), passage(2, 5, 20, "#222222")
    coded = [(r.start, r.end, [p.pk for p in r.passages]) for r in runs(TEXT, [a, b]) if r.passages]
    assert coded == [(0, 5, [1]), (5, 10, [1, 2]), (10, 20, [2])]


def test_an_emoji_is_never_split():
    emoji_at = TEXT.index("👶")
    result = runs(TEXT, [passage(1, emoji_at, emoji_at + 1, "#111111")])
    assert [r.text for r in result if r.passages] == ["👶"]


def test_speaker_labels_are_marked_and_descriptions_name_themes_and_coder():
    result = runs("Interviewer: ja", [passage(1, 13, 15, "samenwerking")], labels=[(0, 12)])
    assert result[0].is_label and not result[-1].is_label
    assert result[-1].description == "samenwerking (cees)"


def test_the_html_of_runs_and_passages_escapes_every_text():
    text = 'I: <script>x("1")</script> & meer'
    coded = passage(7, 3, 27, "#111111")
    coded.text, coded.memo, coded.coder_name = text[3:27], "<b>memo</b>", "<i>Cees</i>"
    html = to_html(runs(text, [coded], labels=[(0, 2)]))
    assert "<script>" not in html and "&lt;script&gt;x(&quot;1&quot;)&lt;/script&gt;" in html
    assert html.startswith('<span class=" speaker">I:</span> <span id="p7" class="hl"')
    items = passage_list_html([coded])
    assert "<script>" not in items and "<b>" not in items and "&lt;i&gt;Cees&lt;/i&gt;" in items


def test_marks_take_their_text_from_the_transcript_and_their_themes_in_codebook_order():
    themes = [SimpleNamespace(pk=pk, name=name, colour="#111111") for pk, name in [(5, "b"), (3, "a"), (9, "c")]]
    rows = [(1, 0, 3, "cees", "", "", "", False), (2, 4, 15, "olga", "Olga", "de Vries", "memo", True)]
    first, second = marks(rows, [(1, 9), (1, 5), (2, 7)], themes, TEXT)
    assert (first.text, [t.name for t in first.theme_list], first.coder_name) == ("Eén", ["b", "c"], "cees")
    assert (second.text, second.theme_list, second.coder_name, second.starred) == (
        "coördinator",
        [],
        "Olga de Vries",
        True,
    ), "a theme not in the project's list is left out"


def test_the_list_shows_a_star_as_text_or_as_a_toggle_for_writers():
    starred, plain = passage(1, 0, 3, "#111111"), passage(2, 4, 15)
    starred.starred = True
    assert "★ ster" in passage_list_html([starred]) and "ster" not in passage_list_html([plain])
    items = passage_list_html([starred, plain], star_url="/p/x/passages/__P__/star/")
    assert star_button("/p/x/passages/1/star/", True) in items and 'aria-pressed="true"' in items
    assert 'formaction="/p/x/passages/2/star/" name="starred" value="1"' in items and 'aria-pressed="false"' in items
