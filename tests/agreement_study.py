"""A small study whose agreement is worked out by hand (tests/test_agreement_*.py): four interviews of 20
characters, each two turns of 10, two coders and two themes ("zorg" coded, "wonen" never)."""

from django.contrib.auth import get_user_model

from interviews.models import Interview, Membership, Passage, Role, Segment, Theme

TEXT = "Aaaa bbbb.Cccc dddd."  # 20 code points: turns [0, 10) and [10, 20)

# (interview number, coder, start, end): see the module docstring of tests/test_agreement_data.py
CODINGS = [
    (0, "anna", 0, 10),
    (0, "anna", 5, 10),  # overlaps her first: one unit on the continuum
    (0, "bram", 2, 8),
    (1, "anna", 12, 20),
    (1, "bram", 12, 20),
    (2, "anna", 0, 20),
    (3, "bram", 5, 15),
]


def build(project, owner):
    users = get_user_model()
    anna, bram = (users.objects.create_user(name, password=f"pw-{name}-123") for name in ("anna", "bram"))
    Membership.objects.bulk_create(
        [
            Membership(project=project, user=anna, role=Role.CODER),
            Membership(project=project, user=bram, role=Role.CODER),
        ]
    )
    interviews = []
    for n in range(4):
        interview = Interview.objects.create(project=project, title=f"Interview {n + 1}", text=TEXT, created_by=owner)
        Segment.objects.bulk_create(
            [
                Segment(interview=interview, kind="turn", start=0, end=10),
                Segment(interview=interview, kind="turn", start=10, end=20),
            ]
        )
        interviews.append(interview)
    zorg = Theme.objects.create(project=project, name="zorg", colour="#2d9cdb", order=1)
    wonen = Theme.objects.create(project=project, name="wonen", colour="#27ae60", order=2)
    coders = {"anna": anna, "bram": bram}
    for number, name, start, end in CODINGS:
        passage = Passage.select(interviews[number], coders[name], start, end)
        passage.save()
        passage.code([zorg])
    return [anna, bram], interviews, [zorg, wonen]
