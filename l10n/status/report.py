"""Rendering of a :class:`~l10n.status.collect.StatusReport`: plain-text table, JSON, Markdown and HTML.

Pure functions from a report to a string: no I/O, no click or rich. Numbers are formatted for
people with babel (English conventions); percentages are rounded half up
(:func:`l10n.messages.shown_percent`, as every message shows them), except that only a complete
language shows "100%". Colour in the table comes from a ``style`` callback the CLI passes on a terminal only.

The JSON shape (``version`` 1) is stable: keys are only ever added, never renamed or removed::

    {
      "version": 1,
      "languages": [
        {
          "lang": "hi", "name": "Hindi", "native_name": "हिन्दी", "direction": "ltr",
          "segments": {"total": 0, "translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0,
                       "review": 0, "rejected": 0},
          "words":    {…the same keys…},
          # "review": human translations whose source changed; "rejected": kept out by validation
          # (both counted apart: each is also in translated, fuzzy or untranslated)
          "coverage": 62.02,     # (translated + fuzzy) / total segments: what build publishes
          "approved": 45.52,     # translated / total segments, percent (shown_percent, 2 decimals)
          "stale": 1,            # notes whose output is stale or missing
          "outputs": {"current": 12, "stale": 1, "missing": 0},
          "orphans": ["locales/hi/old-en.po"],   # catalogs whose note is gone
          "refused": 0,          # segments no longer sent to the engine, their replies refused: translate by hand
          "behind": 0,           # notes edited since their catalogs were extracted, counted against their current text
          "notes": [
            {"note": "blog/post-en.md", "title": "…" | null,
             "catalog": "locales/hi/blog/post-en.po" | null,
             "output": "current" | "stale" | "missing",
             "segments": {…}, "words": {…}, "coverage": 100.0, "approved": 80.0}
          ]
        }
      ],
      "errors": ["path:line: what went wrong", …]
    }

``notes`` is always present in JSON (``--by-note`` only changes the human formats), so programs
never need to branch on how the report was asked for. ``total`` excludes obsolete entries.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import json as jsonlib
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from babel.numbers import format_decimal

from l10n.fsutil import printable
from l10n.messages import counted, plural, shown_percent
from l10n.po.policy import Coverage
from l10n.status.collect import LanguageStatus, NoteStatus, OutputState, StatusReport

JSON_VERSION = 1
NUMBER_LOCALE = "en"

Style = Callable[[str, str], str]
"""``style(text, role)``: how the CLI colours a cell; roles are good, warn, bad, dim and head."""


# -- numbers --------------------------------------------------------------------------------------


def number(value: int) -> str:
    """A count for people.

    >>> number(12345)
    '12,345'
    """
    return str(format_decimal(value, locale=NUMBER_LOCALE))


def percent(value: float) -> str:
    """A percentage for people, rounded half up to one decimal (:func:`l10n.messages.shown_percent`),
    the decimal shown only when not zero.

    >>> percent(62.0278)
    '62%'
    >>> percent(200 / 3)
    '66.7%'
    >>> percent(99.95)
    '99.9%'
    """
    shown = shown_percent(value, 1)
    pattern = "#,##0%" if shown == int(shown) else "#,##0.0%"
    return str(format_decimal(shown / 100, format=pattern, locale=NUMBER_LOCALE))


def _role(coverage: float) -> str:
    if coverage >= 100:
        return "good"
    return "warn" if coverage >= 50 else "bad"


# -- JSON -----------------------------------------------------------------------------------------


def _counts(c: Coverage) -> dict[str, int]:
    return dataclasses.asdict(c)


def _note_dict(n: NoteStatus) -> dict[str, Any]:
    return {
        "note": n.note,
        "title": n.title,
        "catalog": n.catalog,
        "output": n.output.value,
        "segments": _counts(n.segments),
        "words": _counts(n.words),
        "coverage": shown_percent(n.coverage, 2),
        "approved": shown_percent(n.approved, 2),
    }


def as_dict(report: StatusReport) -> dict[str, Any]:
    """The report as the documented JSON structure (see the module docstring)."""
    return {
        "version": JSON_VERSION,
        "languages": [
            {
                "lang": lang.info.code,
                "name": lang.info.name,
                "native_name": lang.info.native_name,
                "direction": lang.info.direction,
                "segments": _counts(lang.segments),
                "words": _counts(lang.words),
                "coverage": shown_percent(lang.coverage, 2),
                "approved": shown_percent(lang.approved, 2),
                "stale": lang.stale,
                "outputs": lang.outputs(),
                "orphans": list(lang.orphans),
                "refused": lang.refused,
                "behind": lang.behind,
                "notes": [_note_dict(n) for n in lang.notes],
            }
            for lang in report.languages
        ],
        "errors": list(report.errors),
    }


def json(report: StatusReport) -> str:
    """:func:`as_dict` as JSON text, one language summary and one note per line.

    Readable and diff-friendly, and fast: ``json.dumps(indent=...)`` falls back to the pure-Python
    encoder, five times slower on a 10,000-note site.
    """
    data = as_dict(report)
    languages = []
    for lang in data["languages"]:
        summary = {k: v for k, v in lang.items() if k != "notes"}
        notes = ",\n".join("      " + _compact(note) for note in lang["notes"])
        languages.append(f'    {_compact(summary)[:-1]}, "notes": [' + (f"\n{notes}\n    ]}}" if notes else "]}"))
    body = ",\n".join(languages)
    return (
        f'{{\n  "version": {data["version"]},\n  "languages": ['
        + (f"\n{body}\n  ]" if body else "]")
        + f',\n  "errors": {_compact(data["errors"])}\n}}\n'
    )


def _compact(value: object) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# -- plain-text table -----------------------------------------------------------------------------


def text_width(text: str) -> int:
    """Terminal columns: wide East Asian characters take two, non-spacing marks none (as wcwidth).

    >>> text_width("हिन्दी"), text_width("中文"), text_width("abc")
    (5, 4, 3)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _plain(text: str, role: str) -> str:
    return text


def _grid(rows: Sequence[Sequence[tuple[str, str]]], right: Sequence[bool], style: Style) -> list[str]:
    """Align ``(text, role)`` cells in columns; style is applied after padding."""
    widths = [max(text_width(row[i][0]) for row in rows) for i in range(len(right))]
    lines = []
    for row in rows:
        cells = []
        for (text, role), width, align_right in zip(row, widths, right):
            pad = " " * (width - text_width(text))
            padded = pad + text if align_right else text + pad
            cells.append(style(padded, role) if role else padded)
        lines.append("  ".join(cells).rstrip())
    return lines


_COUNT_HEADS = ("Total", "Translated", "Fuzzy", "Untranslated", "Obsolete", "Review", "Rejected")


def _count_cells(c: Coverage) -> list[tuple[str, str]]:
    cells = [(number(v), "") for v in (c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete)]
    return [*cells, (number(c.review), "warn" if c.review else ""), (number(c.rejected), "bad" if c.rejected else "")]


def outputs_text(lang: LanguageStatus) -> str:
    """The built notes of a language in words: ``all 6 current``, ``2 stale, 4 missing of 6`` —
    a note never built is missing, not stale (issue 18)."""
    counts = lang.outputs()
    total = lang.note_count
    if not lang.stale:
        return f"all {number(total)} current"
    parts = [f"{number(counts[state])} {state}" for state in ("stale", "missing") if counts[state]]
    return f"{', '.join(parts)} of {number(total)}"


def table(report: StatusReport, by_note: bool = False, style: Style | None = None) -> str:
    """Aligned columns: two rows per language (segments, then source words), then the notes."""
    paint = style or _plain
    heads = ["Lang", "Language", "Native", "Unit", *_COUNT_HEADS, "Coverage", "Approved", "Outputs"]
    rows: list[list[tuple[str, str]]] = [[(h, "head") for h in heads]]
    for lang in report.languages:
        info = lang.info
        rows.append(
            [
                (info.code, ""),
                (info.name, ""),
                (info.native_name, ""),
                ("segments", "dim"),
                *_count_cells(lang.segments),
                (percent(lang.coverage), _role(lang.coverage)),
                (percent(lang.approved), ""),
                (outputs_text(lang), "warn" if lang.stale else "good"),
            ]
        )
        rows.append([("", ""), ("", ""), ("", ""), ("words", "dim"), *_count_cells(lang.words), *[("", "")] * 3])
    right = [False, False, False, False, *[True] * 10]
    lines = _grid(rows, right, paint)
    for lang in report.languages:
        if lang.orphans:
            lines.append(
                f"{lang.lang}: {counted(len(lang.orphans), 'catalog')} without a note: {', '.join(lang.orphans)}"
            )
        if lang.refused:
            lines.append(
                f"{lang.lang}: {counted(lang.refused, 'segment')} no longer sent to machine translation, "
                f"{plural(lang.refused, 'its replies', 'their replies')} refused: translate "
                f"{plural(lang.refused, 'it', 'them')} by hand (translate -v names "
                f"{plural(lang.refused, 'it', 'them')}; --retry-refused sends {plural(lang.refused, 'it', 'them')})"
            )
    if by_note:
        for lang in report.languages:
            lines += ["", paint(f"{lang.info.code} {lang.info.name}: by note", "head")]
            lines += _grid(_note_rows(lang), [False, True, True, True, True, True, True, True, False], paint)
    return "\n".join(lines) + "\n"


def _note_rows(lang: LanguageStatus) -> list[list[tuple[str, str]]]:
    heads = ["Note", "Segments", "Translated", "Fuzzy", "Untranslated", "Words", "Coverage", "Approved", "Output"]
    rows: list[list[tuple[str, str]]] = [[(h, "head") for h in heads]]
    for n in lang.notes:
        s = n.segments
        output_role = "good" if n.output is OutputState.CURRENT else "warn"
        rows.append(
            [
                (printable(n.note), ""),
                (number(s.total), ""),
                (number(s.translated), ""),
                (number(s.fuzzy), ""),
                (number(s.untranslated), ""),
                (number(n.words.total), ""),
                (percent(n.coverage), _role(n.coverage)),
                (percent(n.approved), ""),
                (n.output.value, output_role),
            ]
        )
    return rows


# -- Markdown -------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe in a GitHub table cell: no HTML, no column breaks, no line breaks."""
    escaped = htmllib.escape(printable(text), quote=False).replace("|", "\\|")
    return " ".join(escaped.split())


def _bar(value: float, width: int = 10) -> str:
    filled = min(width, int(value * width // 100))
    return "█" * filled + "░" * (width - filled)


def markdown(report: StatusReport, by_note: bool = False) -> str:
    """A summary table for a pull-request comment; per-note tables fold away in ``<details>``."""
    lines = [
        "### Translation status",
        "",
        (
            "| Language | Coverage | Approved | Segments (translated / fuzzy / untranslated) | Needs review "
            "| Rejected | Words | Outputs |"
        ),
        "|:--|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for lang in report.languages:
        s, w = lang.segments, lang.words
        name = f"{_md(lang.info.name)} ({_md(lang.info.native_name)}) `{lang.info.code}`"
        lines.append(
            f"| {name} | {_bar(lang.coverage)} {percent(lang.coverage)} | {percent(lang.approved)} "
            f"| {number(s.translated)} / {number(s.fuzzy)} / {number(s.untranslated)} of {number(s.total)} "
            f"| {number(s.review)} | {number(s.rejected)} "
            f"| {number(w.translated + w.fuzzy)} of {number(w.total)} "
            f"| {outputs_text(lang)} |"
        )
    lines += [
        "",
        (
            "Coverage counts what the build publishes, fuzzy (machine or unreviewed) translations included; "
            "approved does not. Needs review: human translations whose English changed. "
            "Rejected: translations that would break the markup, left out of the build."
        ),
    ]
    orphans = [f"`{o}`" for lang in report.languages for o in lang.orphans]
    if orphans:
        lines += ["", f"Catalogs without a note: {', '.join(orphans)}"]
    if by_note:
        for lang in report.languages:
            lines += [
                "",
                "<details>",
                f"<summary>{_md(lang.info.name)}: by note</summary>",
                "",
                "| Note | Coverage | Approved | Segments | Words | Output |",
                "|:--|--:|--:|--:|--:|:--|",
            ]
            for n in lang.notes:
                label = f"`{printable(n.note)}`" if "`" not in n.note else _md(n.note)
                if n.title:
                    label += f" {_md(n.title)}"
                lines.append(
                    f"| {label} | {percent(n.coverage)} | {percent(n.approved)} | {number(n.segments.total)} "
                    f"| {number(n.words.total)} | {n.output.value} |"
                )
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


# -- HTML -----------------------------------------------------------------------------------------

_CSS = """
:root{--ok:#2e7d32;--fz:#f0a202;--un:#d0d4da;--ink:#1d232b;--mute:#5f6b7a;--line:#e3e6ea;--bg:#fff}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--ink);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0}
.sub{color:var(--mute);margin:0 0 20px}
.langs{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px;margin-bottom:28px}
.card{border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.card header{display:flex;align-items:baseline;gap:8px;flex-wrap:wrap}
.code{font:600 12px ui-monospace,monospace;background:#eef1f4;border-radius:4px;padding:1px 6px}
.native{color:var(--mute)}
.big{font-size:26px;font-weight:650;margin:8px 0 2px}
.big small{font-size:13px;font-weight:400;color:var(--mute)}
svg.bar{display:block;width:100%;height:14px;border-radius:7px;margin:6px 0 10px}
table{border-collapse:collapse}
.counts{width:100%;font-variant-numeric:tabular-nums}
.counts th,.counts td{padding:2px 6px;text-align:right;border-bottom:1px solid var(--line)}
.counts th:first-child,.counts td:first-child{text-align:left;color:var(--mute);font-weight:500}
.counts tr:nth-child(5) td{font-weight:600;color:var(--ink)}
.warn{color:#9a5b00}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--mute);margin:6px 0 12px;align-items:center}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-2px;margin-right:4px}
.heat{font-variant-numeric:tabular-nums}
.heat th{position:sticky;top:0;background:var(--bg);padding:6px 8px;text-align:center;border-bottom:2px solid var(--line)}
.heat th.note{text-align:left}
.heat td{padding:3px 8px;border-bottom:1px solid #fff}
.heat td.note{max-width:560px}
.heat td.note .path{font:12px ui-monospace,monospace;color:var(--mute);display:block}
.heat td.c{text-align:center;min-width:82px;border-left:2px solid #fff;font-weight:550}
.heat td.c span{font-size:11px;font-weight:400;margin-left:3px}
.h0{background:#f6c9c4}.h1{background:#f8d3c3}.h2{background:#f9dcc2}.h3{background:#fbe6c1}.h4{background:#fcefc0}
.h5{background:#f3f2bf}.h6{background:#e4efbf}.h7{background:#d3eabf}.h8{background:#c2e4bf}.h9{background:#b0debf}
.h10{background:#8fd19e}
.empty{color:var(--mute)}
footer{margin-top:24px;color:var(--mute);font-size:12px}
"""


def _e(text: str) -> str:
    return htmllib.escape(printable(text), quote=True)


def _native(lang: LanguageStatus) -> str:
    info = lang.info
    return f'<span class="native" lang="{_e(info.code)}" dir="{_e(info.direction)}">{_e(info.native_name)}</span>'


def _progress_svg(lang: LanguageStatus) -> str:
    s = lang.segments
    total = s.total or 1
    parts = [
        ("var(--ok)", s.translated, "approved"),
        ("var(--fz)", s.fuzzy, "fuzzy"),
        ("var(--un)", s.untranslated, "untranslated"),
    ]
    x = 0.0
    rects = []
    for colour, count, label in parts:
        width = 1000 * count / total
        if width > 0:
            rects.append(
                f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="14" style="fill:{colour}">'
                f"<title>{number(count)} {label}</title></rect>"
            )
        x += width
    if s.total == 0:
        rects.append('<rect x="0" y="0" width="1000" height="14" style="fill:var(--ok)"/>')
    label = f"{percent(lang.coverage)} covered, {percent(lang.approved)} approved"
    return (
        f'<svg class="bar" viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" '
        f'aria-label="{_e(label)}">{"".join(rects)}</svg>'
    )


def _card(lang: LanguageStatus) -> str:
    s, w = lang.segments, lang.words
    kinds = (
        ('<i class="sw" style="background:var(--ok)"></i>approved', s.translated, w.translated),
        ('<i class="sw" style="background:var(--fz)"></i>fuzzy', s.fuzzy, w.fuzzy),
        ('<i class="sw" style="background:var(--un)"></i>untranslated', s.untranslated, w.untranslated),
        ("total", s.total, w.total),
        ("obsolete", s.obsolete, w.obsolete),
        ("needs review (source changed)", s.review, w.review),
        ("rejected (would break markup)", s.rejected, w.rejected),
    )
    rows = "".join(f"<tr><td>{label}</td><td>{number(a)}</td><td>{number(b)}</td></tr>" for label, a, b in kinds)
    outputs = lang.outputs()
    stale_text = (
        f'<span class="warn">{number(outputs["stale"])} stale, {number(outputs["missing"])} missing</span> of '
        f"{counted(lang.note_count, 'built note')}"
        if lang.stale
        else f"all {counted(lang.note_count, 'built note')} current"
    )
    orphans = ""
    if lang.orphans:
        orphans = f'<p class="warn">Catalogs without a note: {_e(", ".join(lang.orphans))}</p>'
    return (
        f'<section class="card" id="lang-{_e(lang.lang)}"><header><span class="code">{_e(lang.lang)}</span>'
        f"<h2>{_e(lang.info.name)}</h2>{_native(lang)}</header>"
        f'<p class="big">{percent(lang.coverage)} <small>covered · {percent(lang.approved)} approved</small></p>'
        f"{_progress_svg(lang)}"
        f'<table class="counts"><tr><th></th><th>segments</th><th>words</th></tr>{rows}</table>'
        f"<p>{stale_text}</p>{orphans}</section>"
    )


def _heat_cell(n: NoteStatus | None) -> str:
    if n is None:
        return '<td class="c empty">–</td>'
    bucket = int(shown_percent(n.coverage, 0) // 10)
    s = n.segments
    tip = (
        f"{percent(n.coverage)} covered, {percent(n.approved)} approved: {number(s.translated)} approved, "
        f"{number(s.fuzzy)} fuzzy, {number(s.untranslated)} untranslated of {counted(s.total, 'segment')}; "
        f"{counted(n.words.total, 'word')}; output {n.output.value}"
    )
    mark = {
        OutputState.CURRENT: "",
        OutputState.STALE: "<span>stale</span>",
        OutputState.MISSING: "<span>missing</span>",
    }
    return f'<td class="c h{bucket}" title="{_e(tip)}">{percent(n.coverage)}{mark[n.output]}</td>'


def _heat_map(report: StatusReport) -> str:
    languages = report.languages
    by_lang = [{n.note: n for n in lang.notes} for lang in languages]
    order: dict[str, str | None] = {}
    for lang in languages:
        for n in lang.notes:
            if n.note not in order or order[n.note] is None:
                order[n.note] = n.title
    head = "".join(f"<th>{_e(lang.lang)}<br>{_native(lang)}</th>" for lang in languages)
    body = []
    for note, title in order.items():
        label = f'{_e(title)}<span class="path">{_e(note)}</span>' if title else f'<span class="path">{_e(note)}</span>'
        cells = "".join(_heat_cell(index.get(note)) for index in by_lang)
        body.append(f'<tr><td class="note">{label}</td>{cells}</tr>')
    legend = "".join(
        f'<span><i class="sw h{b}"></i>{b * 10}%{"" if b == 10 else "+"}</span>' for b in (0, 3, 5, 7, 9, 10)
    )
    return (
        f'<h2>By note</h2><div class="legend">{legend}<span>· hover a cell for counts</span></div>'
        f'<table class="heat"><thead><tr><th class="note">Note</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def html(report: StatusReport, title: str = "Translation status") -> str:
    """One self-contained page (inline CSS and SVG, no scripts or external assets).

    A card per language with a progress bar (approved, fuzzy, untranslated), and a heat map with
    a row per note and a column per language, coloured by coverage. Every name and title is
    escaped, native names carry their ``lang`` and ``dir``.
    """
    n_notes = len({n.note for lang in report.languages for n in lang.notes})
    errors = ""
    if report.errors:
        items = "".join(f"<li>{_e(e)}</li>" for e in report.errors)
        errors = f'<section class="warn"><h2>Could not read</h2><ul>{items}</ul></section>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="sub">{counted(n_notes, "note")} · {counted(len(report.languages), "language")} · '
        "coverage counts what the build publishes, fuzzy (machine or unreviewed) translations included, "
        "approved does not; needs review and rejected are counted apart</p>"
        f'<div class="langs">{"".join(_card(lang) for lang in report.languages)}</div>'
        f"{errors}{_heat_map(report)}"
        "<footer>Generated by l10n status.</footer></body></html>\n"
    )


# -- formats -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RenderOptions:
    """What ``l10n status`` passes every renderer; each reads the options it has a use for."""

    by_note: bool = False
    """Also list every note (the human formats; JSON always lists them)."""
    title: str = "Translation status"
    """The page title (HTML)."""
    style: Style | None = None
    """Colours for a terminal (the table), None for plain text."""


FORMATS: dict[str, Callable[[StatusReport, RenderOptions], str]] = {
    "table": lambda report, options: table(report, options.by_note, options.style),
    "json": lambda report, options: json(report),
    "markdown": lambda report, options: markdown(report, options.by_note),
    "html": lambda report, options: html(report, options.title),
}
"""Every ``--format`` of ``l10n status``, in the order its help lists them: a new report format
is a renderer above and one entry here."""
