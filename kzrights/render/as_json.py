"""JSON for scripts: the hand-written contract in report.py, keys in a stable order, UTF-8 as is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kzrights.report import version_to_dict

if TYPE_CHECKING:  # type names only: importing changelog here would slow down every `diff --format json`
    from kzrights.changelog import Changelog
    from kzrights.model import Topic, Version
    from kzrights.render.options import RenderOptions
    from kzrights.report import Report


def render_diff(report: Report, options: RenderOptions) -> str:
    return dump(report.to_dict(include_unchanged=options.show_unchanged))


def render_version(version: Version, topic: Topic, options: RenderOptions) -> str:
    return dump(version_to_dict(version, topic))


def dump(data: Any) -> str:
    """The one way kzrights writes JSON: keys in the order built, UTF-8 as is, two-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_changelog(changelog: Changelog) -> str:
    return dump(changelog.to_dict())
