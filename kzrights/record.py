"""Record: the base of kzrights' data classes, which costs nothing to define.

`typing.NamedTuple` and `dataclasses` generate and compile code for every class they define. For the seventeen
classes on the path of one `kzrights diff` that came to about 3 ms, a quarter of what kzrights added to the bare
interpreter's start-up (docs/benchmarks.md). A Record names its fields in `__slots__` and assigns each once, as
`Final`, in a typed `__init__`; this base gives value equality, hashing, a readable repr and `replace`.
"""

from __future__ import annotations

from typing import Any, Self


class Record:
    """An immutable value: equal to another record of the same class with equal fields."""

    __slots__: tuple[str, ...] = ()  # each subclass: its field names, in constructor order

    def as_tuple(self) -> tuple[Any, ...]:
        """The field values, in `__slots__` order."""
        return tuple(getattr(self, name) for name in self.__slots__)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (records are immutable)."""
        unknown = changes.keys() - set(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(type(self))
        for name in self.__slots__:
            object.__setattr__(copy, name, changes.get(name, getattr(self, name)))
        return copy

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)) or type(other) is not type(self):  # isinstance narrows for mypy
            return NotImplemented
        return self.as_tuple() == other.as_tuple()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.as_tuple()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
