"""A project out as REFI-QDA (.qdpx): project.qde (valid against Project.xsd) and sources/<GUID>.txt.

What goes where: users → Users (name = username); themes → CodeBook (nested, colour, definition as
Description, theme memos as NoteRef); interview fields and project variables → Variables, with one
Case per interview holding its values and a SourceRef; interviews → TextSource over a UTF-8 text
with `\\n` and no BOM; passages → PlainTextSelection (code points, end exclusive) with one Coding per
theme and the coder as creatingUser; memos and passage memos → Notes with NoteRefs; saved code-combination
queries → Sets (the format's sets hold codes and sources, not selections): the query's themes as MemberCode,
the interviews it finds hits in as MemberSource, the query in words as Description.
"""

import shutil
import zipfile
from pathlib import Path

from django.contrib.auth import get_user_model

from .. import code_queries
from ..models import Coding, Memo, Passage, Segment, VariableValue
from ..selection import query_hits
from .qdc import add_codes, theme_guids
from .qdpx_xml import ORIGIN, PROJECT_NS, Xml, attr, guid_maker, make_guid, timestamp

# Interview fields that travel as REFI variables (name, typeOfVariable); plan.py maps them back.
FIELD_VARIABLES = [
    ("gemeente", "Text"),
    ("jaar", "Integer"),
    ("stakeholdergroep", "Text"),
    ("datum interview", "Date"),
    ("labels", "Text"),
]
KIND_TYPES = {"text": "Text", "number": "Float", "yes_no": "Boolean", "date": "Date"}
VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Boolean": "BooleanValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def field_values(interview):
    """The interview's fields as REFI variable values (strings), by variable name; empty ones left out."""
    values = {
        "gemeente": f"{interview.municipality.name} ({interview.municipality.code})" if interview.municipality else "",
        "jaar": str(interview.year or ""),
        "stakeholdergroep": interview.get_stakeholder_group_display() if interview.stakeholder_group else "",
        "datum interview": interview.interview_date.isoformat() if interview.interview_date else "",
        "labels": ", ".join(sorted(label.name for label in interview.labels.all())),
    }
    return {name: value for name, value in values.items() if value}


def typed_text(value):
    """A stored variable value as the text of its REFI value element."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "normalize"):
        return format(value.normalize(), "f")
    return str(value)


class ProjectWriter:
    """Loads one project in a fixed number of queries; `write(file)` zips project.qde and the texts."""

    def __init__(self, project, reader=None):
        self.project, self.guid = project, guid_maker(project)
        passages, codings = Passage.objects.all(), Coding.objects.all()
        if reader is not None:  # a coder in a blind round exports only what they may see (models/rounds.py)
            passages, codings = passages.visible_to(reader, project), codings.visible_to(reader, project)
        self.interviews = list(
            project.interviews.select_related("municipality", "recording").prefetch_related("labels")
        )
        self.sync_points = {}  # interview id → [(turn segment id, position, ms)] of its timed turns
        for pk, interview_id, start, ms in (
            Segment.objects.filter(interview__project=project, kind=Segment.Kind.TURN, time_start__isnull=False)
            .order_by("interview", "start")
            .values_list("pk", "interview_id", "start", "time_start")
        ):
            self.sync_points.setdefault(interview_id, []).append((pk, start, ms))
        self.themes = project.themes.all().in_tree_order()
        self.passages = list(
            passages.filter(interview__project=project)
            .order_by("interview", "start", "pk")
            .values_list("pk", "interview_id", "coder_id", "start", "end", "text", "memo", "created_at")
        )
        self.codings = {}
        for pk, passage_id, theme_id in (
            codings.filter(content_object__interview__project=project)
            .order_by("pk")
            .values_list("pk", "content_object_id", "tag_id")
        ):
            self.codings.setdefault(passage_id, []).append((pk, theme_id))
        self.memos = list(Memo.objects.filter(project=project).order_by("created_at", "pk"))
        self.queries = list(project.code_queries.order_by("name"))
        self.reader = reader
        self.values = {}
        for value in VariableValue.objects.filter(interview__project=project).select_related("variable"):
            self.values.setdefault(value.interview_id, []).append(value)
        self.variables = list(project.variables.all())
        user_ids = (
            {p[2] for p in self.passages}
            | {m.author_id for m in self.memos}
            | set(project.memberships.values_list("user_id", flat=True))
            | {i.created_by_id for i in self.interviews}
        )
        names = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
        self.users = {pk: (make_guid("user", name), name) for pk, name in names.items()}
        self.theme_guids = theme_guids(project, self.themes)
        self.source_guids = {i.pk: self.guid("interview", i.pk) for i in self.interviews}
        self.variable_guids = {name: make_guid(project.slug, "field", name) for name, _type in FIELD_VARIABLES}
        self.variable_guids.update({v.pk: self.guid("variable", v.pk) for v in self.variables})

    def user(self, user_id):
        return self.users[user_id][0] if user_id in self.users else None

    def xml(self):
        xml = Xml("Project", PROJECT_NS, name=self.project.name, origin=ORIGIN, creationDateTime=timestamp())
        if self.users:
            xml.start("Users")
            for guid, name in self.users.values():
                xml.empty("User", guid=guid, name=name)
            xml.end("Users")
        refs = {"project": [], "interview": {}, "theme": {}}
        for memo in self.memos:
            guid = self.guid("memo", memo.pk)
            if memo.interview_id:
                refs["interview"].setdefault(memo.interview_id, []).append(guid)
            elif memo.theme_id:
                refs["theme"].setdefault(memo.theme_id, []).append(guid)
            else:
                refs["project"].append(guid)
        if self.themes:
            xml.start("CodeBook")
            xml.start("Codes")
            add_codes(xml, [t for t in self.themes if t.depth == 0], self.theme_guids, refs["theme"])
            xml.end("Codes")
            xml.end("CodeBook")
        if self.interviews:
            self.add_variables_and_cases(xml)
            by_interview = {}
            for row in self.passages:
                by_interview.setdefault(row[1], []).append(row)
            xml.start("Sources")
            for interview in self.interviews:
                self.add_source(xml, interview, by_interview.get(interview.pk, []), refs["interview"])
            for interview in self.recorded:
                self.add_recording(xml, interview)
            xml.end("Sources")
        self.add_notes(xml)
        self.add_sets(xml)
        if self.project.description:
            xml.text("Description", self.project.description)
        for guid in refs["project"]:
            xml.empty("NoteRef", targetGUID=guid)
        return xml.bytes()

    def add_variables_and_cases(self, xml):
        xml.start("Variables")
        for name, type_ in FIELD_VARIABLES:
            xml.empty("Variable", guid=self.variable_guids[name], name=name, typeOfVariable=type_)
        for variable in self.variables:
            xml.empty(
                "Variable",
                guid=self.variable_guids[variable.pk],
                name=variable.name,
                typeOfVariable=KIND_TYPES.get(variable.kind, "Text"),
            )
        xml.end("Variables")
        xml.start("Cases")
        types = dict(FIELD_VARIABLES)
        for interview in self.interviews:
            xml.start("Case", guid=self.guid("case", interview.pk), name=interview.title)
            values = [
                (self.variable_guids[name], types[name], value) for name, value in field_values(interview).items()
            ]
            values += [
                (self.variable_guids[v.variable_id], KIND_TYPES.get(v.variable.kind, "Text"), typed_text(v.value))
                for v in self.values.get(interview.pk, [])
                if v.value is not None
            ]
            for guid, type_, value in values:
                xml.start("VariableValue")
                xml.empty("VariableRef", targetGUID=guid)
                xml.text(VALUE_ELEMENTS[type_], value)
                xml.end("VariableValue")
            xml.empty("SourceRef", targetGUID=self.source_guids[interview.pk])
            xml.end("Case")
        xml.end("Cases")

    def add_source(self, xml, interview, passages, note_refs):
        guid = self.source_guids[interview.pk]
        xml.start(
            "TextSource",
            guid=guid,
            name=interview.title,
            plainTextPath=f"internal://{guid}.txt",
            creatingUser=self.user(interview.created_by_id),
            creationDateTime=timestamp(interview.created_at),
        )
        parts, guid = xml.parts, self.guid  # the bulk of the file: written directly, GUIDs need no escaping
        for pk, _interview, coder, start, end, text, memo, created in passages:
            by = f' creatingUser="{self.users[coder][0]}"' if coder in self.users else ""
            name = attr(" ".join(text[:80].split())[:60])
            parts.append(
                f'<PlainTextSelection guid="{guid("passage", pk)}" name="{name}" startPosition="{start}"'
                f' endPosition="{end}"{by} creationDateTime="{timestamp(created)}">'
            )
            parts.extend(
                f'<Coding guid="{guid("coding", coding)}"{by}>'
                f'<CodeRef targetGUID="{self.theme_guids[theme]}"/></Coding>'
                for coding, theme in self.codings.get(pk, ())
            )
            if memo:
                parts.append(f'<NoteRef targetGUID="{guid("passage-memo", pk)}"/>')
            parts.append("</PlainTextSelection>")
        for note_guid in note_refs.get(interview.pk, []):
            xml.empty("NoteRef", targetGUID=note_guid)
        xml.end("TextSource")

    @property
    def recorded(self):
        return [i for i in self.interviews if getattr(i, "recording", None) is not None]

    def media_path(self, recording):
        return f"{self.guid('recording', recording.pk)}{Path(recording.file.name).suffix}"

    def add_recording(self, xml, interview):
        """The interview's recording as an audio or video source whose transcript is the interview's text file,
        with a sync point (ms, character position) where each timed turn starts. The codings stay on the text."""
        recording = interview.recording
        tag = "VideoSource" if recording.kind == "video" else "AudioSource"
        xml.start(
            tag,
            guid=self.guid("recording", recording.pk),
            name=recording.name,
            path=f"internal://{self.media_path(recording)}",
            creatingUser=self.user(recording.uploaded_by_id),
            creationDateTime=timestamp(recording.uploaded_at),
        )
        xml.start(
            "Transcript",
            guid=self.guid("transcript", interview.pk),
            name=interview.title,
            plainTextPath=f"internal://{self.source_guids[interview.pk]}.txt",
        )
        for pk, position, ms in self.sync_points.get(interview.pk, []):
            xml.empty("SyncPoint", guid=self.guid("sync", pk), timeStamp=str(ms), position=str(position))
        xml.end("Transcript")
        xml.end(tag)

    def add_notes(self, xml):
        notes = [(self.guid("memo", m.pk), m.title, m.text, m.author_id, m.created_at) for m in self.memos]
        notes += [
            (self.guid("passage-memo", p[0]), f"Memo bij passage: {p[5][:40]}", p[6], p[2], p[7])
            for p in self.passages
            if p[6]
        ]
        if not notes:
            return
        xml.start("Notes")
        for guid, name, text, author, created in notes:
            xml.start("Note", guid=guid, name=name, creatingUser=self.user(author), creationDateTime=timestamp(created))
            xml.text("PlainTextContent", text.replace("\r\n", "\n"))
            xml.end("Note")
        xml.end("Notes")

    def add_sets(self, xml):
        if not self.queries:
            return
        xml.start("Sets")
        for query in self.queries:
            definition = code_queries.Definition.from_json(query.definition)
            found = {hit.interview_id for hit in query_hits(definition, self.project, self.reader)}
            xml.start("Set", guid=self.guid("query", query.pk), name=query.name)
            xml.text("Description", code_queries.describe(definition, self.project))
            named = [pk for ts in definition.theme_sets() for pk in ts.themes + ts.exclude]
            for pk in dict.fromkeys(named):
                if pk in self.theme_guids:
                    xml.empty("MemberCode", targetGUID=self.theme_guids[pk])
            for interview in self.interviews:
                if interview.pk in found:
                    xml.empty("MemberSource", targetGUID=self.source_guids[interview.pk])
            xml.end("Set")
        xml.end("Sets")

    def write(self, file):
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", self.xml())
            for interview in self.interviews:
                archive.writestr(f"sources/{self.source_guids[interview.pk]}.txt", interview.text.encode("utf-8"))
            for interview in self.recorded:  # copied in pieces: a recording may be hundreds of megabytes
                name = f"sources/{self.media_path(interview.recording)}"
                stored = zipfile.ZipInfo(name, date_time=interview.recording.uploaded_at.timetuple()[:6])
                stored.compress_type = zipfile.ZIP_STORED  # compressed audio and video do not deflate
                with interview.recording.file.open("rb") as media, archive.open(stored, "w", force_zip64=True) as out:
                    shutil.copyfileobj(media, out, 1024 * 1024)


def write_project(project, file, reader=None):
    """The whole project as a .qdpx into a binary file object (as `reader` may see it, when given)."""
    ProjectWriter(project, reader).write(file)
