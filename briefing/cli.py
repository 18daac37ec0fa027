"""The command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefing import __version__
from briefing.errors import BriefingError

ENGINES = ("auto", "rules", "llm")
MODES = ("tools", "json", "md_json", "json_schema")


def _fail(exc: BriefingError) -> None:
    click.echo(f"briefing: error: {exc}", err=True)
    sys.exit(exc.exit_code)


def _handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("briefing: interrupted", err=True)
            sys.exit(130)

    return wrapper


def _engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by `generate`, `batch` and `eval`: engine choice and LLM settings."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="auto",
            show_default=True,
            help="rules: offline and deterministic. llm: an OpenAI-compatible endpoint. "
            "auto: llm when one is configured (API key, BRIEFING_BASE_URL or BRIEFING_MODEL), else rules.",
        ),
        click.option("--model", envvar="BRIEFING_MODEL", help="LLM model name [env: BRIEFING_MODEL]."),
        click.option(
            "--base-url",
            envvar="BRIEFING_BASE_URL",
            help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama "
            "[env: BRIEFING_BASE_URL, then OPENAI_BASE_URL].",
        ),
        click.option(
            "--mode",
            type=click.Choice(MODES),
            help="instructor mode. Default: tools for api.openai.com, json for other endpoints.",
        ),
        click.option("--no-cache", is_flag=True, help="Do not read or write the LLM response cache."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(model: str | None, base_url: str | None, mode: str | None, no_cache: bool) -> Any:
    from briefing.config import LLMSettings

    return LLMSettings(model=model, base_url=base_url, mode=mode, cache=not no_cache)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn a news article into a neutral, source-cited briefing.

    Finds who is quoted, what they said, through which channel, and what each statement rests on
    (named people, documents, other media, anonymous or vague sources, or the outlet's own voice).
    Every quote keeps its exact character span in the article.

    Works offline with the rules engine; set OPENAI_API_KEY or BRIEFING_BASE_URL to use an LLM.
    """


@cli.command()
@click.argument("input", metavar="INPUT")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@_engine_options
@click.option("--title", help="Override the article's headline.")
@click.option("--outlet", help="Override the outlet (publication) name.")
@click.option("--url", help="Override the article's URL.")
@click.option("--date", "published", help="Override the publication date.")
@click.option("--encoding", help="Text encoding of INPUT (default: UTF-8; e.g. cp1252, latin-1).")
@click.option(
    "--template-dir", type=click.Path(file_okay=False), help="Folder whose templates override the built-in ones."
)
@_handle_errors
def generate(
    input: str, fmt: str, output: str, engine: str, model: str | None, base_url: str | None,
    mode: str | None, no_cache: bool, title: str | None, outlet: str | None, url: str | None,
    published: str | None, encoding: str | None, template_dir: str | None,
) -> None:
    """Write a briefing for one article.

    INPUT is a .txt/.md file, a saved .html page, or - for standard input.

    \b
    Examples:
      briefing generate examples/abrams-maduro.txt
      briefing generate page.html -f html -o briefing.html
      briefing generate article.txt -f json --engine rules -o out.json
    """
    from briefing.article import load_article
    from briefing.batch import write_atomic
    from briefing.pipeline import choose_engine, generate as run
    from briefing.render import render

    settings = _settings(model, base_url, mode, no_cache)
    article = load_article(
        input, encoding=encoding, title=title, outlet=outlet, url=url, published=published
    )
    chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
    if engine == "auto":
        click.echo(f"briefing: engine: {chosen} (auto)", err=True)
    briefing = run(article, chosen, settings)
    document = render(briefing, fmt, template_dir)  # type: ignore[arg-type]
    if output == "-":
        click.echo(document, nl=False)
    else:
        write_atomic(Path(output), document)
        click.echo(f"briefing: wrote {output}", err=True)


@cli.command()
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the outputs (created if missing).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json", show_default=True,
    help="Output format.",
)
@_engine_options
@click.option("--encoding", help="Text encoding of the inputs (default: UTF-8).")
@click.option(
    "--template-dir", type=click.Path(file_okay=False), help="Folder whose templates override the built-in ones."
)
@_handle_errors
def batch(
    input_dir: Path, output_dir: Path, fmt: str, engine: str, model: str | None, base_url: str | None,
    mode: str | None, no_cache: bool, encoding: str | None, template_dir: str | None,
) -> None:
    """Write one briefing per article in INPUT_DIR, named <stem>.<format>.

    Reads .txt, .md, .html and .htm files. A file that fails is reported and skipped; the others go
    on. A summary is printed at the end and batch-report.json is written to the output folder; the
    exit status is 1 when any file failed.
    """
    from briefing.article import load_article
    from briefing.batch import run_batch
    from briefing.pipeline import choose_engine, generate as run
    from briefing.render import render

    settings = _settings(model, base_url, mode, no_cache)
    chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
    click.echo(f"briefing: engine: {chosen}{' (auto)' if engine == 'auto' else ''}", err=True)

    def convert(path: Path) -> str:
        return render(run(load_article(path, encoding=encoding), chosen, settings), fmt, template_dir)  # type: ignore[arg-type]

    def progress(item: Any) -> None:
        if item.status == "failed":
            click.echo(f"briefing: failed: {item.error}", err=True)

    report = run_batch(input_dir, output_dir, convert, fmt, on_item=progress)
    ok, failed = len(report.succeeded), len(report.failed)
    click.echo(
        f"briefing: {ok} of {len(report.items)} articles written to {output_dir}"
        + (f", {failed} failed (see {output_dir / 'batch-report.json'})" if failed else ""),
        err=True,
    )
    if failed:
        sys.exit(1)


@cli.command(name="eval")
@click.argument("gold", metavar="GOLD.jsonl", type=click.Path(dir_okay=False, path_type=Path))
@_engine_options
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON (with per-article figures).")
@click.option(
    "--details", "details_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Write one JSON per article (predictions vs gold, misses, false positives) into this folder.",
)
@click.option("--per-article", is_flag=True, help="Also print a table of per-article scores.")
@_handle_errors
def eval_(
    gold: Path, engine: str, model: str | None, base_url: str | None, mode: str | None, no_cache: bool,
    as_json: bool, details_dir: Path | None, per_article: bool,
) -> None:
    """Score an engine against a gold quote file (JSON Lines, see the README).

    Runs the engine in this process over every article and reports direct-quote precision, recall
    and F1 (Jaccard >= 0.5 after trimming, one-to-one), speaker accuracy over matched direct quotes
    with a named gold speaker, and attribution recall over all gold items.

    \b
    Examples:
      briefing eval gold/polnear-dev.jsonl --engine rules
      briefing eval gold.jsonl --engine rules --details eval-details/ --json
    """
    from briefing.evaluate import evaluate, format_report, write_details
    from briefing.pipeline import choose_engine

    settings = _settings(model, base_url, mode, no_cache)
    chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
    if engine == "auto":
        click.echo(f"briefing: engine: {chosen} (auto)", err=True)
    report = evaluate(gold, chosen, settings)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, per_article=per_article))
    if details_dir is not None:
        write_details(report, details_dir)
        click.echo(f"briefing: wrote per-article details to {details_dir}", err=True)


@cli.command()
@_handle_errors
def schema() -> None:
    """Print the JSON Schema of the JSON output (`generate -f json`)."""
    from briefing.schema import Briefing

    click.echo(json.dumps(Briefing.model_json_schema(), indent=2))


def main() -> None:
    cli(prog_name="briefing")


if __name__ == "__main__":
    main()
