"""The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched from outside.

Every data string is untrusted (a provisions file arrives in a pull request), so the page is made by a Jinja2
template with autoescaping always on, and every value printed passes one `finalize` hook that shows control and
bidirectional-override characters as visible escapes before the template escapes it for HTML. The timeline's layout
is computed here (the template only adds fixed offsets), and footnotes are numbered in the order the page cites
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final, assert_never

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from kzrights.dossier import Dossier, TopicSection
from kzrights.fieldtypes import value_text
from kzrights.history import TimelineRow
from kzrights.model import Citation, FieldSpec, FieldType, Source, Stricter, Value
from kzrights.record import Record
from kzrights.render import cells, wording
from kzrights.render.escape import command_inert
from kzrights.render.options import RenderOptions
from kzrights.report import Direction, Report
from kzrights.textdiff import Op, Segment

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Characters a browser would act on or hide: C0 and C1 controls (tab and newline are white space) and the
# bidirectional embeddings, overrides and isolates that can make text read differently from how it is stored.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Show control characters as escapes (`\\x1b`, `\\u202e`) instead of passing them to the reader's browser."""
    return _INVISIBLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _finalize(value: Any) -> Any:
    """Applied to every `{{ … }}` before escaping: data strings become visible, and cannot start a workflow command
    when the page is printed in a CI log (`-o -`); markup the template made stays."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    shown = visible(value)
    return Markup(command_inert(str(escape(shown)), "&#58;")) if "::" in shown else shown


def render_report(dossier: Dossier, options: RenderOptions) -> str:
    """The whole page (the registry's entry in kzrights.formats.REPORT)."""
    return "".join(stream_report(dossier))


def stream_report(dossier: Dossier) -> Iterator[str]:
    """The page piece by piece, as the template produces it."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # always: every string from the data is untrusted
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["breakable"] = breakable
    template = environment.get_template("report.html.j2")
    notes = Notes({source.id: source for source in dossier.sources})
    yield from template.generate(
        dossier=dossier,
        title=title(dossier),
        title_words=TITLE_WORDS,
        title_years=title_years(dossier),
        topic_list=topic_list(dossier),
        notes=notes,
        picture=timeline_picture,
        value_text=value_text,
        direction_word=direction_word,
        mark=mark_of,
        slug=slug,
        side_text=cells.side_text,
        direction_text=cells.direction_text,
        cite_text=wording.citations_text,
        summary_text=wording.summary_text,
        only_between=Report.only_between,
        rule_status=wording.rule_status,
        unlike_sources=wording.unlike_sources,
        direction=Direction,
        layout=LAYOUT,
        stated_fields=stated_fields,
        stricter_when=stricter_when,
        rewritten=rewritten,
    )


def breakable(name: str) -> Markup:
    """A field name that may wrap after its underscores, never inside a word."""
    return Markup("_<wbr>").join(visible(part) for part in name.split("_"))


def stricter_when(spec: FieldSpec) -> str:
    """Which way the schema reads a move as more restrictive, in words."""
    listed = spec.type is FieldType.LIST
    unit = f" ({spec.unit})" if spec.unit else ""
    match spec.stricter:
        case Stricter.HIGHER:
            return "more items" if listed else f"higher{unit}"
        case Stricter.LOWER:
            return "fewer items" if listed else f"lower{unit}"
        case Stricter.TRUE:
            return "true"
        case Stricter.FALSE:
            return "false"
        case Stricter.LATER_IN_ORDER:
            return "later in: " + " < ".join(spec.values)
        case Stricter.NONE:
            return "no direction"
        case _:  # pragma: no cover - mypy checks the match is exhaustive
            assert_never(spec.stricter)


def stated_fields(section: TopicSection) -> tuple[FieldSpec, ...]:
    """The topic's fields that some year of the section states, in schema order."""
    stated = {row.spec.name for row in section.timeline.rows}
    return tuple(spec for spec in section.topic.fields if spec.name in stated)


REWRITTEN_SHARE = 0.6  # above this share of changed words, interleaved fragments read worse than two texts


def rewritten(redline: tuple[Segment, ...]) -> bool:
    """Whether most of a rule's text changed, so that old and new read better one beside the other."""
    changed = total = 0
    for segment in redline:
        words = len(_WORDS.findall(segment.text))
        total += words if segment.op is not Op.EQUAL else 2 * words
        changed += words if segment.op is not Op.EQUAL else 0
    return total > 0 and changed / total > REWRITTEN_SHARE


_WORDS = re.compile(r"\w+")


TITLE_WORDS = "How Kazakhstan's rules changed"


def title_years(dossier: Dossier) -> str:
    """`2004–2019`: the span of source years the page covers."""
    years = dossier.years
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else ""


def title(dossier: Dossier) -> str:
    """The page's title, as the browser tab and a printout's header show it."""
    years = title_years(dossier)
    return f"{TITLE_WORDS}, {years}" if years else TITLE_WORDS


def topic_list(dossier: Dossier) -> str:
    """The topics on the page, in page order, for the subtitle."""
    return "; ".join(section.topic.title for section in dossier.sections)


def slug(name: str) -> str:
    """An id for a topic that is safe in a fragment whatever the folder is called."""
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "topic"


class Notes:
    """Footnotes, numbered in the order the page first cites them; the same quote keeps its number."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources: Final = sources
        self.entries: list[tuple[int, Citation]] = []
        self._numbers: dict[tuple[str, int, int, str], int] = {}

    def __call__(self, cites: Iterable[Citation]) -> list[int]:
        """The note numbers for these citations, adding a note for each quote not cited before."""
        numbers = []
        for cite in cites:
            key = (cite.source, cite.first_line, cite.last_line, cite.quote)
            if key not in self._numbers:
                self._numbers[key] = len(self.entries) + 1
                self.entries.append((self._numbers[key], cite))
            if self._numbers[key] not in numbers:
                numbers.append(self._numbers[key])
        return numbers

    def lines(self, cite: Citation) -> str:
        """`line 531` or `lines 464–465`, as a note says it."""
        if cite.first_line == cite.last_line:
            return f"line {cite.first_line}"
        return f"lines {cite.first_line}–{cite.last_line}"


_WORD = {Direction.STRICTER: "stricter", Direction.LOOSER: "looser", Direction.NEUTRAL: "changed"}


def direction_word(direction: Direction) -> str:
    """The word beside every shape, so the page reads without colour."""
    return _WORD.get(direction, "not comparable")


def mark_of(direction: Direction) -> str:
    """The CSS class and shape of a direction: ▲ stricter, ▼ looser, ● a change without direction."""
    return {Direction.STRICTER: "stricter", Direction.LOOSER: "looser"}.get(direction, "changed")


# The timeline picture. Sizes are in SVG user units (px at 100 %); the picture scales down to fit the page.
FONT = 12
CHAR = 7.3  # labels and values are set in monospace, at most 0.6 em (7.2 px at 12 px) a character; the browser test checks it
BOLD_CHAR = 8.0
VALUE_CHARS = 20  # longer values are shortened in the cell; the full value is in its <title>
LABEL_CHARS = 26  # longer field names are broken at an underscore onto two lines
HEADER_HEIGHT = 30
GROUP_HEIGHT = 22
ROW_HEIGHT = 30
PAD = 8
MARK_SPACE = 20  # room for the ▲ ▼ ● shape before the value
# A long timeline is split into panels that each print whole on a landscape A4 page (about 710 px high), the first
# beside the topic's heading, description and caption.
PANEL_MAX_HEIGHT = 680
FIRST_PANEL_MAX_HEIGHT = 460
LAYOUT: Final = {"row": ROW_HEIGHT, "group": GROUP_HEIGHT, "pad": PAD, "mark": MARK_SPACE}


class PictureCell(Record):
    __slots__ = ("x", "width", "text", "word", "mark", "title", "evidence")

    def __init__(
        self, x: int, width: int, text: str, word: str, mark: str, title: str, evidence: tuple[Citation, ...]
    ) -> None:
        self.x: Final = x
        self.width: Final = width
        self.text: Final = text  # the value, shortened to fit; "—" when not stated
        self.word: Final = word  # "stricter", "looser", "changed" or ""
        self.mark: Final = mark  # css class: stricter, looser, changed, stated, unstated
        self.title: Final = title  # the full sentence a tooltip and a screen reader get
        self.evidence: Final = evidence


class PictureRow(Record):
    __slots__ = ("y", "label", "cells", "field")

    def __init__(self, y: int, label: tuple[str, ...], cells: tuple[PictureCell, ...], field: str) -> None:
        self.y: Final = y
        self.label: Final = label  # one or two lines
        self.cells: Final = cells
        self.field: Final = field


class PictureGroup(Record):
    __slots__ = ("y", "text", "title")

    def __init__(self, y: int, text: str, title: str) -> None:
        self.y: Final = y
        self.text: Final = text
        self.title: Final = title


class Column(Record):
    __slots__ = ("x", "width", "year")

    def __init__(self, x: int, width: int, year: int) -> None:
        self.x: Final = x
        self.width: Final = width
        self.year: Final = year


class Panel(Record):
    """One SVG of a timeline: the year header, then rule groups and their field rows."""

    __slots__ = ("width", "height", "label_width", "columns", "groups", "rows")

    def __init__(
        self,
        width: int,
        height: int,
        label_width: int,
        columns: tuple[Column, ...],
        groups: tuple[PictureGroup, ...],
        rows: tuple[PictureRow, ...],
    ) -> None:
        self.width: Final = width
        self.height: Final = height
        self.label_width: Final = label_width
        self.columns: Final = columns
        self.groups: Final = groups
        self.rows: Final = rows


def timeline_picture(section: TopicSection) -> tuple[Panel, ...]:
    """Lay out a topic's timeline: fields as rows grouped by rule, source years as columns."""
    timeline = section.timeline
    labels = [_label_lines(row.spec.name) for row in timeline.rows]
    label_width = round(PAD * 3 + CHAR * max((len(line) for lines in labels for line in lines), default=10))
    texts = [[_cell_text(cell.value, row.spec.unit) for cell in row.cells] for row in timeline.rows]
    columns, x = [], label_width
    for index, year in enumerate(timeline.years):
        words = [direction_word(move) for row in timeline.rows if (move := row.cells[index].move) is not None]
        widest = max([len(str(year)), len("changed")] + [len(t[index]) for t in texts] + [len(w) for w in words])
        width = round(MARK_SPACE + CHAR * widest + PAD * 2)
        columns.append(Column(x, width, year))
        x += width
    width = x
    titles = _rule_titles(section)

    panels: list[Panel] = []
    groups: list[PictureGroup] = []
    rows: list[PictureRow] = []
    y = HEADER_HEIGHT

    def limit() -> int:
        return PANEL_MAX_HEIGHT if panels else FIRST_PANEL_MAX_HEIGHT

    def close_panel() -> None:
        nonlocal groups, rows, y
        panels.append(Panel(width, y + PAD, label_width, tuple(columns), tuple(groups), tuple(rows)))
        groups, rows, y = [], [], HEADER_HEIGHT

    by_rule: dict[str, list[int]] = {}
    for index, row in enumerate(timeline.rows):
        by_rule.setdefault(row.rule, []).append(index)
    for rule_id, indexes in by_rule.items():
        if rows and y + GROUP_HEIGHT + ROW_HEIGHT * len(indexes) > limit():
            close_panel()  # keep a rule's rows together when they fit on one panel
        for n, index in enumerate(indexes):
            if rows and y + ROW_HEIGHT > limit():
                close_panel()
            if n == 0 or not rows:  # a rule's heading starts it, and every panel it continues on
                text = f"{titles[rule_id]} ({rule_id})" + (", continued" if n else "")
                groups.append(PictureGroup(y, _shorten(text, int((width - PAD * 2) / BOLD_CHAR)), text))
                y += GROUP_HEIGHT
            row = timeline.rows[index]
            cells = tuple(
                _picture_cell(section, row, position, column, texts[index][position])
                for position, column in enumerate(columns)
            )
            rows.append(PictureRow(y, labels[index], cells, row.spec.name))
            y += ROW_HEIGHT
    close_panel()
    return tuple(panels)


def _picture_cell(section: TopicSection, row: TimelineRow, position: int, column: Column, text: str) -> PictureCell:
    cell = row.cells[position]
    year = column.year
    name = row.spec.name
    if cell.value is None:
        return PictureCell(column.x, column.width, "—", "", "unstated", f"{name}: not stated in the {year} source", ())
    full = value_text(cell.value, row.spec.unit)
    evidence = section.evidence(year, row.rule, name)
    where = wording.citations_text(evidence)
    if cell.move is None:
        return PictureCell(column.x, column.width, text, "", "stated", f"{name} in {year}: {full} ({where})", evidence)
    before = row.cells[position - 1].value
    assert before is not None, "a timeline marks a move only between two stated values"
    previous_year = section.timeline.years[position - 1]
    word = direction_word(cell.move)
    if cell.move is Direction.NEUTRAL:
        said = f"{name} in {year}: {full}; changed from {previous_year} "
    elif cell.move is Direction.NOT_COMPARABLE:
        said = f"{name} in {year}: {full}; not comparable with {previous_year}, as a caveat records "
    else:
        said = f"{name} in {year}: {full}; {word} than in {previous_year} "
    said += f"({value_text(before, row.spec.unit)}) ({where})"
    return PictureCell(column.x, column.width, text, word, mark_of(cell.move), said, evidence)


def _cell_text(value: Value | None, unit: str | None) -> str:
    return "—" if value is None else _shorten(value_text(value, unit), VALUE_CHARS)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label_lines(name: str) -> tuple[str, ...]:
    """A field name on one line, or broken after the underscore nearest its middle."""
    if len(name) <= LABEL_CHARS or "_" not in name:
        return (name,)
    breaks = [i for i, char in enumerate(name) if char == "_"]
    cut = min(breaks, key=lambda i: abs(i - len(name) / 2)) + 1
    return (name[:cut], name[cut:])


def _rule_titles(section: TopicSection) -> dict[str, str]:
    """Each rule's title as its latest source words it."""
    titles: dict[str, str] = {}
    for version in section.versions:
        for rule in version.rules:
            titles[rule.id] = rule.title
    return titles
