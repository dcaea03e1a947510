"""What an import brings in, before and after it is stored: the plan shared by the REFI-QDA and Taguette readers.

A reader fills an ImportPlan (themes, interviews with canonical text, passages in code points,
memos, variables) and lists in `skipped` what it had to leave out and why. `plan.finish()` resolves
what needs the database (municipalities, users) so the preview can say everything; `store()` then
writes it in one transaction with bulk inserts. Nothing is stored when the researcher does not
accept a partial import.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from monitor.models import Municipality

from ..models import (
    THEME_PALETTE,
    Action,
    Coding,
    Interview,
    Memo,
    Origin,
    Passage,
    ProjectVariable,
    Source,
    StakeholderGroup,
    Subject,
    Theme,
    VariableValue,
)
from ..textsearch import index_interview
from ..titles import title_from_name
from ..transcripts.segments import add_segments
from .inserts import insert_rows

TYPE_KINDS = {
    "Text": "text",
    "Integer": "number",
    "Float": "number",
    "Boolean": "yes_no",
    "Date": "date",
    "DateTime": "date",
}
FIELD_NAMES = {"gemeente", "jaar", "stakeholdergroep", "datum interview", "labels"}
GROUPS = {
    **{key: key for key, _label in StakeholderGroup.choices},
    **{label: key for key, label in StakeholderGroup.choices},
}


@dataclass
class ImportPlan:
    name: str = ""
    origin: str = ""
    users: dict = field(default_factory=dict)  # user key → name in the file
    codes: list = field(default_factory=list)  # qdc.read_codes dicts, parents first
    sources: list = field(default_factory=list)
    memos: list = field(default_factory=list)
    note_targets: list = field(default_factory=list)  # (note key, "project"|"interview"|"theme"|"passage", target)
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    coders: dict = field(default_factory=dict)  # user key → (username, exists) after finish()
    places: dict = field(default_factory=dict, repr=False)  # 'gemeente' value → Municipality or None

    def skip(self, reason):
        self.skipped.append(reason)

    def add_source(self, key, title, text, created=None):
        source = {
            "key": key,
            "title": title_from_name(title) or "Interview",
            "name": title,  # as the file named it, kept as the interview's source name
            "text": text,
            "created": created,
            "passages": [],
            "by_span": {},
            "variables": [],
            "labels": [],
            "fields": {},
        }
        self.sources.append(source)
        return source

    def source(self, key):
        return next((s for s in self.sources if s["key"] == key), None)

    def add_passage(self, source, start, end, coder, codes, memo="", created=None):
        """A passage over source text[start:end]; one coder's selections of the same span become one."""
        passage = source["by_span"].get((start, end, coder))
        if passage is None:
            passage = {"start": start, "end": end, "coder": coder, "codes": [], "memo": "", "created": created}
            source["by_span"][(start, end, coder)] = passage
            source["passages"].append(passage)
        passage["codes"] += [c for c in codes if c not in passage["codes"]]
        if memo and memo not in passage["memo"]:
            passage["memo"] = "\n\n".join(filter(None, [passage["memo"], memo]))
        return passage

    def attach_notes(self, notes):
        """Notes (key → title, text, author, created) become memos where the targets say; others project memos."""
        used = set()
        for key, on, target in self.note_targets:
            note = notes.get(key)
            if note is None:
                self.skip(f"Een verwijzing naar een notitie die niet bestaat ({key}) is overgeslagen.")
                continue
            used.add(key)
            if on == "passage":
                target["memo"] = "\n\n".join(filter(None, [target["memo"], note["text"]]))
            else:
                self.memos.append({**note, "on": on, "target": target})
        self.memos += [{**n, "on": "project", "target": None} for k, n in notes.items() if k not in used]

    def finish(self):
        """Resolve interview fields and variables, and who the coders are; returns the plan."""
        for source in self.sources:
            for name, type_, value in source["variables"]:
                self.set_value(source, name.strip()[:100] or "variabele", type_, value)
        User = get_user_model()
        keys = {p["coder"] for s in self.sources for p in s["passages"]} | {m["author"] for m in self.memos}
        for key in filter(None, keys):
            username = re.sub(r"[^\w.@+-]+", "_", self.users.get(key, "") or "")[:150].strip("_")
            if username:
                self.coders[key] = (username, User.objects.filter(username__iexact=username).exists())
        return self

    def set_value(self, source, name, type_, value):
        fields, title = source["fields"], source["title"]
        lower = name.casefold()
        if lower == "gemeente":
            if value not in self.places:  # each municipality once, not once per interview
                code = re.search(r"\bGM\d{4}\b", value)
                self.places[value] = (
                    Municipality.objects.filter(code=code.group()).first()
                    if code
                    else (Municipality.objects.filter(name__iexact=value).first())
                )
            found = self.places[value]
            if found:
                fields["municipality"] = found
            else:
                self.skip(f"‘{title}’: gemeente ‘{value}’ is onbekend.")
        elif lower == "jaar" and value.isdigit() and 1990 <= int(value) <= 2100:
            fields["year"] = int(value)
        elif lower == "stakeholdergroep" and value in GROUPS:
            fields["stakeholder_group"] = GROUPS[value]
        elif lower == "datum interview" and re.fullmatch(r"\d{4}-\d\d-\d\d", value[:10]):
            fields["interview_date"] = date.fromisoformat(value[:10])
        elif lower == "labels":
            source["labels"] += [label.strip()[:100] for label in value.split(",") if label.strip()]
        elif lower in FIELD_NAMES:
            self.skip(f"‘{title}’: {name} ‘{value}’ past niet en is overgeslagen.")
        else:
            kind = TYPE_KINDS.get(type_, "text")
            try:
                typed = VariableValue.parse(kind, value[:10] if type_ == "DateTime" else value)
            except ValueError as error:
                self.skip(f"‘{title}’: variabele {name}: {error}")
                return
            source.setdefault("custom", {})[name] = (kind, typed, value)

    def summary(self):
        """What the import brings in, as (Dutch label, count)."""
        passages = [p for s in self.sources for p in s["passages"]]
        return [
            ("thema's", len(self.codes)),
            ("interviews", len(self.sources)),
            ("passages", len(passages)),
            ("coderingen", sum(len(p["codes"]) for p in passages)),
            ("memo's", len(self.memos)),
            ("passages met memo", sum(bool(p["memo"]) for p in passages)),
            ("codeurs", len(self.coders)),
        ]

    def skipped_summary(self):
        """Skip reasons, each once with how often it occurred."""
        return [f"{reason} ({n}×)" if n > 1 else reason for reason, n in Counter(self.skipped).items()]


def unique(name, taken, length):
    candidate, n = name[:length], 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name[: length - 6]} ({n})"
    taken.add(candidate.casefold())
    return candidate


@transaction.atomic
def store(plan, project, importer, source_format="qdpx", via=Source.IMPORT):
    """Write the plan into the project; returns the new interviews (run analyse_texts on them afterwards).
    The history gets one action for the project, with what came in."""
    users = store_users(plan, importer)
    themes = store_themes(plan, project)
    coder_ids, theme_ids = {key: user.pk for key, user in users.items()}, {key: t.pk for key, t in themes.items()}
    importer_id = importer.pk  # request.user is a lazy object: slow to ask 50,000 times
    taken = {t.casefold() for t in project.interviews.values_list("title", flat=True)}
    variables = {v.name.casefold(): v for v in project.variables.all()}
    sources = plan.sources
    rows = Interview.objects.bulk_create(
        [
            Interview(
                project=project,
                title=unique(source["title"], taken, 200),
                text=source["text"],
                created_by=importer,
                source_name=source["name"][:255],
                source_format=source_format,
                created_at=source["created"] or timezone.now(),
                **source["fields"],
            )
            for source in sources
        ]
    )
    interviews, values, passages, codings, now = {}, [], [], [], timezone.now()
    for source, interview in zip(sources, rows):
        interviews[source["key"]] = interview
        if source["labels"]:
            interview.labels.add(*sorted(set(source["labels"])))
        for name, (kind, typed, raw) in source.get("custom", {}).items():
            variable = variables.get(name.casefold())
            if variable is None:
                order = (project.variables.aggregate(m=Max("order"))["m"] or 0) + 1
                variable = variables[name.casefold()] = ProjectVariable.objects.create(
                    project=project, name=name, kind=kind, order=order
                )
            item = VariableValue(interview=interview, variable=variable)
            try:
                item.value = typed if kind == variable.kind else VariableValue.parse(variable.kind, raw)
            except ValueError:
                continue  # does not fit the kind of the project's existing variable of this name
            values.append(item)
        text = source["text"]
        for p in source["passages"]:  # plain rows: 50,000 model instances alone would take seconds
            passages.append(
                (
                    interview.pk,
                    coder_ids.get(p["coder"], importer_id),
                    p["start"],
                    p["end"],
                    text[p["start"] : p["end"]],
                    p["memo"],
                    False,
                    p["created"] or now,
                    now,
                )
            )
            codings.append([theme_ids[c] for c in p["codes"]])
    VariableValue.objects.bulk_create(values)
    ids = insert_rows(Passage, PASSAGE_COLUMNS, passages, returning=True)
    insert_rows(
        Coding,
        CODING_COLUMNS,
        [
            (pk, theme, passage[7], Origin.IMPORT.value)
            for pk, passage, ts in zip(ids, passages, codings)
            for theme in ts
        ],
    )
    store_memos(plan, project, importer, users, themes, interviews)
    after = {"format": source_format, "interviews": len(rows), "passages": len(passages), "themes": len(themes)}
    Action.record(
        project,
        importer,
        Subject.PROJECT,
        "import",
        subject_id=project.pk,
        label=project.name,
        after=after,
        source=via,
    )
    return rows


def analyse_texts(interviews):
    """What an interview gets from its text after import: turn and sentence segments, the word index.

    Kept out of store(): it is the slow part (spaCy), and the imported data is complete without it.
    """
    for interview in interviews:
        if not interview.segments.exists():
            add_segments(interview)
        index_interview(interview)


PASSAGE_COLUMNS = ("interview", "coder", "start", "end", "text", "memo", "starred", "created_at", "updated_at")
CODING_COLUMNS = ("content_object", "tag", "coded_at", "origin")


def store_users(plan, importer):
    """User key → user: the existing user with that username, else a new one who cannot log in."""
    User, users = get_user_model(), {}
    for key, (username, _exists) in plan.coders.items():
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = User(username=username, is_active=False)
            user.set_unusable_password()
            user.save()
        users[key] = user
    return users


def store_themes(plan, project):
    """Code GUID → theme; a code whose name the project already uses gets that theme."""
    existing = {t.name.casefold(): t for t in project.themes.all()}
    order = project.themes.aggregate(m=Max("order"))["m"] or 0
    themes = {}
    for position, code in enumerate(plan.codes, start=order + 1):
        theme = existing.get(code["name"].casefold())
        if theme is None:
            theme = Theme.objects.create(
                project=project,
                name=code["name"],
                parent=themes.get(code["parent"]),
                order=position,
                colour=code["colour"] or THEME_PALETTE[position % len(THEME_PALETTE)],
                definition=code["definition"],
            )
        themes[code["guid"]] = theme
    return themes


def store_memos(plan, project, importer, users, themes, interviews):
    memos = []
    for memo in plan.memos:
        item = Memo(
            project=project,
            title=(memo["title"] or "Notitie")[:200],
            text=memo["text"] or "(leeg)",
            author=users.get(memo["author"], importer),
            created_at=memo["created"] or timezone.now(),
        )
        if memo["on"] == "theme":
            item.theme = themes.get(memo["target"])
        elif memo["on"] == "interview":
            item.interview = interviews.get(memo["target"])
        memos.append(item)
    Memo.objects.bulk_create(memos)
