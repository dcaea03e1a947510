"""Transcripts, from a researcher's files to stored interviews.

- text.py: the canonical text (decoding, NFC, line endings), speaker turns and labels.
- readers.py: one reader per file format (txt, md, docx, odt, html, vtt, srt) and `read_transcript`; pdf.py: PDF.
- archives.py: the one safe-zip guard every zip reader of the app goes through, with one set of limits.
- batches.py: a bulk upload: zip members, the metadata sheet and its columns.
- segments.py: sentences (spaCy) and turns as segment rows.
- pipeline.py: an upload batch from files to reviewed items to interviews (callers enqueue the tasks).
"""
