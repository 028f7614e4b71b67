"""The command line: ``graphservice [serve]``, ``validate``, ``extract``, ``export-schema``.

Options can also come from ``GRAPHSERVICE_*`` environment variables (see settings.py). This is the
only place that turns errors into exit codes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from graphservice.errors import DataError, DataProblem, GraphServiceError
from graphservice.library import data_paths
from graphservice.loader import load_datasets
from graphservice.schema_export import render, stale
from graphservice.settings import load_settings
from graphservice.verify import find_misses, verbatim_texts

__all__ = ["main"]


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Serve a novel's characters, places, relationships and quotes as a GraphQL graph.

    With no command, runs `serve`.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command()
@click.option("--host", help="Interface to listen on [env GRAPHSERVICE_HOST; default 127.0.0.1].")
@click.option("--port", type=int, help="TCP port [env GRAPHSERVICE_PORT; default 8000].")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A data file, or a folder of them (each file there stands alone: one that does not validate is "
    "skipped); repeat for several [env GRAPHSERVICE_DATA, comma-separated].",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="Log level [env GRAPHSERVICE_LOG_LEVEL; default info].",
)
@click.option(
    "--reload-data",
    is_flag=True,
    default=None,
    help="Watch the data files; swap in each edit once it validates [env GRAPHSERVICE_RELOAD_DATA].",
)
@click.option("--workers", type=int, help="Worker processes [env GRAPHSERVICE_WORKERS; default 1].")
def serve(
    host: str | None,
    port: int | None,
    data: tuple[Path, ...],
    log_level: str | None,
    reload_data: bool | None,
    workers: int | None,
) -> None:
    """Validate the data, then serve GraphQL (and GraphiQL) at http://HOST:PORT/graphql.

    SIGHUP reloads the data: one process swaps in the new data once it validates; with several
    workers, the supervisor validates it, then replaces the workers one by one, each old one
    finishing its requests; invalid data changes nothing.
    """
    import uvicorn

    from graphservice.logs import configure_logging, log_config
    from graphservice.web import create_app
    from graphservice.web.server import uvicorn_options
    from graphservice.workers.supervisor import serve_workers, validate_files

    given = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "reload_data": reload_data,
        "workers": workers,
    }
    try:
        settings = load_settings(data=data or None, **given)
        configure_logging(settings.log_level, settings.log_format)
        if settings.workers == 1:
            app = create_app(settings)
            slugs = app.state.data.current.catalog.slugs
        else:  # validated here, so bad data fails before any worker starts
            files, slugs, skipped = validate_files(settings.data)
            for entry in skipped:
                click.echo(f"warning: {entry}", err=True)
    except GraphServiceError as exc:
        _fail(str(exc))
        return
    works = ", ".join(slugs) if len(slugs) <= 10 else f"{len(slugs)} works ({', '.join(slugs[:3])}, ...)"
    click.echo(f"serving {works} at http://{settings.host}:{settings.port}/graphql", err=True)
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "log_config": log_config(settings.log_level, settings.log_format),
        **uvicorn_options(settings),  # timeouts and connection limits: slow clients cannot starve others
    }
    if settings.workers == 1:
        uvicorn.run(app, **options)
        return
    # Workers load a snapshot of the files validated above, never the files, and get these
    # settings from the supervisor (graphservice/workers/).
    sys.exit(serve_workers(settings, files, options, skipped))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The source text: every quote and evidence phrase must occur in it verbatim.",
)
def validate(files: tuple[Path, ...], source: Path | None) -> None:
    """Check data files, or every data file in folders (default: the configured ones); exit 1
    listing every problem."""
    try:
        paths = list(data_paths(list(files) or list(load_settings().data)))
        if not paths:
            raise DataError([DataProblem(", ".join(map(str, files)), "", "no data files in the folder")])
        datasets = load_datasets(paths)
    except GraphServiceError as exc:
        _fail(str(exc))
        return
    misses: list[str] = []
    if source is not None:
        text = source.read_text(encoding="utf-8")
        for path, dataset in zip(paths, datasets, strict=True):
            misses.extend(f"{path}: {m}" for m in find_misses(dataset, text))
    if misses:
        _fail(f"{len(misses)} text(s) not found verbatim in {source}:\n  - " + "\n  - ".join(misses))
    for path, dataset in zip(paths, datasets, strict=True):
        checked = sum(1 for _ in verbatim_texts(dataset)) if source else 0
        extra = f"; {checked} verbatim texts found in the source" if source else ""
        click.echo(
            f"{path}: ok ({len(dataset.characters)} characters, "
            f"{len(dataset.relationships)} relationships, {len(dataset.quotes)} quotes{extra})"
        )


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--source",
    "source_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The source text the file was written from.",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as a self-contained HTML page to this file.",
)
@click.option("--all", "everything", is_flag=True, help="Show accepted findings too, with their reasons.")
@click.option(
    "--fail-on",
    type=click.Choice(["any", "severe", "none"]),
    default="severe",
    show_default=True,
    help="Exit 1 when unaccepted findings of this kind remain.",
)
def review(file: Path, source_path: Path, html_out: Path | None, everything: bool, fail_on: str) -> None:
    """Report what a careful reader would flag in a data file read against its source: evidence
    that does not support its claim, clocks at odds with the text, half-kept disputes, close
    paraphrase, and names the file never uses (data/README.md, "Reviewing a book")."""
    from graphservice.review import review as run_review  # the review's rules load only for this command
    from graphservice.review.page import render_html
    from graphservice.review.report import render_text

    try:
        [dataset] = load_datasets([file])
        text = source_path.read_text(encoding="utf-8")
    except GraphServiceError as exc:
        _fail(str(exc))
        return
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{source_path}: cannot read the source text: {exc}")
        return
    findings = run_review(dataset, text)
    click.echo(render_text(str(file), findings, everything=everything), nl=False)
    if html_out is not None:
        try:
            html_out.write_text(render_html(str(file), findings, everything=everything), encoding="utf-8")
        except OSError as exc:
            _fail(f"{html_out}: cannot write the HTML report: {exc}")
        click.echo(f"wrote {html_out}", err=True)
    open_ = [f for f in findings if f.accepted is None]
    if (fail_on == "any" and open_) or (fail_on == "severe" and any(f.severe for f in open_)):
        sys.exit(1)


@main.command()
@click.argument("text", type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The data file to write: YAML (.yaml) or JSON (.json); written only if the draft validates.",
)
@click.option("--slug", help="The work's slug [default: from the title].")
@click.option("--title", help="The work's title [default: the text's first line].")
@click.option("--author", help="The work's author [default: the text's 'by ...' line].")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def extract(
    text: Path, out: Path, slug: str | None, title: str | None, author: str | None, quiet: bool
) -> None:
    """Draft a data file from a book's plain text, offline: periods from its headings, characters
    with aliases, quotes with speakers, relationships; each record marked with how it was found."""
    from graphservice.extract import extract_file  # the drafting rules load only for this command

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"extract: {message}", err=True)

    try:
        data = extract_file(text, out, slug=slug, title=title, author=author, progress=progress)
    except GraphServiceError as exc:
        _fail(str(exc))
        return
    click.echo(
        f"{out}: drafted {len(data['characters'])} characters, {len(data['quotes'])} quotes and "
        f"{len(data['relationships'])} relationships from {text}; review it: "
        f"graphservice validate {out} --source {text}"
    )


@main.command("export-schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Directory to write schema.graphql and dataset.schema.json into.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the files differ from the code.")
def export_schema(out: Path, check: bool) -> None:
    """Write the GraphQL SDL and the data file's JSON Schema."""
    if check:
        drifted = stale(out)
        if drifted:
            _fail(f"out of date in {out}: {', '.join(drifted)}; run `graphservice export-schema`")
        click.echo(f"{out}: up to date")
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (out / name).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out / name}")
