"""Forms of the API (views/api/): one passage of a bulk call, checked as the browser's coding form checks it."""

from django import forms

from .coding import GONE, THEME_GONE, PassageCreateForm


class BulkPassageForm(PassageCreateForm):
    """PassageCreateForm for one of up to 1,000 passages: the same fields, checks and Dutch messages, with the
    project's themes ({id: theme}) and the interview's offsets looked up once for the whole call rather than
    once per passage."""

    def __init__(self, data, *, interview, themes, offsets):
        super().__init__(data, interview=interview)
        self.project_themes = themes
        self.__dict__["offsets"] = offsets  # the cached_property of _CodingForm, shared by the call's forms

    def clean_theme(self):
        ids = set(self.cleaned_data["theme"])
        if not ids <= self.project_themes.keys():
            raise forms.ValidationError(THEME_GONE, code=GONE)
        return [self.project_themes[pk] for pk in sorted(ids)]

    def spans(self, named):
        """(interview, start, end, themes, memo) for Passage.code_spans, with the themes named by new_theme
        ({name: theme}, made once for the call)."""
        themes = [*self.cleaned_data["theme"], *(named[name] for name in self.names)]
        return (self.interview, *self.span, themes, self.cleaned_data["memo"])
