"""How values and changes are said in words, so the terminal and Markdown say exactly the same thing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, assert_never

from kzrights.fieldtypes import value_text
from kzrights.model import Citation, FieldSpec, Resolved, Value
from kzrights.render.options import RenderOptions
from kzrights.report import FieldChange, FieldChangeKind, Report, RuleChange, RuleChangeKind

if TYPE_CHECKING:  # findings, verdicts and reviews: imported only by the commands that gate, accept or review
    from kzrights.findings import Finding
    from kzrights.ledger import Verdict
    from kzrights.review import Review


def delta_text(change: FieldChange) -> str:
    """`(−5)`: the signed difference of a quantity, with a true minus sign."""
    if change.delta is None:
        return ""
    magnitude = value_text(abs(change.delta))
    return f"({'+' if change.delta > 0 else '−'}{magnitude})"


def list_items_text(change: FieldChange) -> str:
    """`+ pending criminal case; − military service` for a list whose items moved."""
    if change.kind is not FieldChangeKind.CHANGED:
        return ""
    parts = [f"+ {item}" for item in change.items_added] + [f"− {item}" for item in change.items_removed]
    return "; ".join(parts)


def rule_status(rule: RuleChange, report: Report) -> str:
    """Say what happened to a rule without implying repeal: a source that omits a rule is silent on it."""
    match rule.kind:
        case RuleChangeKind.ADDED:
            return f"described only in the {report.new.version.year} source"
        case RuleChangeKind.REMOVED:
            return f"not described in the {report.new.version.year} source"
        case RuleChangeKind.CHANGED:
            return "changed" if rule.fields else "wording only"
        case _:
            return "unchanged"


def citations_text(cites: tuple[Citation, ...]) -> str:
    """`usdos-2019 §2.b, lines 1503-1505, 1507-1511; §1.d, line 531`: the section a lawyer cites, and the lines
    of our copy where a reader checks the words."""
    if not cites:
        return "no citation"
    by_source: dict[str, dict[str, list[str]]] = {}
    for cite in cites:
        sections = by_source.setdefault(cite.source, {})
        spans = sections.setdefault(f"§{cite.section.id}" if cite.section else "", [])
        span = str(cite.first_line) if cite.first_line == cite.last_line else cite.lines
        if span not in spans:
            spans.append(span)
    return "; ".join(
        f"{source} " + "; ".join(_where(section, spans) for section, spans in sections.items())
        for source, sections in by_source.items()
    )


def _where(section: str, spans: list[str]) -> str:
    one_line = len(spans) == 1 and "-" not in spans[0]
    lines = f"{'line' if one_line else 'lines'} {', '.join(spans)}"
    return f"{section}, {lines}" if section else lines


def source_line(resolved: Resolved) -> str:
    source = resolved.version.source
    return f"{source.title} ({source.publisher}, source year {source.year})"


RECOMMENDATION = "a recommendation, not law"  # beside every value of a field that records what a source recommends


def recommended(spec: FieldSpec | None) -> str:
    """` (a recommendation, not law)` after a value of such a field, wherever it is shown; nothing otherwise."""
    return f" ({RECOMMENDATION})" if spec is not None and spec.recommendation else ""


def summary_text(report: Report) -> str:
    """One line a reader can paste, the answer first: value changes by direction, what held, what one side alone says."""
    s = report.summary()
    old, new = report.old.version.year, report.new.version.year
    # Only a value stated on both sides can be stricter, looser or neutral; the rest of them a caveat marks not
    # comparable, and the breakdown names them too, so that its parts add up to the values changed.
    graded = {
        "stricter": s["stricter"],
        "looser": s["looser"],
        "without direction": s["neutral"],
        "not comparable": s["values_changed"] - s["stricter"] - s["looser"] - s["neutral"],
    }
    directions = ", ".join(
        f"{count} {word}" for word, count in graded.items() if count or word in ("stricter", "looser")
    )
    parts = [
        f"{_count(s['values_changed'], 'value')} changed ({directions})",
        f"{s['values_held']} the same on both sides",
        f"{s['only_to']} described only in {new}",
        f"{s['only_from']} only in {old}",
        f"{_count(s['rules_reworded'], 'rule')} reworded",
    ]
    if s["between_through_ends"]:
        parts.append(f"{_count(s['between_through_ends'], 'field')} stated otherwise in between")
    if s["rules_recited"]:
        parts.append(f"{_count(s['rules_recited'], 'rule')} cited otherwise")
    return "; ".join(parts) + "."


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def unlike_sources(report: Report) -> str:
    """Say so when the two sides are different kinds of document: a change may be one of who describes the law."""
    old, new = report.old.version.source, report.new.version.source
    if old.kind is new.kind:
        return ""
    return (
        f"the two sources are different kinds of document ({old.year}: {old.kind.label}; {new.year}: "
        f"{new.kind.label}); a difference may be one of description, not of law."
    )


# --- findings of a review or a gate ---------------------------------------------------------------------


def finding_text(finding: Finding) -> str:
    """What changed, in words, after the finding's subject: `10 days → 15 days (+5)`, `added: Kazakhstan 2021 …`."""
    from kzrights.findings import FindingKind

    old, new = finding.old, finding.new
    match finding.kind:
        case FindingKind.FIELD:
            change = finding.change
            unit = change.unit if change is not None else None
            shown = [value_text(v, unit) if v is not None else "not stated" for v in (_value(old), _value(new))]
            delta = f" {delta_text(change)}" if change is not None and change.delta is not None else ""
            return f"{shown[0]} → {shown[1]}{delta}"
        case FindingKind.WORDING:
            if old is None:
                return f"rule now described: {new['title']}"
            if new is None:
                return f"rule no longer described (was: {old['title']})"
            parts = ["text reworded"] if old["text"] != new["text"] else []
            if old["title"] != new["title"]:
                parts.insert(0, f"retitled {old['title']} → {new['title']}")
            return "; ".join(parts)
        case FindingKind.SCHEMA:
            if old is None:
                return f"added: {_spec_text(new)}"
            if new is None:
                return f"removed (was {_spec_text(old)})"
            changed = [key for key in ("type", "unit", "values", "stricter") if old[key] != new[key]]
            return "; ".join(f"{key} {_setting(old[key])} → {_setting(new[key])}" for key in changed)
        case FindingKind.SOURCE:
            if old is None:
                return f"added: {new['title']} ({new['year']})"
            if new is None:
                return f"removed (was {old['title']}, {old['year']})"
            changed = [key for key in old if old[key] != new[key]]
            return f"changed: {', '.join(changed)}"
        case FindingKind.SILENCE:
            if new is not None:
                return f"the {new['year']} source ({new['source']}) is recorded as silent on {finding.topic}"
            return f"the {old['year']} source ({old['source']}) is no longer recorded as silent on {finding.topic}"
        case FindingKind.YEAR_REMOVED:
            return f"removed: what the {finding.field} source says on {finding.topic} is no longer recorded"
        case FindingKind.CAVEAT:
            return f"{_caveats_text(old)} → {_caveats_text(new)}"
        case FindingKind.MCI:
            shown = [f"{value_text(v['tenge'], 'tenge')}" if v is not None else "none" for v in (old, new)]
            return f"{shown[0]} → {shown[1]}"
        case FindingKind.CITATION:
            return _citations_change(old or [], new or [])
        case _:
            assert_never(finding.kind)


def _citations_change(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str:
    """`usdos-2019 lines 1503-1505 → usdos-2019 lines 1503-1506`; when only quotes or supported fields changed, so."""
    shown = ["; ".join(f"{c['source']} lines {c['lines']}" for c in side) or "none" for side in (old, new)]
    if shown[0] != shown[1]:
        return f"{shown[0]} → {shown[1]}"
    what = [
        word
        for key, word in (("quote", "quote"), ("supports", "fields supported"))
        if [c[key] for c in old] != [c[key] for c in new]
    ]
    return f"{' and '.join(what) or 'citations'} changed at {shown[1]}"


def _caveats_text(caveats: list[dict[str, Any]] | None) -> str:
    if not caveats:
        return "no caveat"
    return "; ".join(f"{'' if c['comparable'] else 'not comparable: '}{c['note']}" for c in caveats)


def _value(value: Any) -> Value | None:
    """A finding's JSON value back as a model value (lists as tuples), for value_text."""
    return tuple(value) if isinstance(value, list) else value


def _spec_text(spec: dict[str, Any]) -> str:
    unit = f" in {spec['unit']}" if spec["unit"] else ""
    values = f" ({', '.join(spec['values'])})" if spec["values"] else ""
    return f"{spec['type']}{unit}{values}, stricter: {spec['stricter']}"


def _setting(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return "none" if value is None else str(value)


def direction_text(finding: Finding) -> str:
    """`stricter`, `not comparable`, or `re-grades history` for a schema change the gate stops at every level."""
    return "re-grades history" if finding.regrades else finding.direction.label


def verdict_text(verdict: Verdict) -> str:
    """`accepted: REASON (NAME, 2024-05-01, until 2024-12-31)`, `acceptance expired on …`, or "" when not accepted."""
    from kzrights.ledger import Status

    entry = verdict.acceptance
    if entry is None:
        return ""
    until = f", until {entry.expires}" if entry.expires else ""
    if verdict.status is Status.EXPIRED:
        return f"acceptance expired on {entry.expires}: {entry.reason} ({entry.by}, {entry.date})"
    return f"accepted: {entry.reason} ({entry.by}, {entry.date}{until})"


def gate_line(finding: Finding, verdict: Verdict) -> str:
    """One stderr line naming a change that trips the gate: direction, topic, what changed, where, fingerprint."""
    from kzrights.ledger import Status

    where = f" at {finding.location()}" if finding.file else ""
    topic = f"{finding.topic} " if finding.topic else ""
    expired = f"; {verdict_text(verdict)}" if verdict.status is Status.EXPIRED else ""
    return (
        f"{direction_text(finding)}: {topic}{finding.subject}: {finding_text(finding)} "
        f"({finding.old_label} → {finding.new_label}){where}; fingerprint {finding.fingerprint}{expired}"
    )


def gate_notes(finding: Finding, options: RenderOptions) -> tuple[str, ...]:
    """What a view adds under a change: its acceptance, and its fingerprint when the gate or the ledger speaks of it."""
    from kzrights.ledger import NEW, Status

    verdict = options.ledger.verdict(finding.fingerprint) if options.ledger is not None else NEW
    notes = [verdict_text(verdict)] if verdict.status is not Status.NEW else []
    if notes or (options.fail_on is not None and options.fail_on.catches(finding)):
        notes.append(f"fingerprint {finding.fingerprint}")
    return tuple(notes)


Notes = dict[tuple[str, str | None], tuple[str, ...]]


def report_notes(report: Report, options: RenderOptions) -> Notes:
    """Gate notes of a diff by (rule, field), a rule's wording under (rule, None); empty when no gate or ledger speaks."""
    if options.fail_on is None and (options.ledger is None or not options.ledger.entries):
        return {}
    from kzrights.findings import report_findings

    return {
        (finding.rule or "", finding.field): notes
        for finding in report_findings(report)
        if (notes := gate_notes(finding, options))
    }


def review_counts(review: Review) -> str:
    """`3 changes: 1 stricter, 0 looser, 1 not comparable, 1 neutral, 0 re-grading history; 1 accepted, 0 expired`."""
    c = review.counts()
    changes = "1 change" if c["changes"] == 1 else f"{c['changes']} changes"
    return (
        f"{changes}: {c['stricter']} stricter, {c['looser']} looser, {c['not_comparable']} not comparable, "
        f"{c['neutral']} neutral, {c['regrading']} re-grading history; {c['accepted']} accepted, {c['expired']} expired"
    )


def base_problems_text(count: int) -> str:
    """What a review says when its base could not be read whole."""
    problems = "1 problem" if count == 1 else f"{count} problems"
    return f"the base has {problems} in the data; what it could not read is compared as absent"
