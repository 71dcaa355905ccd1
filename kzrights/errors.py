"""Errors the user can act on; the CLI maps every KzrightsError to exit status 2.

A message may quote the data (a key, a source id, a file name), and the data is untrusted: every message is
rendered through the terminal's escaping, on one line, so that an error about a hostile file cannot itself
be the attack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kzrights.render.escape import visible


class KzrightsError(Exception):
    """A problem with the user's input or data, never a bug in kzrights."""


class UsageError(KzrightsError):
    """A request that cannot be answered: unknown topic, year without a source, and the like."""


class OutputError(KzrightsError):
    """Standard output cannot take what kzrights writes: it is closed, or the disk is full."""


class DataError(KzrightsError):
    """One problem in a data file, located by file, line, rule and field."""

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        message: str,
        *,
        rule: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        self.rule = rule
        self.field = field
        super().__init__(self.render())

    def render(self) -> str:
        """Format as `path:line: rule 'id': field 'x': what is wrong`, the shape editors can jump to."""
        return f"{self.where()}: {self.describe()}"

    def where(self) -> str:
        """`path:line`, or the path alone when the line is not known; a hostile file name shown escaped."""
        return visible(self.path if self.line is None else f"{self.path}:{self.line}", keep="")

    def describe(self) -> str:
        """What is wrong without where: `rule 'id': field 'x': what is wrong`, for an annotation that has the place."""
        parts = []
        if self.rule is not None:
            parts.append(f"rule '{self.rule}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        parts.append(self.message)
        return visible(": ".join(parts), keep="")

    def __reduce__(self) -> tuple[Callable[..., DataError], tuple[str, int | None, str, str | None, str | None]]:
        """Pickle by the fields (a worker process sends its problems back): the message alone would not rebuild it."""
        return (_data_error, (self.path, self.line, self.message, self.rule, self.field))

    def sort_key(self) -> tuple[str, int, str]:
        """Order problems by file, then line, so reports read top to bottom."""
        return (self.path, self.line or 0, self.message)


def shown(error: BaseException) -> str:
    """An error's message as one printable line, whatever data it quotes."""
    return visible(str(error).strip(), keep="")


class DataErrors(KzrightsError):
    """Every problem found in the data, so the maintainer can fix them all in one pass."""

    def __init__(self, problems: Iterable[DataError]) -> None:
        self.problems = tuple(sorted(problems, key=DataError.sort_key))
        super().__init__("\n".join(p.render() for p in self.problems))

    def __reduce__(self) -> tuple[type[DataErrors], tuple[tuple[DataError, ...]]]:
        """Pickle by the problems, so that a worker's DataErrors is raised whole in the parent."""
        return (DataErrors, (self.problems,))


def _data_error(path: str, line: int | None, message: str, rule: str | None, field: str | None) -> DataError:
    return DataError(path, line, message, rule=rule, field=field)
