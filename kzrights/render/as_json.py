"""JSON for scripts: each result's hand-written `to_dict()` contract, keys in a stable order, UTF-8 as is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # type names only: importing changelog here would slow down every `diff --format json`
    from kzrights.changelog import Changelog
    from kzrights.history import Blame, Timeline
    from kzrights.listing import Listing
    from kzrights.render.options import RenderOptions
    from kzrights.report import Report, VersionReport
    from kzrights.review import Review
    from kzrights.validate import Validation


def dump(data: Any) -> str:
    """The one way kzrights writes JSON: keys in the order built, UTF-8 as is, two-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_diff(report: Report, options: RenderOptions) -> str:
    return dump(report.to_dict(include_unchanged=options.show_unchanged, ledger=options.ledger))


def render_version(shown: VersionReport, options: RenderOptions) -> str:
    return dump(shown.to_dict())


def render_changelog(changelog: Changelog, options: RenderOptions) -> str:
    return dump(changelog.to_dict(options.ledger))


def render_history(timeline: Timeline, options: RenderOptions) -> str:
    return dump(timeline.to_dict())


def render_blame(blame: Blame, options: RenderOptions) -> str:
    return dump(blame.to_dict())


def render_listing(listing: Listing, options: RenderOptions) -> str:
    return dump(listing.to_dict())


def render_problems(validation: Validation, options: RenderOptions) -> str:
    return dump(validation.to_dict())


def render_review(review: Review, options: RenderOptions) -> str:
    return dump(review.to_dict(options.fail_on))
