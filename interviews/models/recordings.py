"""An interview's recording: an audio or video file in the default storage, played beside the transcript."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .history import Action
from .interviews import Interview


class Recording(models.Model):
    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="recording")
    file = models.FileField(upload_to="opnames/%Y/%m/", max_length=300)
    name = models.CharField("bestandsnaam", max_length=255)
    mime = models.CharField(max_length=40)
    kind = models.CharField(max_length=5)  # audio or video
    size = models.PositiveBigIntegerField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)  # None where the container does not say
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.interview}: {self.name}"

    def remove_file_on_commit(self):
        """Delete the stored file once the transaction that removes this row (or replaces the file) commits: a
        rolled-back removal keeps the file."""
        storage, path = self.file.storage, self.file.name
        transaction.on_commit(lambda: storage.delete(path))

    @classmethod
    def put(cls, interview, stored_name, name, mime, kind, size, user, duration_ms=None):
        """The interview's recording is now the stored file `stored_name` (a former one is removed, its file once
        this commits); recorded in the history."""
        with transaction.atomic():
            Interview.objects.select_for_update().filter(pk=interview.pk).exists()  # two uploads: one after the other
            former = cls.objects.filter(interview=interview).first()
            if former is not None:
                former.remove_file_on_commit()
                former.delete()
            recording = cls.objects.create(
                interview=interview,
                file=stored_name,
                name=name[:255],
                mime=mime,
                kind=kind,
                size=size,
                duration_ms=duration_ms,
                uploaded_by=user,
            )
            before = {"recording": former.name if former else None}
            Action.on_interview(interview, user, "update", before, {"recording": recording.name})
        return recording

    def take_off(self, user):
        """Remove the recording (its file once this commits), recorded in the history."""
        with transaction.atomic():
            self.remove_file_on_commit()
            self.delete()
            Action.on_interview(self.interview, user, "update", {"recording": self.name}, {"recording": None})
