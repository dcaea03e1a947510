"""Passages and themes as plain JSON and back again: what history's actions keep in `before`/`after`, and
what undo, redo and restoring a deleted theme put back. Mixed into Passage and Theme (models/coding.py).

A passage snapshot: {"id", "interview", "coder", "start", "end", "text", "memo", "starred",
"themes": [[theme id, origin, coded_at ISO]] sorted by theme id}; {} stands for "no passage".
A theme snapshot: {"id", "name", "colour", "parent", "definition", "order", "children": [ids],
"codings": [[passage id, origin, coded_at ISO]]} (codings only when asked for).
"""

from django.db import transaction
from django.utils.dateparse import parse_datetime

from ..versions import passage_version


def _codings_model(model):
    return model._meta.get_field("codings").related_model


class PassageSnapshots:
    def version(self):
        """versions.passage_version of the passage as it is (needs .theme_list): the stale-write check."""
        return passage_version(self.start, self.end, self.memo, self.starred, [t.pk for t in self.theme_list])

    def snapshot(self, codings=None):
        """This passage as JSON; its codings are read from the database (one query) unless given (a new
        passage's, as Passage.code made them)."""
        if codings is None:
            codings = self.codings.order_by("tag_id").values_list("tag_id", "origin", "coded_at")
        else:
            codings = sorted((c.tag_id, c.origin, c.coded_at) for c in codings)
        return {
            "id": self.pk,
            "interview": self.interview_id,
            "coder": self.coder_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "memo": self.memo,
            "starred": self.starred,
            "themes": [[tag, origin, at.isoformat()] for tag, origin, at in codings],
        }

    @classmethod
    def snapshot_of(cls, interview, passage_id):
        """The stored passage's snapshot, {} when there is none (in this interview)."""
        passage = cls.objects.filter(interview=interview, pk=passage_id).first()
        return passage.snapshot() if passage else {}

    @classmethod
    @transaction.atomic
    def restore(cls, interview, passage_id, snapshot):
        """Make the stored passage `passage_id` of `interview` what `snapshot` says: delete it ({}), or
        create it again under its own id, or set its span, memo, star and codings. Themes deleted since are
        left out. ValueError (Dutch) when the text no longer holds the snapshot's words at its offsets.
        Returns the passage, or None when it was deleted."""
        if not snapshot:
            cls.objects.filter(interview=interview, pk=passage_id).delete()
            return None
        start, end = snapshot["start"], snapshot["end"]
        if interview.text[start:end] != snapshot["text"] or not 0 <= start < end:
            raise ValueError("De tekst van het interview is intussen veranderd; de passage kan niet terug.")
        fields = {k: snapshot[k] for k in ("start", "end", "text", "memo", "starred")}
        passage = cls.objects.filter(interview=interview, pk=passage_id).first()
        if passage is None:
            passage = cls(pk=passage_id, interview=interview, coder_id=snapshot["coder"], **fields)
            passage.save(force_insert=True)
        else:
            for name, value in fields.items():
                setattr(passage, name, value)
            passage.save(update_fields=[*fields, "updated_at"])
        passage.interview = interview
        coding = _codings_model(cls)
        wanted = {tag: (origin, at) for tag, origin, at in snapshot["themes"]}
        passage.codings.exclude(tag_id__in=wanted).delete()
        have = set(passage.codings.values_list("tag_id", flat=True))
        alive = list(interview.project.themes.filter(pk__in=set(wanted) - have).values_list("pk", flat=True))
        coding.objects.bulk_create(
            [
                coding(
                    content_object=passage, tag_id=tag, origin=wanted[tag][0], coded_at=parse_datetime(wanted[tag][1])
                )
                for tag in alive
            ]
        )
        return passage


class ThemeSnapshots:
    def snapshot(self, with_codings=False):
        """This theme as JSON; with its codings for a deletion that may be taken back."""
        shot = {
            "id": self.pk,
            "name": self.name,
            "colour": self.colour,
            "parent": self.parent_id,
            "definition": self.definition,
            "order": self.order,
        }
        if with_codings:  # children and codings: what a deletion that may be taken back must keep
            shot["children"] = sorted(self.children.values_list("pk", flat=True))
            codings = self.codings.order_by("content_object_id").values_list("content_object_id", "origin", "coded_at")
            shot["codings"] = [[passage, origin, at.isoformat()] for passage, origin, at in codings]
        return shot

    @classmethod
    @transaction.atomic
    def restore(cls, project, snapshot):
        """Create a deleted theme again from its snapshot: under its own id when that is free, under its old
        parent when that still exists, with its children that still hang where its deletion put them (under
        its parent), its codings of passages that still exist and its memos. ValueError (Dutch) when the name is
        taken."""
        name = snapshot["name"]
        if project.themes.filter(name__iexact=name).exists():
            raise ValueError(f"Er is al een thema “{name}”; hernoem of verwijder dat eerst.")
        parent = project.themes.filter(pk=snapshot["parent"]).first() if snapshot["parent"] else None
        theme = cls(project=project, name=name, colour=snapshot["colour"], parent=parent)
        theme.definition, theme.order = snapshot["definition"], snapshot["order"]
        if not cls.objects.filter(pk=snapshot["id"]).exists():
            theme.pk = snapshot["id"]
        theme.save(force_insert=True)
        project.themes.filter(pk__in=snapshot["children"], parent=parent).exclude(pk=theme.pk).update(parent=theme)
        coding = _codings_model(cls)
        passage_model = coding._meta.get_field("content_object").related_model
        found = {tag[0]: tag for tag in snapshot.get("codings", [])}
        alive = list(
            passage_model.objects.filter(interview__project=project, pk__in=found).values_list("pk", flat=True)
        )
        coding.objects.bulk_create(
            [
                coding(content_object_id=pk, tag=theme, origin=found[pk][1], coded_at=parse_datetime(found[pk][2]))
                for pk in alive
            ],
            ignore_conflicts=True,
        )
        theme.restored_codings = len(alive)
        for memo in snapshot.get("memos", []):  # its memos, as the deletion kept them (their authors are kept)
            theme.memos.create(
                project=project,
                title=memo["title"],
                text=memo["text"],
                author_id=memo["author"],
                created_at=parse_datetime(memo["created_at"]),
            )
        theme.restored_memos = len(snapshot.get("memos", []))
        return theme
