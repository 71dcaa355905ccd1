"""kzrights: how Kazakhstan's human-rights-relevant legal rules changed over time."""

__version__ = "0.1.0"
