"""The bench's results as a plain-text table (for people) and JSON with stable metric names (for tools)."""

import datetime
import json

SCHEMA = 1


def document(results, machine, study_counts, scale, extra=None):
    """The JSON document: metrics keyed by their stable names, plus when, where and on what data."""
    return {
        "schema": SCHEMA,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "machine": machine,
        "study": study_counts,
        **(extra or {}),
        "metrics": {entry["name"]: entry for entry in results},
    }


def write_json(doc, path):
    with open(path, "w", encoding="utf-8") as file:
        json.dump(doc, file, indent=2, ensure_ascii=False)
        file.write("\n")


def ms(value):
    return "—" if value is None else (f"{value:.0f}" if value >= 100 else f"{value:.1f}")


def budget(entry):
    if not entry.get("budget_ms"):
        return "—"
    return f"{'p95' if entry['budget_stat'] == 'p95' else 'median'} ≤ {entry['budget_ms']:g}"


def taguette(entry):
    figures = entry.get("taguette_1_5_2")
    if not figures:
        return ""
    text = ms(figures["median_ms"])
    return f"{text} (p95 {ms(figures['p95_ms'])})" if "p95_ms" in figures else text


def row(entry):
    if entry["name"] == "worker_rss":
        return [
            entry["name"],
            str(entry.get("workers", "")),
            f"{entry['mean_mb']} MB mean",
            f"{entry['max_mb']} MB max",
            "—",
            entry["status"],
            "",
        ]
    return [
        entry["name"],
        str(entry.get("n", "")),
        ms(entry.get("median_ms")),
        ms(entry.get("p95_ms")),
        budget(entry),
        entry["status"],
        taguette(entry),
    ]


def table(doc):
    """Metric, n, median and p95 in ms, budget, verdict, Taguette's figure; then the concurrency details."""
    head = ["metric", "n", "median ms", "p95 ms", "budget ms", "status", "Taguette 1.5.2 ms"]
    rows = [head] + [row(entry) for entry in doc["metrics"].values()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    machine = doc["machine"]
    lines.insert(
        0,
        f"Interview Monitor bench, {doc['date']}, scale {doc['scale']}: {machine['cores']} cores, "
        f"{machine['memory_gb']} GB, Python {machine['python']}, {machine['database']} "
        f"{machine['database_version']}",
    )
    if doc.get("load_average"):
        lines.insert(
            1,
            f"load average (1, 5, 15 min) before: {doc['load_average']['before']}, "
            f"after: {doc['load_average']['after']}; times are client-side over loopback",
        )
    concurrent = doc["metrics"].get("concurrent_coders")
    if concurrent and concurrent["status"] != "missing":
        lines.append(
            f"concurrent coders: {concurrent['acknowledged']}/{concurrent['attempted']} acknowledged, "
            f"{concurrent['stored']} stored, {concurrent['lost']} lost, "
            f"{concurrent['throughput_per_s']} codings/s over {concurrent['seconds']} s"
        )
    notes = [f"{e['name']}: {e['note']}" for e in doc["metrics"].values() if e.get("note") and e["status"] != "info"]
    return "\n".join(lines + notes) + "\n"


def markdown(docs):
    """A Markdown table of several runs side by side (e.g. SQLite and PostgreSQL), for the README."""
    head = ["metric", "budget"] + [f"{d['machine']['database']} median / p95" for d in docs] + ["Taguette 1.5.2"]
    names = list(dict.fromkeys(name for d in docs for name in d["metrics"]))
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for name in names:
        entries = [d["metrics"].get(name) for d in docs]
        first = next(e for e in entries if e)
        cells = [f"`{name}`", budget(first) if first.get("budget_ms") else ""]
        for e in entries:
            if e is not None and name == "worker_rss":
                cells.append(f"{e['mean_mb']} MB (max {e['max_mb']})")
            elif e is None or e["status"] == "missing" or not e.get("n"):
                cells.append(e["status"] if e else "")
            elif e["status"] == "error":
                cells.append(f"{ms(e['median_ms'])} / {ms(e['p95_ms'])}, {e['failures']} failed")
            else:
                verdict = f" {e['status']}" if e["status"] in ("PASS", "MISS") else ""
                cells.append(f"{ms(e['median_ms'])} / {ms(e['p95_ms'])}{verdict}")
        cells.append(taguette(first))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
