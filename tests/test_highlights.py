from types import SimpleNamespace

from interviews.highlights import passage_list_html, runs, to_html

TEXT = "Eén coördinator 👶 voor alle partners."


def passage(pk, start, end, *colours):
    themes = [SimpleNamespace(pk=c, name=c, colour=c) for c in colours]
    return SimpleNamespace(pk=pk, start=start, end=end, theme_list=themes, coder=SimpleNamespace(username="cees"))


def test_runs_cover_the_text_exactly_once_in_order():
    result = runs(TEXT, [passage(1, 4, 17, "#111111"), passage(2, 0, 10, "#222222")])
    assert "".join(r.text for r in result) == TEXT
    assert all(TEXT[r.start:r.end] == r.text for r in result)


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
    coded.text, coded.memo = text[3:27], "<b>memo</b>"
    coded.coder.get_full_name = lambda: "<i>Cees</i>"
    html = to_html(runs(text, [coded], labels=[(0, 2)]))
    assert "<script>" not in html and "&lt;script&gt;x(&quot;1&quot;)&lt;/script&gt;" in html
    assert html.startswith('<span class=" speaker">I:</span> <span id="p7" class="hl"')
    items = passage_list_html([coded])
    assert "<script>" not in items and "<b>" not in items and "&lt;i&gt;Cees&lt;/i&gt;" in items
