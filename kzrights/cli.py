"""Command line: parse arguments, call the library, pick a renderer, set the exit code. Nothing else.

Exit status: 0 no differences (or no gate asked for); 1 differences, with --exit-code or --fail-on;
2 bad usage or bad data; 3 internal error (a bug: the traceback is printed).
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

import click

from kzrights import __version__, formats
from kzrights.errors import DataErrors, KzrightsError, shown
from kzrights.output import say
from kzrights.record import Record
from kzrights.render.options import GITHUB_SUMMARY_LIMIT, RenderOptions, View

if TYPE_CHECKING:
    from kzrights.corpus import Corpus
    from kzrights.gate import FailOn, Tripped
    from kzrights.render.styled import Document

EXIT_DIFFERENCES = 1
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3

EXIT_CODES_HELP = """\b
Exit status:
  0  no differences (or neither --exit-code nor --fail-on given)
  1  differences found, with --exit-code or a matching --fail-on
  2  bad usage or bad data (the message names file, line and field)
  3  internal error: a bug in kzrights"""


class _Group(click.Group):
    """Map every KzrightsError to a message and status 2, and anything else to a traceback and status 3."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command whatever stdout is: closed, full, or unable to encode `→` (`PYTHONIOENCODING=ascii`)."""
        from kzrights import output

        try:
            if isinstance(stream := output.stdout(), io.TextIOWrapper):
                stream.reconfigure(errors="backslashreplace")
            return super().main(*args, **kwargs)
        except KzrightsError as error:  # stdout is closed: say so before anything is lost unseen
            say(f"kzrights: error: {shown(error)}")
            sys.exit(EXIT_USER_ERROR)
        except BrokenPipeError:  # `kzrights --help | head -1`
            output.discard(sys.stdout)
            sys.exit(0)
        except OSError as error:  # click's own printing (help, version) into a full disk
            output.discard(sys.stdout)
            say(f"kzrights: error: cannot write to standard output: {error.strerror or error}")
            sys.exit(EXIT_USER_ERROR)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataErrors as error:
            for problem in error.problems:
                say(problem.render())
            count = len(error.problems)
            say(f"kzrights: {count} problem{'s' if count != 1 else ''} in the data")
            ctx.exit(EXIT_USER_ERROR)
        except KzrightsError as error:
            say(f"kzrights: error: {shown(error)}")
            ctx.exit(EXIT_USER_ERROR)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `kzrights … | head`: the reader left; nothing is wrong
            sys.stderr.close()
            ctx.exit(0)
        except Exception:
            import traceback  # only a bug gets here: keep it out of every start-up

            traceback.print_exc()
            say("kzrights: internal error (a bug in kzrights); please report the traceback above")
            ctx.exit(EXIT_INTERNAL_ERROR)


class App(Record):
    """What the global options decided: where the data is and whether to colour."""

    __slots__ = ("data_dir", "color", "no_pager", "width")

    def __init__(self, data_dir: Path | None, color: str, no_pager: bool = False, width: int | None = None) -> None:
        self.data_dir: Final = data_dir
        self.color: Final = color
        self.no_pager: Final = no_pager
        self.width: Final = width  # None: the terminal's, or 80 in a pipe; 0: never wrap

    def corpus(self) -> Corpus:
        from kzrights.corpus import Corpus, default_data_dir

        return Corpus(self.data_dir or default_data_dir())

    def corpus_around(self, files: Iterable[Path]) -> Corpus:
        """The tree the first of `files` that stands in one belongs to (TREE/TOPIC/YEAR.yaml, beside its topic.yaml
        and under its sources.yaml), so that `diff --files` reads an edited tree with its own schema; else the
        default tree. `--data` always wins."""
        from kzrights.corpus import Corpus

        for path in files:
            folder = path.absolute().parent
            if (folder / "topic.yaml").is_file() and (folder.parent / "sources.yaml").is_file():
                return Corpus(folder.parent)
        return self.corpus()

    def use_colour(self) -> bool:
        if self.color != "auto":
            return self.color == "always"
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
            return True
        return sys.stdout is not None and sys.stdout.isatty()

    def emit(self, output: str | Document | Iterator[str]) -> None:
        """Write a machine format as is (whole or chunk by chunk); a Document wrapped, plain or in colour, paged on a
        terminal."""
        from kzrights import output as out

        if isinstance(output, str):
            out.write_data(output)
            return
        if isinstance(output, Iterator):
            for chunk in output:
                click.echo(chunk, nl=False)
            return
        width = out.text_width(self.width)
        if self.use_colour():
            import io

            from kzrights.render.terminal import print_colour

            buffer = io.StringIO()
            print_colour(output, buffer, width)
            text = buffer.getvalue()
        else:
            text = output.plain(width)
        out.write(text, out.pager_command(self.no_pager))


def _year(value: str) -> int:
    # [0-9], not str.isdigit(): `²⁰¹⁹` is digits to isdigit and not a number to int(); `٢٠١٩` is both
    if not re.fullmatch(r"[0-9]{4}", value):
        shown_value = value if len(value) <= 20 else f"{value[:20]}…"
        raise click.BadParameter(f"a year is four digits, such as 2004; got {shown_value!r}")
    return int(value)


class _Year(click.ParamType):  # type: ignore[type-arg]  # generic in new click; older click (>=8.1 allowed) is not
    """A year option (`--since 2009`): four ASCII digits, as a year argument."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return _year(str(value))
        except click.BadParameter as error:
            self.fail(error.message, param, ctx)


def format_option(table: Mapping[str, str], help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--format`, its choices read from the result's table in kzrights.formats (text first, the default)."""
    return click.option("--format", "fmt", type=click.Choice(list(table)), default="text", show_default=True, help=help)


def _emit_result(app: App, table: Mapping[str, str], fmt: str, subject: object, options: RenderOptions) -> None:
    """Render a result in the chosen format, through the registry, and write it."""
    from kzrights.formats import renderer

    app.emit(renderer(table, fmt)(subject, options))


def _override(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """A callback that lets an option given after the subcommand override the global one."""

    def callback(ctx: click.Context, _: click.Parameter, value: Any) -> None:
        if value is not None and value is not False and isinstance(ctx.obj, App):
            ctx.obj = ctx.obj.replace(**{name: value})

    return callback


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--color`, `--no-pager` and `--width` after the subcommand too, as git and ripgrep take them."""
    for option in (
        click.option(
            "--color",
            "--colour",
            type=click.Choice(["auto", "always", "never"]),
            expose_value=False,
            callback=_override("color"),
            help="As the global --color.",
        ),
        click.option(
            "--no-pager", is_flag=True, expose_value=False, callback=_override("no_pager"), help="Never page."
        ),
        click.option(
            "--width", type=click.IntRange(0, 1000), expose_value=False, callback=_override("width"), help="Wrap at N."
        ),
    ):
        command = option(command)
    return command


fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["stricter", "looser", "not-comparable", "any"]),
    help="A CI gate: exit 1 when a change of this kind is not accepted in accepted.yaml, naming each on stderr.",
)
quotes_option = click.option("--quotes", is_flag=True, help="Print each citation's quote, not only its lines.")
jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Processes to read the tree with (default: one per core from 200 year files, else one; at most one per topic and two per core).",
)
_FORMAT_HELP = "text for people (coloured on a terminal), json for scripts, markdown for reports."
_TABLE_HELP = "text for people, json for scripts, markdown for reports, csv for spreadsheets."


@click.group(cls=_Group, epilog=EXIT_CODES_HELP)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KZRIGHTS_DATA",
    help="Provisions tree to use instead of the bundled one (or set KZRIGHTS_DATA).",
)
@click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output; auto honours NO_COLOR, FORCE_COLOR and whether stdout is a terminal.",
)
@click.option("--no-pager", is_flag=True, help="Never page text output (it is paged only on a terminal).")
@click.option("--width", type=click.IntRange(0, 1000), help="Wrap text at this many columns (0: never).")
@click.version_option(__version__, prog_name="kzrights")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, color: str, no_pager: bool, width: int | None) -> None:
    """How Kazakhstan's human-rights-relevant legal rules changed over time, source by source."""
    ctx.obj = App(data_dir, color, no_pager, width)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("args", nargs=-1, metavar="TOPIC FROM TO")
@click.option(
    "--files",
    nargs=2,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Compare two year files directly: OLD.yaml NEW.yaml.",
)
@click.option(
    "--view",
    type=click.Choice(["semantic", "text", "both"]),
    default="both",
    show_default=True,
    help="Semantic (field by field), textual (redline) or both.",
)
@click.option("--all", "show_unchanged", is_flag=True, help="Also list rules that did not change.")
@click.option("--stat", is_flag=True, help="Only a line of counts per rule, like git diff --stat.")
@quotes_option
@format_option(formats.DIFF, _FORMAT_HELP)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything changed.")
@fail_on_option
@output_options
@click.pass_obj
def diff(
    app: App,
    args: tuple[str, ...],
    files: tuple[Path, Path] | None,
    view: str,
    show_unchanged: bool,
    stat: bool,
    quotes: bool,
    fmt: str,
    exit_code: bool,
    fail_on: str | None,
) -> None:
    """Show how TOPIC's rules changed between the sources for two years.

    A year between sources resolves to the latest source year before it.

    \b
    Examples:
        kzrights diff assembly 2004 2019
        kzrights diff libel 2016 2019 --format json
        kzrights diff --files provisions/exit/2019.yaml my-edit.yaml
    """
    from kzrights.compare import compare

    if stat and fmt != "text":
        _usage(f"--stat is a view of the text format; --format {fmt} has its counts in its summary")
    corpus = app.corpus() if not files or app.data_dir is not None else app.corpus_around(files)
    if files:
        if args:
            _usage("give either TOPIC FROM TO or --files OLD NEW, not both")
        old, new = (corpus.version_from_file(path) for path in files)
        if old.version.topic != new.version.topic:
            _usage(f"the files are of different topics: {old.version.topic} and {new.version.topic}")
        topic = corpus.topic(old.version.topic)
    else:
        if len(args) != 3:
            _usage("expected TOPIC FROM TO, e.g. kzrights diff assembly 2004 2019")
        topic = corpus.topic(args[0])
        old, new = (corpus.resolve(topic, _year(year)) for year in args[1:])
    between = () if files else corpus.versions_between(topic, old.version.year, new.version.year)
    report = compare(topic, old, new, between, corpus.mci)
    gate = _fail_on(fail_on)
    options = RenderOptions(
        view=View(view),
        show_unchanged=show_unchanged,
        quotes=quotes,
        stat=stat,
        ledger=corpus.ledger,
        fail_on=gate,
    )
    _emit_result(app, formats.DIFF, fmt, report, options)
    if gate is not None:
        from kzrights.findings import report_findings
        from kzrights.gate import tripped
        from kzrights.ledger import NEW

        verdict = corpus.ledger.verdict if corpus.ledger is not None else lambda _: NEW
        _apply_gate(tripped(report_findings(report), gate, verdict), gate)
    if exit_code and report.has_changes:
        sys.exit(EXIT_DIFFERENCES)


@cli.command()
@click.argument("topic")
@click.argument("year")
@quotes_option
@format_option(formats.VERSION, _FORMAT_HELP)
@output_options
@click.pass_obj
def show(app: App, topic: str, year: str, quotes: bool, fmt: str) -> None:
    """Show one version of TOPIC: its rules, fields with units and citations.

    \b
    Example:
        kzrights show exit 2016 --quotes
    """
    from kzrights.report import VersionReport

    corpus = app.corpus()
    schema = corpus.topic(topic)
    resolved = corpus.resolve(schema, _year(year))
    _emit_result(app, formats.VERSION, fmt, VersionReport(schema, resolved.version), RenderOptions(quotes=quotes))


@cli.command(name="list")
@format_option(formats.LISTING, _FORMAT_HELP)
@output_options
@click.pass_obj
def list_(app: App, fmt: str) -> None:
    """List topics, their source years, and which sources are silent on which topic."""
    from kzrights.listing import build_listing

    _emit_result(app, formats.LISTING, fmt, build_listing(app.corpus()), RenderOptions())


@cli.command()
@click.option(
    "--sources",
    "sources_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of source documents: check their sha256 and every quote against its cited lines.",
)
@format_option(
    formats.PROBLEMS, "text for people (problems on stderr), json for scripts, github for annotations in CI."
)
@output_options
@jobs_option
@click.pass_obj
def validate(app: App, sources_dir: Path | None, fmt: str, jobs: int | None) -> None:
    """Check every provision file against its schema (and, with --sources, against the documents).

    Reports every problem as path:line: rule 'id': field 'x': what is wrong, and warns of accepted.yaml entries
    that match no change. Never writes.
    """
    from kzrights.corpus import default_data_dir
    from kzrights.validate import validate_tree

    result = validate_tree(app.data_dir or default_data_dir(), sources_dir, jobs, keep_versions=False)
    if fmt == "text":
        for warning in result.warnings:
            say(f"{warning.where()}: warning: {warning.describe()}")
    if result.problems and fmt == "text":
        raise DataErrors(result.problems)  # problems go to stderr, as every command reports bad data
    _emit_result(app, formats.PROBLEMS, fmt, result, RenderOptions())
    if result.problems:
        sys.exit(EXIT_USER_ERROR)


@cli.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--base", required=True, metavar="REF", help="The git revision to compare with: a pull request's base, origin/main."
)
@click.option("--head", metavar="REF", help="Review this revision instead of the working tree.")
@format_option(
    formats.REVIEW,
    "text for people, markdown for a PR comment or job summary, json for scripts, github for annotations.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=4096),
    default=GITHUB_SUMMARY_LIMIT,
    show_default=True,
    help="Cut the Markdown at a row boundary to fit: the default fits a job summary, 65536 a PR comment.",
)
@click.option("--annotate", is_flag=True, help="Also write GitHub annotations (the github format) to stderr.")
@fail_on_option
@output_options
@click.pass_obj
def review(
    app: App, base: str, head: str | None, fmt: str, max_bytes: int, annotate: bool, fail_on: str | None
) -> None:
    """Review a change to the data against a git revision, topic by topic, as a pull request makes it.

    Changed year files are compared with their base version, added ones with the source years before and after
    them; removed files, schema, source and silence changes are listed too. The head is validated first.

    \b
    Example:
        kzrights --data provisions review --base origin/main --format markdown --fail-on stricter
    """
    from kzrights.corpus import default_data_dir
    from kzrights.review import build_review

    try:
        result = build_review(app.data_dir or default_data_dir(), base, head)
    except DataErrors as error:  # the head is invalid: annotate its problems where annotations were asked for
        if fmt == "github" or annotate:
            from kzrights.render.as_github import problem_command

            commands = "".join(map(problem_command, error.problems))
            if fmt == "github":
                click.echo(commands, nl=False)
            else:
                say(commands, nl=False)
        raise
    gate = _fail_on(fail_on)
    options = RenderOptions(fail_on=gate, max_bytes=max_bytes)
    _emit_result(app, formats.REVIEW, fmt, result, options)
    if annotate and fmt != "github":
        from kzrights.render.as_github import render_review

        say(render_review(result, options), nl=False)
    if gate is not None:
        _apply_gate(result.tripped(gate), gate)


@cli.command()
@click.argument("fingerprint")
@click.option("--reason", required=True, help="Why the change is right, for whoever reads the ledger later.")
@click.option("--by", "by", required=True, metavar="NAME", help="Who accepts it.")
@click.option(
    "--expires", metavar="YYYY-MM-DD", help="The last day it holds; after it the change trips the gate again."
)
@click.option(
    "--base",
    metavar="REF",
    help="Also look among what `review --base REF` finds: a correction of a year's own value, schema and source changes.",
)
@click.pass_obj
def accept(app: App, fingerprint: str, reason: str, by: str, expires: str | None, base: str | None) -> None:
    """Accept the change with FINGERPRINT (printed by review and diff --fail-on), so the gate lets it through.

    Appends one entry to accepted.yaml in the data folder: the only command that writes into the data tree, and
    only to that file, atomically, keeping every other byte of it. A fingerprint that names no change is refused.

    \b
    Example:
        kzrights accept 49335c13bd59bf43 --reason "checked against the 2019 report" --by "A. Maintainer"
    """
    from kzrights.accept import accept_change
    from kzrights.corpus import default_data_dir
    from kzrights.render.styled import printable
    from kzrights.render.wording import finding_text

    path, finding = accept_change(app.data_dir or default_data_dir(), fingerprint, reason, by, expires, base)
    topic = f"{finding.topic} " if finding.topic else ""
    until = f", until {expires}" if expires else ""
    click.echo(printable(f"{path}: accepted {fingerprint} ({topic}{finding.subject}: {finding_text(finding)}){until}"))


@cli.command()
@click.argument("topics", nargs=-1)
@click.option("--since", type=_Year(), metavar="YEAR", help="Start from the source answering for YEAR.")
@click.option("--until", type=_Year(), metavar="YEAR", help="Stop at source years up to YEAR.")
@click.option(
    "--only",
    type=click.Choice(["all", "changed", "stricter", "looser"]),
    default="all",
    show_default=True,
    help="changed: value changes only, leaving out rows where one source is silent.",
)
@format_option(formats.CHANGELOG, _TABLE_HELP)
@output_options
@jobs_option
@click.pass_obj
def changelog(
    app: App, topics: tuple[str, ...], since: int | None, until: int | None, only: str, fmt: str, jobs: int | None
) -> None:
    """One row per field change between consecutive source years of each topic (all topics by default).

    \b
    Example:
        kzrights changelog assembly --only stricter --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from kzrights.changelog import Only, build_changelog

    if since is not None and until is not None and since > until:
        _usage(f"--since {since} is after --until {until}: nothing lies between them")
    corpus = app.corpus()
    first = min((source.year for source in corpus.sources.values()), default=None)
    if until is not None and first is not None and until < first:
        _usage(f"no source describes {until} or earlier; the first source year is {first}")
    result = build_changelog(corpus, topics, since, until, Only(only), jobs)
    _emit_result(app, formats.CHANGELOG, fmt, result, RenderOptions(ledger=corpus.ledger))


@cli.command()
@click.argument("topic")
@click.option("--rule", "rule_id", metavar="ID", help="Only this rule's fields.")
@format_option(formats.HISTORY, _TABLE_HELP)
@output_options
@click.pass_obj
def history(app: App, topic: str, rule_id: str | None, fmt: str) -> None:
    """A timeline of TOPIC: fields as rows, source years as columns.

    \b
    Example:
        kzrights history exit --rule temporary-exit-visa
    """
    from kzrights.history import build_timeline

    corpus = app.corpus()
    schema = corpus.topic(topic)
    _emit_result(
        app, formats.HISTORY, fmt, build_timeline(schema, corpus.versions(schema), rule_id, corpus.mci), RenderOptions()
    )


@cli.command()
@click.argument("topic")
@click.argument("year")
@format_option(formats.BLAME, _TABLE_HELP)
@output_options
@click.pass_obj
def blame(app: App, topic: str, year: str, fmt: str) -> None:
    """For each field of TOPIC in YEAR: since which source year its value has stood, and the citation.

    \b
    Example:
        kzrights blame libel 2019
    """
    from kzrights.history import build_blame

    corpus = app.corpus()
    schema = corpus.topic(topic)
    version = corpus.resolve(schema, _year(year)).version
    _emit_result(app, formats.BLAME, fmt, build_blame(schema, corpus.versions(schema), version.year), RenderOptions())


def _year_option(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    return None if value is None else _year(value)


@cli.command()
@click.argument("topics", nargs=-1)
@click.option("--from", "from_year", metavar="YEAR", callback=_year_option, help="Compare from the source for YEAR.")
@click.option("--to", "to_year", metavar="YEAR", callback=_year_option, help="Compare up to the source for YEAR.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the HTML page here (- for stdout).",
)
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), help="Also print it to this PDF (Chromium).")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.pass_obj
def report(
    app: App,
    topics: tuple[str, ...],
    from_year: int | None,
    to_year: int | None,
    output: Path | None,
    pdf: Path | None,
    force: bool,
) -> None:
    """Write one self-contained HTML page: timelines, comparative tables and footnoted quotes (all topics by default).

    Without --from/--to each pair of consecutive source years is compared. An existing file is never replaced
    without --force, and a failed run leaves it as it was.

    \b
    Examples:
        kzrights report -o report.html
        kzrights report assembly --from 2004 --to 2019 -o assembly.html --pdf assembly.pdf
    """
    from kzrights.atomic import refuse_existing, write_atomically
    from kzrights.dossier import build_dossier

    if output is None and pdf is None:
        _usage("give -o FILE.html (or -o - for stdout), --pdf FILE.pdf, or both")
    to_stdout = output is not None and str(output) == "-"
    if output is not None and pdf is not None and not to_stdout and output.absolute() == pdf.absolute():
        _usage(f"-o and --pdf name the same file ({output}); give the page and the PDF a name each")
    for target in (t for t in (output, pdf) if t is not None and not (t is output and to_stdout)):
        refuse_existing(target, force)
    page = formats.renderer(formats.REPORT, "html")(
        build_dossier(app.corpus(), topics, from_year, to_year), RenderOptions()
    )
    assert isinstance(page, str), "the HTML renderer returns the page as text"
    if to_stdout:
        app.emit(page)
    elif output is not None:
        write_atomically(output, [page], force=force)
        say(f"kzrights: wrote {output}")
    if pdf is not None:
        from kzrights.pdf import print_pdf

        print_pdf(page, pdf, force=force)
        say(f"kzrights: wrote {pdf}")


@cli.command(name="git-diff")
@click.argument("args", nargs=-1, metavar="PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE")
@click.pass_obj
def git_diff_driver(app: App, args: tuple[str, ...]) -> None:
    """Git external diff driver: semantic diffs in `git diff` and `git log -p`.

    \b
    Set up once per clone:
        git config diff.kzrights.command 'kzrights git-diff'
        echo 'provisions/**/*.yaml diff=kzrights' >> .gitattributes
    """
    from kzrights.gitdiff import git_diff

    if len(args) != 7:
        _usage(f"git passes 7 arguments to a diff driver; got {len(args)}")
    # never wrapped unless asked, as git's own diffs: a wrapped line diff would no longer read as one
    app.replace(width=0 if app.width is None else app.width).emit(git_diff(args[0], args[1], args[4]))


def _fail_on(value: str | None) -> FailOn | None:
    if value is None:
        return None
    from kzrights.gate import FailOn

    return FailOn(value)


def _apply_gate(caught: tuple[Tripped, ...], gate: FailOn) -> None:
    """Name on stderr every change that trips the gate, one line each, then exit 1; accepted changes pass."""
    from kzrights.render.styled import printable
    from kzrights.render.wording import gate_line

    if not caught:
        return
    for trip in caught:
        say(f"kzrights: gate: {printable(gate_line(trip.finding, trip.verdict))}")
    count = "1 change trips" if len(caught) == 1 else f"{len(caught)} changes trip"
    say(
        f"kzrights: {count} --fail-on {gate}; to let one through: "
        "kzrights accept FINGERPRINT --reason TEXT --by NAME [--expires YYYY-MM-DD]"
    )
    sys.exit(EXIT_DIFFERENCES)


def _usage(message: str) -> NoReturn:
    raise click.UsageError(message)
