"""`kzrights list`: topics, their source years, and the sources read and found silent."""

from __future__ import annotations

from kzrights.corpus import Corpus
from kzrights.render.as_json import dump
from kzrights.render.styled import Document, Style
from kzrights.report import SCHEMA_VERSION, source_to_dict


def _rows(corpus: Corpus) -> list[tuple[str, str, list[int], list[tuple[int, str, str]]]]:
    rows = []
    for name in corpus.topic_names():
        topic = corpus.topic(name)
        silent = [(s.year, s.source, s.note) for s in topic.silent]
        rows.append((name, topic.title, list(corpus.years(name)), silent))
    return rows


def render_text(corpus: Corpus) -> Document:
    doc = Document()
    doc.line(("Topics", Style.HEADING))
    for name, title, years, silent in _rows(corpus):
        doc.blank()
        doc.line((name, Style.RULE), f" — {title}")
        doc.line(f"  years with rules: {', '.join(map(str, years)) or 'none'}")
        for year, source, note in silent:
            doc.line((f"  silent: {year} ({source}): {note}", Style.SILENT))
    doc.blank()
    doc.line(("Sources", Style.HEADING))
    for entry in sorted(corpus.sources.values(), key=lambda s: s.year):
        doc.line(f"  {entry.year}  {entry.id:<11} {entry.title} ({entry.publisher})")
    return doc


def render_json(corpus: Corpus) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "kind": "list",
        "topics": [
            {
                "id": name,
                "title": title,
                "years": years,
                "silent": [{"year": y, "source": s, "note": n} for y, s, n in silent],
            }
            for name, title, years, silent in _rows(corpus)
        ],
        "sources": [source_to_dict(s) for s in sorted(corpus.sources.values(), key=lambda s: s.year)],
    }
    return dump(data)
