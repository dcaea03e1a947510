"""Exports of the whole study and of the one-interview project: codings (CSV, XLSX), the theme summary, QDPX."""

from .imports import import_qdpx
from .scenarios import url


def exports(bench):
    """Codings as CSV and XLSX (545 codings: the one-interview project; and all), the theme summary, QDPX."""
    small, slug = bench.study.small_project.slug, bench.slug
    n545 = bench.study.scale.dense_codings
    for fmt, budget in (("csv", None), ("xlsx", 100)):
        bench.timed(
            f"export_codings_{fmt}_545",
            f"codings {fmt.upper()}, {n545} codings",
            url("interviews:codings_export", small, fmt),
            20,
            budget,
        )
    for fmt in ("csv", "xlsx"):
        bench.timed(
            f"export_codings_{fmt}_all",
            f"codings {fmt.upper()}, all {bench.study.counts['codings']}+",
            url("interviews:codings_export", slug, fmt),
            3,
            warmup=1,
        )
    bench.timed(
        "export_summary_docx",
        "theme summary DOCX, whole study",
        url("interviews:summary_export", slug, "docx"),
        3,
        5000,
        warmup=1,
    )
    bench.timed("export_qdpx", "QDPX export, whole study", url("interviews:qdpx_export", slug), 2, 5000, warmup=0)
    import_qdpx(bench)
