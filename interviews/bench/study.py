"""The synthetic study the bench measures: interviews, a theme tree, codings and indicators, bulk-created.

Text is Dutch-like (real Dutch words in random order, speaker turns), generated from a seeded random
source so every run builds the same study. Nothing here is a real interview or a real measurement.
"""

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from monitor.models import Indicator, Municipality, Observation

from ..models import Coding, Interview, Membership, Passage, Project, Role, Segment, StakeholderGroup, Theme, Token
from ..textsearch import word_rows

PASSWORD = "bench-wachtwoord-2026"
BATCH = 2000

WORDS = (
    "de het een en van in op te dat is met voor niet zijn er aan om ook als bij maar dan nog wel"
    " wij we ze zij hun onze gemeente gemeenten wethouder coalitie samenwerking verloskundige"
    " verloskundigen kraamzorg jeugdgezondheidszorg wijkteam ouders ouder kind kinderen zwangerschap"
    " zwangeren financiering subsidie gefinancierd budget knelpunt knelpunten personeelstekort wachtlijst"
    " coördinatie geïnformeerd één privé beleid aanpak programma kansrijke start eerste duizend dagen"
    " netwerk overleg afspraken signaleren preventie armoede schulden huisvesting zorgen ondersteuning"
    " bereik kwetsbare gezinnen huisbezoek consultatiebureau praktijk regio lokaal landelijk monitor"
    " indicator cijfers gegevens ervaring ervaringen goed beter lastig moeilijk belangrijk eigenlijk"
    " natuurlijk misschien vooral steeds vaker samen zeggen denken merken hebben hadden worden werden"
    " kunnen moeten willen gaan komen zien weten doen maken vinden krijgen blijven lopen werken helpen"
    " jaar jaren maand week tijd moment periode start vervolg plan plannen doel doelen resultaat"
    " 👶 café ideeën geïnteresseerd reünie ruïne"
).split()
QUESTION_WORDS = "hoe wat waarom wanneer welke waar wie".split()
SPEAKERS = ("Respondent", "Wethouder", "Verloskundige", "Beleidsmedewerker")


@dataclass(frozen=True)
class Scale:
    interviews: int = 200
    words: int = 15_000
    long_words: int = 80_000
    dense_words: int = 20_000
    dense_passages: int = 500
    dense_codings: int = 545
    long_passages: int = 2_000
    long_codings: int = 2_200
    codings: int = 50_000
    coders: int = 3
    concurrent_coders: int = 20
    codings_per_coder: int = 100
    municipalities: int = 342
    indicators: int = 10
    years: tuple = (2019, 2020, 2021, 2022, 2023)
    indexed_words: int | None = None  # None: every interview (the search page would index the rest itself)


SCALES = {
    "full": Scale(),
    "small": Scale(
        interviews=5,
        words=1_500,
        long_words=8_000,
        dense_words=2_000,
        dense_passages=50,
        dense_codings=55,
        long_passages=100,
        long_codings=110,
        codings=1_000,
        concurrent_coders=4,
        codings_per_coder=10,
        municipalities=20,
        indicators=3,
        years=(2022, 2023),
    ),
    # The team scenario (bench/team.py): 50 coders at once in 10 interviews of two app servers.
    "team": Scale(
        interviews=10,
        words=3_000,
        long_words=3_000,
        dense_words=2_000,
        dense_passages=50,
        dense_codings=55,
        long_passages=50,
        long_codings=55,
        codings=1_000,
        concurrent_coders=50,
        codings_per_coder=10,
        municipalities=20,
        indicators=3,
        years=(2022, 2023),
        indexed_words=0,
    ),
}


@dataclass
class Study:
    """What the measurements need to know about the built study (ids, names, the password)."""

    project: Project
    owner: object
    coders: list
    concurrent: list
    dense: Interview
    long: Interview
    regular: list
    themes: list
    scale: Scale
    counts: dict = field(default_factory=dict)
    small_project: Project = None  # one interview like `dense` with its passages, as in Taguette's measurements
    password: str = PASSWORD


def sentence(rng, words, question=False):
    text = " ".join(rng.choices(words, k=rng.randint(6, 18)))
    if question:
        text = f"{rng.choice(QUESTION_WORDS)} {text}"
    return text[0].upper() + text[1:] + ("?" if question else ".")


SENTENCE = re.compile(r"(?<=[:.?!] )[^.?!\n]+[.?!]")  # after a speaker's label or the sentence before


def transcript(rng, n_words, respondent="Respondent"):
    """About n_words of Dutch-like text in turns, and the turns as (start, end, speaker) in code points."""
    parts, turns, pos, count = [], [], 0, 0
    while count < n_words:
        for speaker, length in (("Interviewer", 1), (respondent, rng.randint(3, 9))):
            body = " ".join(sentence(rng, WORDS, question=speaker == "Interviewer") for _ in range(length))
            turn = f"{speaker}: {body}"
            turns.append((pos, pos + len(turn), speaker))
            parts.append(turn)
            pos += len(turn) + 1  # the newline between turns
            count += body.count(" ") + 2
    return "\n".join(parts), turns


def random_span(rng, text, min_len=30, max_len=400):
    """A span of text that starts and ends at word boundaries (code points, end exclusive)."""
    start = rng.randrange(0, max(1, len(text) - max_len - 1))
    if start and text[start - 1] != " ":
        found = text.find(" ", start)
        start = found + 1 if 0 <= found < len(text) - min_len - 1 else start
    end = start + rng.randint(min_len, max_len)
    found = text.find(" ", end)
    end = found if 0 < found else len(text)
    return start, min(end, len(text))


def index_words(interviews, words):
    """Build the lemma index of interviews (until `words` words are indexed, None: all): the rows
    textsearch.index_interview makes (spaCy, nlp.tokens), inserted with executemany instead of model instances,
    which would take minutes here; tests/test_bench.py checks the rows equal index_interview's. All by default:
    the search page indexes every interview that has no index yet, in the request."""
    columns = 'interview_id, position, start, "end", lower, lemma, sentence, label'
    sql = f"INSERT INTO {Token._meta.db_table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    indexed = 0
    with connection.cursor() as cursor:
        for interview in interviews:
            if words is not None and indexed >= words:
                break
            rows = [(interview.pk, *row) for row in word_rows(interview.text)]
            cursor.executemany(sql, rows)
            indexed += len(rows)
    return indexed


def create_users(scale):
    """The owner, the study's coders and the concurrent coders; one password hash for all (hashing is slow)."""
    User = get_user_model()
    hashed = make_password(PASSWORD)
    names = (
        ["bench-eigenaar"]
        + [f"codeur{i}" for i in range(1, scale.coders + 1)]
        + [f"gelijktijdig{i:02d}" for i in range(1, scale.concurrent_coders + 1)]
    )
    users = User.objects.bulk_create(User(username=name, password=hashed, first_name=name.title()) for name in names)
    users = list(User.objects.filter(username__in=names).order_by("pk"))
    return users[0], users[1 : 1 + scale.coders], users[1 + scale.coders :]


def create_themes(project, rng):
    """60 themes over three levels: 6 roots, 3 children each, 2 grandchildren each."""
    palette = ["#2d9cdb", "#eb5757", "#27ae60", "#f2994a", "#9b51e0", "#f2c94c"]
    themes, level = [], [None]
    for depth, per_parent in enumerate((6, 3, 2)):
        new = [
            Theme(
                project=project,
                parent=parent,
                name=f"thema {depth + 1}.{i}.{n}",
                slug=f"thema-{depth + 1}-{i}-{n}",
                colour=palette[n % len(palette)],
                order=n,
                definition=sentence(rng, WORDS),
            )
            for i, parent in enumerate(level)
            for n in range(per_parent)
        ]
        level = Theme.objects.bulk_create(new)
        themes.extend(level)
    return themes


def create_interviews(project, owner, rng, specs, municipalities):
    """Interviews from (title, words, respondent) specs, with their speaker-turn segments; returns them in order."""
    made = []
    groups = [g for g, _label in StakeholderGroup.choices]
    for first in range(0, len(specs), 20):
        batch, turn_lists = [], []
        for title, n_words, respondent in specs[first : first + 20]:
            text, turns = transcript(rng, n_words, respondent)
            batch.append(
                Interview(
                    project=project,
                    title=title,
                    text=text,
                    municipality=rng.choice(municipalities),
                    year=rng.choice((2019, 2020, 2021, 2022, 2023)),
                    stakeholder_group=rng.choice(groups),
                    source_name=f"{title}.txt",
                    source_format="txt",
                    created_by=owner,
                )
            )
            turn_lists.append(turns)
        batch = Interview.objects.bulk_create(batch)
        Segment.objects.bulk_create(
            (
                Segment(interview=interview, kind=Segment.Kind.TURN, start=s, end=e, speaker=speaker)
                for interview, turns in zip(batch, turn_lists)
                for s, e, speaker in turns
            ),
            batch_size=BATCH,
        )
        Segment.objects.bulk_create(  # the sentences, as an import finds them (code-combination queries use them)
            (
                Segment(interview=interview, kind=Segment.Kind.SENTENCE, start=m.start(), end=m.end())
                for interview in batch
                for m in SENTENCE.finditer(interview.text)
            ),
            batch_size=BATCH,
        )
        made.extend(batch)
    return made


def code_interview(interview, coders, themes, rng, n_passages, n_codings):
    """n_passages passages spread over the coders; the first n_codings - n_passages get a second theme."""
    now = timezone.now()
    passages = []
    for i in range(n_passages):
        start, end = random_span(rng, interview.text)
        passages.append(
            Passage(
                interview=interview,
                coder=coders[i % len(coders)],
                start=start,
                end=end,
                text=interview.text[start:end],
                created_at=now,
            )
        )
    passages = Passage.objects.bulk_create(passages, batch_size=BATCH)
    codings = []
    for i, passage in enumerate(passages):
        first, second = rng.sample(themes, 2)
        codings.append(Coding(tag=first, content_object=passage, coded_at=now))
        if i < n_codings - n_passages:
            codings.append(Coding(tag=second, content_object=passage, coded_at=now))
    return codings


def create_indicators(scale, municipalities, rng):
    """scale.indicators indicators with a value per municipality and year, and a national value per year."""
    types = [Indicator.ValueType.YES_NO, Indicator.ValueType.PERCENTAGE, Indicator.ValueType.COUNT]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            code=f"bench-indicator-{n + 1}",
            name=f"Indicator {n + 1} (synthetisch)",
            value_type=types[n % 3],
            unit="%" if n % 3 == 1 else "",
            source="synthetisch (bench)",
        )
        for n in range(scale.indicators)
    )
    rows = []
    for indicator in indicators:
        for year in scale.years:
            rows.append(
                Observation(
                    indicator=indicator,
                    municipality=None,
                    year=year,
                    value=Decimal(rng.randint(0, 100)),
                    synthetic=True,
                )
            )
            for place in municipalities:
                value = rng.randint(0, 1) if indicator.value_type == Indicator.ValueType.YES_NO else rng.randint(0, 100)
                rows.append(
                    Observation(
                        indicator=indicator, municipality=place, year=year, value=Decimal(value), synthetic=True
                    )
                )
    Observation.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def single_interview_project(owner, coders, dense, scale, rng):
    """A project of one interview: the dense one's text, with as many passages and codings (545 at full scale)."""
    project = Project.objects.create(name="Bench: één interview", slug="bench-een-interview")
    Membership.objects.bulk_create(
        [Membership(project=project, user=owner, role=Role.OWNER)]
        + [Membership(project=project, user=u, role=Role.CODER) for u in coders]
    )
    themes = create_themes(project, rng)
    (interview,) = create_interviews(project, owner, rng, [("Eén interview", 10, "Wethouder")], [dense.municipality])
    Interview.objects.filter(pk=interview.pk).update(text=dense.text)
    interview.text = dense.text
    Coding.objects.bulk_create(
        code_interview(interview, coders, themes, rng, scale.dense_passages, scale.dense_codings)
    )
    return project


@transaction.atomic
def build(scale, seed=8):
    """Build the synthetic study in the current (fresh) database and return a Study."""
    rng = random.Random(seed)
    owner, coders, concurrent = create_users(scale)
    project = Project.objects.create(name="Bench: synthetische studie", slug="bench")
    Membership.objects.bulk_create(
        [Membership(project=project, user=owner, role=Role.OWNER)]
        + [Membership(project=project, user=u, role=Role.CODER) for u in coders + concurrent]
    )
    themes = create_themes(project, rng)
    municipalities = list(Municipality.objects.order_by("code")[: scale.municipalities])
    specs = [(f"Interview {n:03d}", scale.words, SPEAKERS[n % len(SPEAKERS)]) for n in range(1, scale.interviews + 1)]
    specs += [
        (f"Dicht gecodeerd ({scale.dense_words} woorden)", scale.dense_words, "Wethouder"),
        (f"Lang interview ({scale.long_words} woorden)", scale.long_words, "Verloskundige"),
    ]
    interviews = create_interviews(project, owner, rng, specs, municipalities)
    regular, (dense, long) = interviews[:-2], interviews[-2:]
    codings = code_interview(dense, coders, themes, rng, scale.dense_passages, scale.dense_codings)
    codings += code_interview(long, coders, themes, rng, scale.long_passages, scale.long_codings)
    left = scale.codings - len(codings)
    for n, interview in enumerate(regular):
        share = left // len(regular) + (n < left % len(regular))
        codings += code_interview(interview, coders, themes, rng, round(share / 1.18), share)
    Coding.objects.bulk_create(codings, batch_size=BATCH)
    observations = create_indicators(scale, municipalities, rng)
    indexed = index_words([dense] + regular + [long], scale.indexed_words)
    small = single_interview_project(owner, coders, dense, scale, rng)
    counts = {
        "interviews": len(interviews),
        "words": sum(i.text.count(" ") + 1 for i in interviews),
        "themes": len(themes),
        "passages": Passage.objects.filter(interview__project=project).count(),
        "codings": len(codings),
        "coders": len(coders),
        "municipalities": len(municipalities),
        "indicators": scale.indicators,
        "observations": observations,
        "indexed_words": indexed,
    }
    return Study(project, owner, coders, concurrent, dense, long, regular, themes, scale, counts, small)
