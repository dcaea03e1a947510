"""A recording to put beside a transcript, and a turn's time set while listening."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import Recording
from ..recordings import ALLOWED, RecordingError, check_times, duration_ms, recognise

DAY_MS = 24 * 3600 * 1000


class RecordingForm(forms.Form):
    """The file, judged by its contents, its size and length, and against the turn times of the interview's text."""

    file = forms.FileField(
        label=_("Opname"),
        help_text=_("Geluid of video: %(allowed)s.") % {"allowed": ALLOWED},
        error_messages={"required": _("Kies een bestand met de opname.")},
    )

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_RECORDING_BYTES:
            raise forms.ValidationError(
                _("De opname is groter dan %(limit)s; er is niets opgeslagen.")
                % {"limit": filesizeformat(settings.MAX_RECORDING_BYTES)}
            )
        try:
            upload.recognised = recognise(upload)
            upload.duration_ms = duration_ms(upload)
            turns = self.interview.segments.filter(kind="turn").order_by("start").values_list("speaker", "time_start")
            check_times(list(turns), upload.duration_ms)
        except RecordingError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class TurnTimeForm(forms.Form):
    """Where a speaker turn starts in the recording, in milliseconds, between the turns before and after it."""

    turn = forms.IntegerField(
        min_value=1, error_messages={"invalid": _("Onbekende beurt."), "required": _("Welke beurt?")}
    )
    ms = forms.IntegerField(
        min_value=0,
        max_value=DAY_MS,
        error_messages={
            "invalid": _("De tijd is geen geheel aantal milliseconden."),
            "min_value": _("De tijd kan niet vóór het begin van de opname liggen."),
            "max_value": _("De tijd ligt meer dan een dag na het begin."),
            "required": _("Welke tijd?"),
        },
    )

    def __init__(self, data, *, interview):
        super().__init__(data)
        self.interview = interview

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        turns = list(self.interview.segments.filter(kind="turn").order_by("start"))
        found = next((i for i, t in enumerate(turns) if t.pk == data["turn"]), None)
        if found is None:
            raise forms.ValidationError(_("Die beurt hoort niet bij dit interview."))
        before = [t.time_start for t in turns[:found] if t.time_start is not None]
        after = [t.time_start for t in turns[found + 1 :] if t.time_start is not None]
        if before and data["ms"] < before[-1]:
            raise forms.ValidationError(_("Deze tijd ligt vóór die van een eerdere beurt; de volgorde moet kloppen."))
        if after and data["ms"] > after[0]:
            raise forms.ValidationError(_("Deze tijd ligt na die van een latere beurt; de volgorde moet kloppen."))
        recording = Recording.objects.filter(interview=self.interview).first()
        if recording and recording.duration_ms is not None and data["ms"] > recording.duration_ms + 1000:
            raise forms.ValidationError(_("Deze tijd ligt na het einde van de opname."))
        data["segment"] = turns[found]
        return data
