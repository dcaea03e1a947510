"""Coding many spans in one go (the API's bulk call): what Passage.code_span does for one span, for a thousand in
a fixed number of queries. A mixin of Passage, as snapshots.py is."""

from django.db import transaction


class PassageBulk:
    @classmethod
    @transaction.atomic(savepoint=False)
    def code_spans(cls, coder, spans):
        """Code each (interview, start, end, themes, memo) as code_span would, in one transaction: the coder's own
        passage over exactly a span gets the themes (and the memo when it has none; its snapshot from before in
        .was), any other span a new passage (its codings in .new_codings). Spans given twice are one passage with
        the themes of both. Returns [(passage, created)] in the order the spans were first given."""
        Coding = cls._meta.get_field("codings").related_model
        wanted = {}
        for interview, start, end, themes, memo in spans:
            if any(theme.project_id != interview.project_id for theme in themes):
                raise ValueError("Een thema van een ander project kan hier niet gebruikt worden.")
            entry = wanted.setdefault((interview.pk, start, end), [interview, {}, ""])
            entry[1].update((theme.pk, theme) for theme in themes)
            entry[2] = entry[2] or memo
        mine = cls.objects.filter(coder=coder, interview_id__in={key[0] for key in wanted}).order_by("pk")
        existing = {}
        for passage in mine.select_related("interview"):
            existing.setdefault((passage.interview_id, passage.start, passage.end), passage)
        found, new, codings = [], [], []
        for key, (interview, themes, memo) in wanted.items():
            passage = existing.get(key)
            if passage is None:
                passage = cls.select(interview, coder, key[1], key[2], memo)
                new.append(passage)
            else:
                passage.coder, passage.was = coder, passage.snapshot()
                if memo and not passage.memo:
                    passage.memo = memo
                    passage.save(update_fields=["memo", "updated_at"])
            found.append((passage, key not in existing, list(themes.values())))
        cls.objects.bulk_create(new)
        for passage, created, themes in found:
            made = [Coding(content_object=passage, tag=theme) for theme in themes]
            if created:
                passage.new_codings = made
            passage.theme_list = themes
            codings.extend(made)
        Coding.objects.bulk_create(codings, ignore_conflicts=True)
        for passage, created, _themes in found:
            if not created:
                passage.load_theme_list()
        return [(passage, created) for passage, created, _themes in found]
