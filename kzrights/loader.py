"""Build the model from provisions/ files, checking each against its schema and collecting every problem.

Each `read_*` function appends what is wrong to a Problems list and returns its best effort (or None), so
that `kzrights validate` can report every problem in one pass; `diff` and `show` raise them all together.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kzrights.errors import DataError
from kzrights.fieldtypes import (
    BadValue,
    as_boolean,
    as_integer,
    as_text,
    as_text_list,
    directions,
    is_quantity,
    parse,
)
from kzrights.files import OUTSIDE_TREE, escapes, relative_path_problem
from kzrights.model import (
    Acceptance,
    Caveat,
    Citation,
    FieldSpec,
    FieldType,
    MciRate,
    Rule,
    Section,
    SilentYear,
    Source,
    SourceKind,
    Stricter,
    Topic,
    Value,
    Version,
)
from kzrights.nodes import Mapping, Node, Scalar, Sequence
from kzrights.strict_yaml import parse_yaml, read_yaml

T = TypeVar("T")
Problems = list[DataError]

MAX_QUOTE_WORDS = 25
RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")
LINE_RANGE = re.compile(r"([1-9][0-9]*)-([1-9][0-9]*)")
MCI_FILE = "mci.yaml"  # at the top of a provisions tree, beside sources.yaml: a file, so never read as a topic
SECTION_ID = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# `[0-9]`, not `\d` or str.isdigit: those take `²⁰¹⁹` and `٢٠١٩` for digits, and int() then fails or agrees.
_YEAR_FILE = re.compile(r"([0-9]{4})\.yaml")


def file_year(name: str) -> int | None:
    """The year a year file is named for (`2019.yaml` → 2019), or None for any other file name."""
    match = _YEAR_FILE.fullmatch(name)
    return int(match[1]) if match else None


# Patterns of the ledger, compiled on first use (re caches them): every command imports the loader, few read a ledger.
FINGERPRINT = r"[0-9a-f]{16}"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
LEDGER_FILE = "accepted.yaml"  # at the top of a provisions tree, beside sources.yaml; written only by `accept`

# --- mappings -------------------------------------------------------------------------------------------


class _File:
    """Reads one file's mappings and records problems with their line, rule and field."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems

    def problem(self, line: int | None, message: str, *, rule: str | None = None, field: str | None = None) -> None:
        self.problems.append(DataError(self.path, line, message, rule=rule, field=field))

    def mapping(
        self,
        node: Node | None,
        what: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        *,
        rule: str | None = None,
    ) -> dict[str, tuple[int, Node]] | None:
        """Check a mapping's keys: every required one present, no unknown ones."""
        if not isinstance(node, Mapping):
            line = node.line if node is not None else 1
            self.problem(line, f"{what} must be a mapping of keys to values", rule=rule)
            return None
        allowed_set, required_set = _key_sets(required, optional)
        if allowed_set >= node.entries.keys() >= required_set:  # the common case, checked in C: every key fine
            return node.entries
        allowed = required + optional
        for key, (line, _) in node.entries.items():
            if key not in allowed:
                self.problem(line, f"unknown key '{key}' in {what}; allowed: {', '.join(allowed)}", rule=rule)
        for key in required:
            if key not in node.entries:
                self.problem(node.line, f"{what} is missing required key '{key}'", rule=rule)
        return node.entries

    def get(
        self,
        entries: dict[str, tuple[int, Node]],
        key: str,
        convert: Callable[[Node], T],
        *,
        rule: str | None = None,
        field: str | None = None,
    ) -> T | None:
        """Convert one entry, recording a problem (and returning None) when it is absent or mistyped."""
        entry = entries.get(key)
        if entry is None:
            return None
        line, node = entry
        try:
            return convert(node)
        except BadValue as error:
            self.problem(line, f"'{key}' {error}", rule=rule, field=field)
            return None


def as_positive_integer(node: Node) -> int:
    value = as_integer(node)
    if value < 1:
        raise BadValue(f"must be a positive whole number, got {value}")
    return value


@functools.cache
def _key_sets(required: tuple[str, ...], optional: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The keys a kind of mapping allows and those it needs, as sets: each of the few kinds is built once."""
    return frozenset(required + optional), frozenset(required)


def _top_list(file: _File, what: str, key: str, message: str, *, require_items: bool) -> Sequence | None:
    """The list a registry file holds under its one top-level key, or None (the problem recorded) when it does not."""
    try:
        top = file.mapping(read_yaml(file.path), what, (key,))
    except DataError as error:
        file.problems.append(error)
        return None
    if top is None or key not in top:
        return None
    line, items = top[key]
    if not isinstance(items, Sequence) or (require_items and not items.items):
        file.problem(line, message)
        return None
    return items


# --- sources.yaml ---------------------------------------------------------------------------------------

_SOURCE_KEYS = ("id", "year", "kind", "title", "publisher", "published", "covers", "file", "sha256")


def read_sources(path: Path, problems: Problems) -> dict[str, Source]:
    """Read the source registry; ids and years must each be unique."""
    file = _File(path, problems)
    items = _top_list(
        file, "sources.yaml", "sources", "'sources' must be a list of source entries", require_items=False
    )
    if items is None:
        return {}
    sources: dict[str, Source] = {}
    years: dict[int, str] = {}
    for item in items.items:
        entries = file.mapping(item, "a source entry", _SOURCE_KEYS, ("sections",))
        if entries is None:
            continue
        values = {key: file.get(entries, key, as_text) for key in _SOURCE_KEYS if key not in ("year", "published")}
        kind = None
        if values["kind"] is not None:
            try:
                kind = SourceKind(values["kind"])
            except ValueError:
                allowed = ", ".join(k.value for k in SourceKind)
                file.problem(entries["kind"][0], f"'kind' must be one of {allowed}; got {values['kind']!r}")
        year = file.get(entries, "year", as_integer)
        published = None
        if "published" in entries and not (
            isinstance(entries["published"][1], Scalar) and entries["published"][1].is_null
        ):
            published = file.get(entries, "published", as_text)
        sections = _read_sections(file, entries.get("sections"), values["id"])
        if any(v is None for v in values.values()) or year is None or kind is None:
            continue
        source = Source(
            id=str(values["id"]),
            year=year,
            title=str(values["title"]),
            publisher=str(values["publisher"]),
            published=published,
            covers=str(values["covers"]),
            file=str(values["file"]),
            sha256=str(values["sha256"]),
            sections=sections,
            line=item.line,
            kind=kind,
        )
        if not RULE_ID.fullmatch(source.id):
            file.problem(item.line, f"source id '{source.id}' must be kebab-case, e.g. usdos-2004")
        if not _SHA256.fullmatch(source.sha256):
            file.problem(entries["sha256"][0], "'sha256' must be 64 lowercase hex digits")
        if (why := relative_path_problem(source.file)) is not None:
            file.problem(entries["file"][0], f"{why}, got {source.file!r}", field="file")
        if source.id in sources:
            file.problem(item.line, f"duplicate source id '{source.id}'")
        elif year in years:
            file.problem(item.line, f"source year {year} is already given to '{years[year]}'")
        else:
            sources[source.id] = source
            years[year] = source.id
    return sources


def _read_sections(file: _File, entry: tuple[int, Node] | None, source_id: str | None) -> tuple[Section, ...]:
    """Read a source's headings: unique ids, in strictly increasing line order, so every line has one section."""
    if entry is None:
        return ()
    line, node = entry
    whose = f"source '{source_id}': " if source_id else ""
    if not isinstance(node, Sequence) or not node.items:
        file.problem(line, f"{whose}'sections' must be a non-empty list of {{id, heading, line}}")
        return ()
    sections: list[Section] = []
    first_entry: dict[str, int] = {}
    for item in node.items:
        entries = file.mapping(item, "a section entry", ("id", "heading", "line"))
        if entries is None:
            continue
        section_id = file.get(entries, "id", as_text)
        heading = file.get(entries, "heading", as_text)
        at = file.get(entries, "line", as_positive_integer)
        if section_id is None or heading is None or at is None:
            continue
        if not SECTION_ID.fullmatch(section_id):
            file.problem(
                entries["id"][0],
                f"{whose}section id '{section_id}' must be lowercase letters and digits joined by '.' or '-', e.g. 2.b",
            )
        if section_id in first_entry:
            file.problem(
                item.line, f"{whose}duplicate section id '{section_id}' (first on line {first_entry[section_id]})"
            )
            continue
        if sections and at <= sections[-1].line:
            file.problem(
                entries["line"][0],
                f"{whose}section '{section_id}' starts at line {at}, not after section '{sections[-1].id}' "
                f"(line {sections[-1].line}); list sections in line order",
            )
            continue
        first_entry[section_id] = item.line
        sections.append(Section(id=section_id, heading=heading, line=at, entry_line=item.line))
    return tuple(sections)


# --- topic.yaml -----------------------------------------------------------------------------------------


def unrecorded_year(topic: Topic, source: Source) -> DataError:
    """A source year the topic has no file for and does not record as silent: a gap that would pass for silence."""
    return DataError(
        topic.path,
        1,
        f"source year {source.year} ({source.id}) has no {source.year}.yaml and is not listed under 'silent': record "
        f"what the source says on {topic.name}, or that it was read and found silent",
    )


def read_topic(path: Path, problems: Problems) -> Topic | None:
    """Read a topic's schema: its fields, their types and which way is stricter."""
    file = _File(path, problems)
    try:
        entries = file.mapping(
            read_yaml(path), "topic.yaml", ("topic", "title", "description", "fields"), ("silent", "rule_order")
        )
    except DataError as error:
        problems.append(error)
        return None
    if entries is None:
        return None
    name = file.get(entries, "topic", as_text)
    if name is not None and name != path.parent.name:
        file.problem(entries["topic"][0], f"'topic' is '{name}' but the folder is '{path.parent.name}'")
    fields = _read_field_specs(file, entries.get("fields"))
    rule_order = file.get(entries, "rule_order", as_text_list) or ()
    for rule_id in rule_order:
        if not RULE_ID.fullmatch(rule_id):
            file.problem(entries["rule_order"][0], f"rule id '{rule_id}' in rule_order must be kebab-case")
    if len(set(rule_order)) != len(rule_order):
        file.problem(entries["rule_order"][0], "rule_order lists a rule id twice")
    silent = _read_silent(file, entries.get("silent"))
    title = file.get(entries, "title", as_text)
    description = file.get(entries, "description", as_text)
    if title is None or description is None:
        return None
    return Topic(
        name=path.parent.name,
        title=title,
        description=description,
        fields=fields,
        rule_order=rule_order,
        silent=silent,
        path=path,
    )


def _read_field_specs(file: _File, entry: tuple[int, Node] | None) -> tuple[FieldSpec, ...]:
    if entry is None:
        return ()
    line, node = entry
    if not isinstance(node, Mapping) or not node.entries:
        file.problem(line, "'fields' must map each field name to its schema")
        return ()
    specs = []
    for name, (key_line, spec_node) in node.entries.items():
        spec = _read_field_spec(file, name, key_line, spec_node)
        if spec is not None:
            specs.append(spec)
    return tuple(specs)


def _read_field_spec(file: _File, name: str, line: int, node: Node) -> FieldSpec | None:
    if not FIELD_NAME.fullmatch(name):
        file.problem(line, "field names must be snake_case", field=name)
    entries = file.mapping(
        node, f"field '{name}'", ("type", "meaning", "stricter"), ("unit", "values", "recommendation")
    )
    if entries is None:
        return None

    def choice(key: str, kind: type[FieldType] | type[Stricter]) -> FieldType | Stricter | None:
        raw = file.get(entries, key, as_text, field=name)
        if raw is None:
            return None
        try:
            return kind(raw)
        except ValueError:
            file.problem(entries[key][0], f"'{key}' must be one of {', '.join(k.value for k in kind)}", field=name)
            return None

    kind = choice("type", FieldType)
    stricter = choice("stricter", Stricter)
    meaning = file.get(entries, "meaning", as_text, field=name)
    unit = file.get(entries, "unit", as_text, field=name)
    values = file.get(entries, "values", as_text_list, field=name) or ()
    recommendation = file.get(entries, "recommendation", as_boolean, field=name) or False
    if not isinstance(kind, FieldType) or not isinstance(stricter, Stricter) or meaning is None:
        return None
    quantity = is_quantity(kind)
    if quantity and unit is None:
        file.problem(line, f"a field of type {kind} needs a 'unit'", field=name)
    if not quantity and "unit" in entries:
        file.problem(entries["unit"][0], f"'unit' applies to integer and number fields, not {kind}", field=name)
    if kind is FieldType.ENUM and not values:
        file.problem(line, "an enum field needs 'values', from least to most restrictive", field=name)
    if kind is not FieldType.ENUM and "values" in entries:
        file.problem(entries["values"][0], "'values' applies to enum fields only", field=name)
    if len(set(values)) != len(values):
        file.problem(entries["values"][0], "'values' lists a value twice", field=name)
    if stricter not in directions(kind):
        allowed = ", ".join(sorted(d.value for d in directions(kind)))
        file.problem(
            entries["stricter"][0], f"'stricter: {stricter}' does not fit a {kind} field; use {allowed}", field=name
        )
    if recommendation and stricter is not Stricter.NONE:
        # a recommendation is not the law: a change in what a source recommends restricts no one
        file.problem(
            entries["stricter"][0],
            f"'stricter: {stricter}' on a recommendation field; what a source recommends has no direction, use none",
            field=name,
        )
    return FieldSpec(
        name=name,
        type=kind,
        meaning=meaning,
        stricter=stricter,
        unit=unit,
        values=values,
        recommendation=recommendation,
        line=line,
    )


def _read_silent(file: _File, entry: tuple[int, Node] | None) -> tuple[SilentYear, ...]:
    if entry is None:
        return ()
    line, node = entry
    if not isinstance(node, Sequence):
        file.problem(line, "'silent' must be a list of {year, source, note}")
        return ()
    silent = []
    for item in node.items:
        entries = file.mapping(item, "a silent-year entry", ("year", "source", "note"))
        if entries is None:
            continue
        year = file.get(entries, "year", as_integer)
        source = file.get(entries, "source", as_text)
        note = file.get(entries, "note", as_text)
        if year is not None and source is not None and note is not None:
            silent.append(SilentYear(year=year, source=source, note=note, line=item.line))
    return tuple(silent)


# --- <year>.yaml ----------------------------------------------------------------------------------------


def read_version(path: Path, topic: Topic, sources: dict[str, Source], problems: Problems) -> Version | None:
    """Read one year file of a topic and check it against the topic's schema and the source registry."""
    file = _File(path, problems)
    try:
        entries = file.mapping(read_yaml(path), "a year file", ("topic", "year", "source", "summary", "rules"))
    except DataError as error:
        problems.append(error)
        return None
    if entries is None:
        return None
    topic_name = file.get(entries, "topic", as_text)
    if topic_name is not None and topic_name != topic.name:
        file.problem(entries["topic"][0], f"'topic' is '{topic_name}' but this file is read as topic '{topic.name}'")
    year = file.get(entries, "year", as_integer)
    if year is not None and (named := file_year(path.name)) is not None and year != named:
        file.problem(entries["year"][0], f"'year' is {year} but the file is named {path.name}")
    source_id = file.get(entries, "source", as_text)
    source = sources.get(source_id) if source_id is not None else None
    if source_id is not None and source is None:
        known = ", ".join(sorted(sources)) or "none"
        file.problem(entries["source"][0], f"unknown source '{source_id}'; sources.yaml has: {known}")
    elif source is not None and year is not None and source.year != year:
        file.problem(entries["source"][0], f"source '{source.id}' describes {source.year}, not {year}")
    summary = file.get(entries, "summary", as_text)
    rules = _read_rules(file, entries.get("rules"), topic, source_id)
    if year is None or source is None or summary is None:
        return None
    if source.sections:
        rules = tuple(_with_sections(rule, source) for rule in rules)
    return Version(topic=topic.name, year=year, source=source, summary=summary, rules=rules, path=path)


def _with_sections(rule: Rule, source: Source) -> Rule:
    """The rule with each citation placed under the section of the source its first line stands in."""

    def placed(cites: tuple[Citation, ...]) -> tuple[Citation, ...]:
        return tuple(cite.replace(section=source.section_at(cite.first_line)) for cite in cites)

    caveats = tuple(caveat.replace(cite=placed(caveat.cite)) for caveat in rule.caveats)
    return rule.replace(cite=placed(rule.cite), caveats=caveats)


def _read_rules(file: _File, entry: tuple[int, Node] | None, topic: Topic, source_id: str | None) -> tuple[Rule, ...]:
    if entry is None:
        return ()
    line, node = entry
    if not isinstance(node, Sequence) or not node.items:
        file.problem(line, "'rules' must be a non-empty list of rules")
        return ()
    rules: dict[str, Rule] = {}
    for item in node.items:
        rule = _read_rule(file, item, topic, source_id)
        if rule is None:
            continue
        if rule.id in rules:
            file.problem(rule.line, f"duplicate rule id (first on line {rules[rule.id].line})", rule=rule.id)
        else:
            rules[rule.id] = rule
    return tuple(sorted(rules.values(), key=lambda r: topic.rule_rank(r.id)))


def _read_rule(file: _File, node: Node, topic: Topic, source_id: str | None) -> Rule | None:
    rule_id = None
    if isinstance(node, Mapping) and "id" in node.entries:
        rule_id = file.get(node.entries, "id", as_text)
    entries = file.mapping(node, "a rule", ("id", "title", "text", "cite"), ("fields", "caveats"), rule=rule_id)
    if entries is None or rule_id is None:
        return None
    if not RULE_ID.fullmatch(rule_id):
        file.problem(entries["id"][0], "rule ids must be kebab-case, e.g. notice-period", rule=rule_id)
    elif topic.rule_order and not topic.declares_rule(rule_id):
        file.problem(entries["id"][0], f"rule id is not declared in {topic.name}/topic.yaml rule_order", rule=rule_id)
    title = file.get(entries, "title", as_text, rule=rule_id)
    text = file.get(entries, "text", as_text, rule=rule_id)
    fields = _read_rule_fields(file, entries.get("fields"), topic, rule_id)
    fields_node = entries["fields"][1] if "fields" in entries else None
    # a mistyped value is reported once, as mistyped, not again as "not stated" by each citation naming it
    named = fields_node.entries if isinstance(fields_node, Mapping) else {}
    field_lines = tuple((name, named[name][0]) for name, _ in fields)
    cites = _read_citations(file, entries.get("cite"), rule_id, source_id, set(named))
    caveats = _read_caveats(file, entries.get("caveats"), rule_id, source_id, set(named))
    for name, line in field_lines:
        if not any(c.supports is None or name in c.supports for c in cites):
            file.problem(line, "no citation of this rule supports this value", rule=rule_id, field=name)
    if title is None or text is None:
        return None
    return Rule(
        id=rule_id,
        title=title,
        text=text,
        fields=fields,
        cite=cites,
        caveats=caveats,
        line=node.line,
        field_lines=field_lines,
    )


def _read_rule_fields(
    file: _File, entry: tuple[int, Node] | None, topic: Topic, rule_id: str
) -> tuple[tuple[str, Value], ...]:
    if entry is None:
        return ()
    line, node = entry
    if not isinstance(node, Mapping):
        file.problem(line, "'fields' must map field names to values", rule=rule_id)
        return ()
    values: list[tuple[str, Value]] = []
    for name, (key_line, value_node) in node.entries.items():
        spec = topic.field_spec(name)
        if spec is None:
            known = ", ".join(s.name for s in topic.fields)
            file.problem(key_line, f"unknown field; {topic.name} fields are: {known}", rule=rule_id, field=name)
            continue
        try:
            values.append((name, parse(value_node, spec)))
        except BadValue as error:
            file.problem(key_line, str(error), rule=rule_id, field=name)
    return tuple(sorted(values, key=lambda item: topic.field_position(item[0])))


def _read_caveats(
    file: _File,
    entry: tuple[int, Node] | None,
    rule_id: str,
    source_id: str | None,
    stated: set[str],
) -> tuple[Caveat, ...]:
    if entry is None:
        return ()
    line, node = entry
    if not isinstance(node, Sequence) or not node.items:
        file.problem(line, "'caveats' must be a non-empty list of {field, note, cite}", rule=rule_id)
        return ()
    caveats = []
    for item in node.items:
        entries = file.mapping(item, "a caveat", ("field", "note", "cite"), ("comparable",), rule=rule_id)
        if entries is None:
            continue
        name = file.get(entries, "field", as_text, rule=rule_id)
        if name is not None and name not in stated:
            # a caveat qualifies a value; on a field this source leaves unstated it would qualify nothing
            file.problem(entries["field"][0], "a caveat must name a field this rule states", rule=rule_id, field=name)
        comparable = file.get(entries, "comparable", as_boolean, rule=rule_id)
        note = file.get(entries, "note", as_text, rule=rule_id)
        cites = _read_citations(file, entries.get("cite"), rule_id, source_id, stated, supports_allowed=False)
        if name is None or note is None or not cites:
            continue
        caveats.append(Caveat(field=name, comparable=comparable is not False, note=note, cite=cites, line=item.line))
    return tuple(caveats)


def _read_citations(
    file: _File,
    entry: tuple[int, Node] | None,
    rule_id: str,
    source_id: str | None,
    stated: set[str],
    *,
    supports_allowed: bool = True,
) -> tuple[Citation, ...]:
    if entry is None:
        return ()
    line, node = entry
    if not isinstance(node, Sequence) or not node.items:
        file.problem(line, "'cite' must be a non-empty list of citations", rule=rule_id)
        return ()
    cites = []
    # a caveat's citations back the caveat itself, so they name no fields
    optional = ("supports",) if supports_allowed else ()
    what = "a citation" if supports_allowed else "a caveat's citation"
    for item in node.items:
        entries = file.mapping(item, what, ("source", "lines", "quote"), optional, rule=rule_id)
        if entries is None:
            continue
        source = file.get(entries, "source", as_text, rule=rule_id)
        if source is not None and source_id is not None and source != source_id:
            file.problem(
                entries["source"][0], f"cites '{source}', but this file records source '{source_id}'", rule=rule_id
            )
        lines = file.get(entries, "lines", as_text, rule=rule_id)
        span = LINE_RANGE.fullmatch(lines) if lines is not None else None
        if lines is not None and (span is None or int(span[1]) > int(span[2])):
            counted = " (lines count from 1)" if re.fullmatch(r"[0-9]+-[0-9]+", lines) and span is None else ""
            file.problem(
                entries["lines"][0],
                f"'lines' must be FIRST-LAST with FIRST <= LAST{counted}, got {lines!r}",
                rule=rule_id,
            )
        quote = file.get(entries, "quote", as_text, rule=rule_id)
        if quote is not None:
            if len(quote.split()) > MAX_QUOTE_WORDS:
                file.problem(
                    entries["quote"][0],
                    f"quote has {len(quote.split())} words; at most {MAX_QUOTE_WORDS}",
                    rule=rule_id,
                )
            if "..." in quote or "…" in quote:
                file.problem(entries["quote"][0], "quotes must be one exact excerpt, without ellipses", rule=rule_id)
        supports = file.get(entries, "supports", as_text_list, rule=rule_id) if supports_allowed else None
        for name in supports or ():
            if name not in stated:
                file.problem(
                    entries["supports"][0],
                    "'supports' names a field this rule does not state",
                    rule=rule_id,
                    field=name,
                )
        if source is None or span is None or quote is None:
            continue
        cites.append(
            Citation(
                source=source,
                first_line=int(span[1]),
                last_line=int(span[2]),
                quote=quote,
                supports=supports,
                line=item.line,
            )
        )
    return tuple(cites)


# --- mci.yaml -------------------------------------------------------------------------------------------


def read_mci(path: Path, problems: Problems) -> dict[int, MciRate]:
    """Read the monthly calculation index by year, so tenge amounts of different years can be compared in MCI."""
    file = _File(path, problems)
    items = _top_list(
        file, "mci.yaml", "mci", "'mci' must be a non-empty list of {year, tenge, basis}", require_items=True
    )
    if items is None:
        return {}
    rates: dict[int, MciRate] = {}
    for item in items.items:
        entries = file.mapping(item, "an MCI entry", ("year", "tenge", "basis"))
        if entries is None:
            continue
        year = file.get(entries, "year", as_positive_integer)
        tenge = file.get(entries, "tenge", as_positive_integer)
        basis = file.get(entries, "basis", as_text)
        if year is None or tenge is None or basis is None:
            continue
        if year in rates:
            file.problem(item.line, f"MCI year {year} is given twice (first on line {rates[year].line})")
            continue
        rates[year] = MciRate(year=year, tenge=tenge, basis=basis, line=item.line)
    return rates


# --- accepted.yaml --------------------------------------------------------------------------------------

_ACCEPTANCE_KEYS = ("fingerprint", "reason", "by", "date")


def read_ledger(path: Path, problems: Problems, text: str | None = None) -> tuple[Acceptance, ...]:
    """Read the ledger of accepted changes (or `text`, what it is about to hold): a list of entries.

    An absent file, or one of comments only, accepts nothing.
    """
    if text is None and not path.exists():
        return ()
    if text is None and escapes(path, path.parent):  # `accept` appends to it: never to a file outside the tree
        problems.append(DataError(path, None, OUTSIDE_TREE))
        return ()
    file = _File(path, problems)
    try:
        node = read_yaml(path) if text is None else parse_yaml(text, path)
    except DataError as error:
        problems.append(error)
        return ()
    if node is None:
        return ()
    if not isinstance(node, Sequence):
        file.problem(node.line, "accepted.yaml must be a list of entries, each starting with '- fingerprint:'")
        return ()
    entries = []
    for item in node.items:
        fields = file.mapping(item, "an accepted change", _ACCEPTANCE_KEYS, ("expires",))
        if fields is None:
            continue
        values = {key: file.get(fields, key, as_text) for key in (*_ACCEPTANCE_KEYS, "expires")}
        fingerprint, date, expires = values["fingerprint"], values["date"], values["expires"]
        if fingerprint is not None and not re.fullmatch(FINGERPRINT, fingerprint):
            file.problem(fields["fingerprint"][0], "'fingerprint' must be 16 lowercase hex digits, as review prints it")
        for key in ("date", "expires"):
            given = values[key]
            if given is not None and not is_date(given):
                file.problem(fields[key][0], f"'{key}' must be a date written YYYY-MM-DD, got {given!r}")
        if date is not None and expires is not None and is_date(date) and is_date(expires) and expires < date:
            file.problem(fields["expires"][0], f"'expires' ({expires}) is before 'date' ({date})")
        if any(values[key] is None for key in _ACCEPTANCE_KEYS):
            continue
        entries.append(
            Acceptance(
                fingerprint=str(fingerprint),
                reason=str(values["reason"]),
                by=str(values["by"]),
                date=str(date),
                expires=expires,
                line=item.line,
            )
        )
    return tuple(entries)


def is_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (`2024-02-30` is not one)."""
    if not re.fullmatch(_ISO_DATE, text):
        return False
    import datetime  # only a ledger with entries pays for it

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
