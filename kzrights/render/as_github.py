"""GitHub Actions workflow commands: one annotation per finding or problem, at its file and line.

The runner reads every line a step prints and obeys those that start with `::`, so data must never begin a
line: per GitHub's rules, `%`, CR and LF are written `%25`, `%0D` and `%0A` in a command's message, and in its
properties also `:` and `,` as `%3A` and `%2C` (oasdiff's GitHub formatter does the same); every other control
character and the Unicode line separators are shown as escapes (`\\x1b`), so a provisions file in a pull request
cannot print `::add-mask::`, `::set-output` or `::stop-commands` of its own, nor move the log's cursor.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kzrights.render.styled import printable

if TYPE_CHECKING:
    from kzrights.errors import DataError
    from kzrights.render.options import RenderOptions
    from kzrights.review import Review
    from kzrights.validate import Validation


def escape_data(text: str) -> str:
    """A command's message: `%` first, so that the `%0A` it writes is not escaped again."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A command's property value (file, title): the message's escapes plus the separators `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, *, file: str | None = None, line: int | None = None, title: str = "") -> str:
    """`::error file=…,line=…,title=…::message`, every part escaped; one line, ending in a newline."""
    properties = []
    if file is not None:
        properties.append(f"file={escape_property(file)}")
        if line:
            properties.append(f"line={line}")
    if title:
        properties.append(f"title={escape_property(title)}")
    head = f"{level} {','.join(properties)}" if properties else level
    return f"::{head}::{escape_data(message)}\n"


def workspace_path(path: str) -> str:
    """A path as GitHub expects it: relative to the working directory (the checkout) when inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


def problem_command(problem: DataError, level: str = "error") -> str:
    """A data problem at its file and line."""
    return command(
        level, problem.describe(), file=workspace_path(problem.path), line=problem.line, title="kzrights validate"
    )


def render_problems(validation: Validation, options: RenderOptions) -> str:
    """`validate --format github`: one `::error` per problem, one `::warning` per stale ledger entry, then the count
    (a notice when the data is clean, so that the run shows what it checked)."""
    out = [problem_command(problem) for problem in validation.problems]
    out += [problem_command(warning, "warning") for warning in validation.warnings]
    if validation.problems:
        return "".join(out) + printable(validation.summary()) + "\n"
    return "".join(out) + command("notice", validation.summary(), title="kzrights validate")


def render_review(review: Review, options: RenderOptions) -> str:
    """`review --format github`: a notice with the counts, then one annotation per finding at its line in the head.

    A finding the gate stops (`--fail-on`, stricter when not given) is an error, and so is one whose acceptance
    expired; the others, accepted ones included, are notices.
    """
    from kzrights.gate import FailOn
    from kzrights.ledger import Status
    from kzrights.render.wording import direction_text, finding_text, review_counts, verdict_text

    gate = options.fail_on or FailOn.STRICTER
    out = [command("notice", f"{review.base} → {review.head_label}: {review_counts(review)}", title="kzrights review")]
    for item in review.items:
        finding, verdict = item.finding, item.verdict
        trips = gate.catches(finding) and verdict.status is not Status.ACCEPTED
        level = "error" if trips else "notice"
        topic = f"{finding.topic} " if finding.topic else ""
        title = f"{direction_text(finding)}: {topic}{finding.subject}"
        message = (
            f"{finding_text(finding)} ({finding.old_label} → {finding.new_label}); fingerprint {finding.fingerprint}"
        )
        if verdict.status is not Status.NEW:
            message += f"; {verdict_text(verdict)}"
        elif trips:
            message += f"; to accept it: kzrights accept {finding.fingerprint} --reason TEXT --by NAME"
        out.append(command(level, message, file=finding.file, line=finding.line, title=title))
    return "".join(out)
