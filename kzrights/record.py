"""Record: the base of kzrights' data classes, which costs nothing to define.

`typing.NamedTuple` and `dataclasses` generate and compile code for every class they define. For the seventeen
classes on the path of one `kzrights diff` that came to about 3 ms, a quarter of what kzrights added to the bare
interpreter's start-up (docs/benchmarks.md). A Record names its fields in `__slots__` and assigns each once, as
`Final`, in a typed `__init__`; this base gives value equality, hashing, a readable repr and `replace`.

Records are immutable by contract, not by a runtime guard: mypy refuses any assignment to a `Final` attribute
outside `__init__`, and `.ci/run` runs mypy --strict over the package and the tests. A `__setattr__` that refused
a second assignment would run in Python for every attribute of every record built (3 µs a record instead of
0.2 µs, measured on this machine), which for a 10,000-file corpus is seconds of loading; so `cite.quote = "x"`
is caught by the type checker, and `slots` still refuse attributes a record does not declare.

A slot whose name starts with `_` holds a value derived from the fields (a lookup table); it takes no part in
equality, hashing or the repr, and `replace` rebuilds it by calling the constructor.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self


class Record:
    """An immutable value: equal to another record of the same class with equal fields."""

    __slots__: tuple[str, ...] = ()  # each subclass: its field names, in constructor order
    _fields: ClassVar[tuple[str, ...]] = ()  # the slots that are fields: those not starting with "_"

    def __init_subclass__(cls) -> None:
        cls._fields = tuple(name for name in cls.__slots__ if not name.startswith("_"))

    def as_tuple(self) -> tuple[Any, ...]:
        """The field values, in constructor order."""
        return tuple(getattr(self, name) for name in self._fields)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (records are immutable)."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return type(self)(**{name: changes.get(name, getattr(self, name)) for name in self._fields})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)) or type(other) is not type(self):  # isinstance narrows for mypy
            return NotImplemented
        return self.as_tuple() == other.as_tuple()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.as_tuple()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"
