"""The command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from briefing import __version__
from briefing.cli_support import (
    batch_api,
    engine_options,
    exit_if_llm_failed,
    handle_errors,
    language_option,
    llm_settings,
    min_confidence_option,
    say,
    summarise,
    terminate_as_interrupt,
    verbose_option,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("-v", "--verbose", is_flag=True,
              help="Log what happens (requests, retries) to stderr; keys are masked.")
def cli(verbose: bool) -> None:
    """Turn a news article into a neutral, source-cited briefing.

    Finds who is quoted, what they said, through which channel, and what each statement rests on
    (named people, documents, other media, anonymous or vague sources, or the outlet's own voice).
    Every quote keeps its exact character span in the article.

    Works offline with the rules engine; set OPENAI_API_KEY or BRIEFING_BASE_URL to use an LLM.
    """
    from briefing.logs import setup

    setup(verbose)


@cli.command()
@click.argument("input", metavar="INPUT")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@engine_options
@click.option("--title", help="Override the article's headline.")
@click.option("--outlet", help="Override the outlet (publication) name.")
@click.option("--url", help="Override the article's URL.")
@click.option("--date", "published",
              help="Override the publication date: 2019-06-27 (ISO 8601), June 27, 2019 or 27 Jun 2019; "
              "written as ISO 8601.")
@click.option("--encoding", help="Text encoding of INPUT (default: UTF-8; e.g. cp1252, latin-1).")
@click.option("--apostrophe-quotes", is_flag=True,
              help="Read passages in '' … '' marks (NYT archive) as quotations; `` … '' always are.")
@click.option("--template-dir", type=click.Path(file_okay=False),
              help="Folder whose templates override the built-in ones (rendered in Jinja's sandbox: a "
              "template can read the briefing, not run code).")
@language_option
@min_confidence_option
@verbose_option
@handle_errors
def generate(
    input: str, fmt: str, output: str, engine: str, model: str | None, base_url: str | None,
    mode: str | None, no_cache: bool, title: str | None, outlet: str | None, url: str | None,
    published: str | None, encoding: str | None, apostrophe_quotes: bool, template_dir: str | None,
    language: str | None, min_confidence: str | None,
) -> None:
    """Write a briefing for one article.

    INPUT is a .txt/.md file, a saved .html page, an http(s):// address (the page is fetched), or -
    for standard input. OUTPUT may be a folder:
    the briefing is then written into it under the input's name (article.txt -> article.md).

    \b
    Examples:
      briefing generate examples/abrams-maduro.txt
      briefing generate page.html -f html -o briefing.html
      briefing generate https://example.org/news/story.html -f html -o briefing.html
      briefing generate article.txt -f json --engine rules -o out.json
    """
    from briefing.batch import write_atomic
    from briefing.pipeline import brief_article, check_min_confidence, choose_engine
    from briefing.render.formats import render
    from briefing.text.article import load_article

    threshold = check_min_confidence(min_confidence)
    settings = llm_settings(model, base_url, mode, no_cache)
    if published is not None:
        from briefing.text.article import checked_date

        published = checked_date(published)
    article = load_article(
        input, encoding=encoding, title=title, outlet=outlet, url=url, published=published,
        apostrophe_quotes=apostrophe_quotes, language=language,
    )
    chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
    if engine == "auto":
        say(f"briefing: engine: {chosen} (auto)")
    briefing = brief_article(article, chosen, settings, min_confidence=threshold)
    if chosen == "llm":
        from briefing.llm.engine import report_lines
        from briefing.logs import redact

        for line in report_lines(briefing):  # fallback warnings, dropped items, token usage
            say(f"briefing: {redact(line)}")
    else:
        for d in briefing.diagnostics:
            if d.level != "info":
                say(f"briefing: {d.level}: {d.message}")
    document = render(briefing, fmt, template_dir)  # type: ignore[arg-type]
    if output == "-":
        if fmt == "md" and sys.stdout.isatty():  # article text must not drive the terminal
            from briefing.logs import printable

            document = printable(document, keep="\n\t")
        click.echo(document, nl=False)
    else:
        target = Path(output)
        if target.is_dir() or output.endswith(("/", "\\")):
            # like cp: into a folder, under the input's name ("article.txt" -> "article.md")
            from briefing.render.formats import EXTENSIONS

            stem = Path(input).stem if input != "-" else "briefing"
            target = target / f"{stem}.{EXTENSIONS[fmt]}"
        write_atomic(target, document)
        say(f"briefing: wrote {target}")
    exit_if_llm_failed(briefing if chosen == "llm" else None)


@cli.command()
@click.argument("input_dir", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the outputs (created if missing).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json", show_default=True,
    help="Output format.",
)
@engine_options
@click.option("--encoding", help="Text encoding of the inputs (default: UTF-8).")
@click.option("--apostrophe-quotes", is_flag=True,
              help="Read passages in '' … '' marks (NYT archive) as quotations; `` … '' always are.")
@click.option("--template-dir", type=click.Path(file_okay=False),
              help="Folder whose templates override the built-in ones (rendered in Jinja's sandbox: a "
              "template can read the briefing, not run code).")
@click.option("--resume", is_flag=True,
              help="Skip articles whose output is complete and current (same input bytes and settings).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Articles converted at once. The rules engine uses that many processes (one per "
              "core is best; the outputs are the same as with 1); the llm engine uses threads, "
              "which wait on the network, so more jobs than cores helps it.")
@click.option("--rate-limit", type=click.FloatRange(min=0, min_open=True), metavar="REQ_PER_MIN",
              help="Send at most this many LLM requests per minute, across all jobs and retries.")
@click.option("--max-seconds", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Give up on an article after this long: it is reported as failed and the others go "
              "on (each article then runs in a child process, which is stopped).")
@click.option("--via", type=click.Choice(["sync", "batch-api"]), default="sync", show_default=True,
              help="How the llm engine sends its requests: one at a time (sync), or as one file through "
              "the provider's Batch API (batch-api: OpenAI's Files + Batches endpoints, half price, "
              "results within 24 h), in steps that survive the process dying; run the same command "
              "again to go on.")
@click.option("--step", type=click.Choice(["all", "prepare", "submit", "status", "collect"]), default="all",
              show_default=True, help="With --via batch-api: stop after this step. prepare writes the "
              "request file (OUTPUT/.batch-api/requests-1.jsonl, also usable with `vllm run-batch`); "
              "submit uploads it and creates the batch; status polls once; all/collect also collect "
              "an ended batch and write the briefings.")
@click.option("--wait", is_flag=True,
              help="With --via batch-api: poll until the batch has ended, then collect.")
@click.option("--poll-seconds", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              help="With --wait: seconds between polls.")
@click.option("--reask", type=click.Choice(["batch", "sync"]), default="batch", show_default=True,
              help="With --via batch-api: answers that fail the checks are asked again in a follow-up "
              "batch, or at once, one request each (sync).")
@click.option("--results-file", type=click.Path(dir_okay=False, path_type=Path),
              help="With --via batch-api: the results of the current request file, made elsewhere "
              "(e.g. `vllm run-batch -i requests-1.jsonl -o results.jsonl`), instead of submitting it.")
@language_option
@min_confidence_option
@verbose_option
@handle_errors
def batch(
    input_dir: Path, output_dir: Path, fmt: str, engine: str, model: str | None, base_url: str | None,
    mode: str | None, no_cache: bool, encoding: str | None, apostrophe_quotes: bool, template_dir: str | None,
    resume: bool, jobs: int, rate_limit: float | None, max_seconds: float | None, via: str, step: str,
    wait: bool, poll_seconds: float, reask: str, results_file: Path | None, language: str | None,
    min_confidence: str | None,
) -> None:
    """Write one briefing per article in INPUT, named <stem>.<format>.

    INPUT is a folder of articles (.txt, .md, .html and .htm files), or a text file listing URLs,
    one per line (# starts a comment): each page is fetched and briefed, and one that cannot be
    fetched is a failure of its own. A file that fails is reported and skipped; the others go
    on. Outputs are written atomically, so an interrupted run leaves no partial files; run again
    with --resume to do only what is missing or out of date. Progress goes to stderr, a summary is
    printed at the end and batch-report.json (every failure, with its cause) is written to the
    output folder, with voices.csv: every speaker of every article (outlet, article, speaker,
    gender estimated from the given name, quotes, quoted words), for diversity audits.
    Exit status: 0 all written, 1 some failed, 75 a Batch API batch is still running (run the
    same command again), 130 interrupted.

    \b
    Examples:
      briefing batch articles/ -o briefings/
      briefing batch articles/ -o briefings/ --engine rules --jobs 2
      briefing batch articles/ -o briefings/ --engine llm --jobs 4 --rate-limit 60 --resume
      briefing batch articles/ -o briefings/ --engine llm --via batch-api --wait
    """
    from briefing import ratelimit
    from briefing.batch import Degraded, Rendered, run_batch
    from briefing.batch.results import batch_output
    from briefing.logs import redact
    from briefing.pipeline import brief_source, choose_engine, resolved_min_confidence

    threshold = resolved_min_confidence(min_confidence)  # resolved: part of what --resume compares
    settings = llm_settings(model, base_url, mode, no_cache)
    chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
    say(f"briefing: engine: {chosen}{' (auto)' if engine == 'auto' else ''}")
    # Two limiters at the same rate: one paces article starts (each needs at least one request),
    # the other is consulted by the llm transport before every request, retries included.
    limiter = ratelimit.RateLimiter(rate_limit) if rate_limit else None
    ratelimit.install(ratelimit.RateLimiter(rate_limit) if rate_limit else None)
    fingerprint = {"engine": chosen, "format": fmt, "encoding": encoding, "version": __version__,
                   "language": language,
                   "apostrophe_quotes": apostrophe_quotes, "min_confidence": threshold,
                   "template_dir": str(Path(template_dir).resolve()) if template_dir else None}
    if chosen == "llm":
        fingerprint.update(model=settings.resolved_model(), base_url=settings.resolved_base_url(), mode=mode,
                           scope=settings.resolved_scope())
    if via == "batch-api":
        unused = [flag for flag, given in (("--jobs", jobs != 1), ("--rate-limit", rate_limit),
                                           ("--max-seconds", max_seconds), ("--resume", resume)) if given]
        if unused:
            say(f"briefing: note: {', '.join(unused)} do(es) not apply to --via batch-api (the provider "
                 "runs the requests; a run always resumes from OUTPUT/.batch-api)")
        batch_api(input_dir, output_dir, chosen, settings, fingerprint, fmt, threshold, encoding,
                   apostrophe_quotes, language, template_dir, step, wait, poll_seconds, reask, results_file)
        return

    def convert(path: Path) -> Rendered | Degraded:
        result = brief_source(str(path), chosen, settings, min_confidence=threshold, encoding=encoding,
                              apostrophe_quotes=apostrophe_quotes, language=language)
        return batch_output(result, fmt, template_dir, path.name, str(path), llm=chosen == "llm")

    def progress(item: Any, done: int, total: int) -> None:
        name = Path(item.input).name
        if item.status == "failed":
            say(f"briefing: [{done}/{total}] failed: {redact(item.error or '')}")
        elif item.status == "degraded":
            say(f"briefing: [{done}/{total}] warning: {redact(item.error or '')} "
                       f"(wrote {item.output})")
        elif item.status == "skipped":
            say(f"briefing: [{done}/{total}] up to date: {name}")
        else:
            say(f"briefing: [{done}/{total}] wrote {item.output} ({item.seconds:.1f}s)")

    terminate_as_interrupt()
    try:
        report = run_batch(input_dir, output_dir, convert, fmt, settings=fingerprint, resume=resume,
                           jobs=jobs, limiter=limiter, on_item=progress, max_seconds=max_seconds,
                           processes=chosen == "rules")
    except KeyboardInterrupt:
        say(f"briefing: interrupted; finished outputs are kept; run again with --resume "
                   f"(see {output_dir / 'batch-report.json'})")
        sys.exit(130)
    finally:
        ratelimit.install(None)
    summarise(report, output_dir)


@cli.command(name="eval")
@click.argument("gold", metavar="GOLD.jsonl", type=click.Path(dir_okay=False, path_type=Path))
@engine_options
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON (with per-article figures).")
@click.option(
    "--details", "details_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Write one JSON per article (predictions vs gold, misses, false positives) into this folder.",
)
@click.option("--per-article", is_flag=True, help="Also print a table of per-article scores.")
@click.option(
    "--predictions", "predictions_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Score saved briefings (<id>.json from `briefing batch -f json`) instead of running an engine.",
)
@click.option(
    "--export-texts", "export_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Only write each gold article's text to <id>.txt in this folder (input for `briefing batch`).",
)
@min_confidence_option
@verbose_option
@handle_errors
def eval_(
    gold: Path, engine: str, model: str | None, base_url: str | None, mode: str | None, no_cache: bool,
    as_json: bool, details_dir: Path | None, per_article: bool, predictions_dir: Path | None,
    export_dir: Path | None, min_confidence: str | None,
) -> None:
    """Score an engine against a gold quote file (JSON Lines, see the README).

    Runs the engine in this process over every article and reports direct-quote precision, recall
    and F1 (Jaccard >= 0.5 after trimming, one-to-one), speaker accuracy over matched direct quotes
    with a named gold speaker, and attribution recall over all gold items.

    \b
    Examples:
      briefing eval tests/fixtures/gold/team-dev.jsonl --engine rules   (in a checkout)
      briefing eval gold.jsonl --engine rules --details eval-details/ --json
      briefing eval gold.jsonl --export-texts texts/ && briefing batch texts/ -o out/ --engine rules \\
        && briefing eval gold.jsonl --predictions out/
    """
    from briefing.errors import ConfigError
    from briefing.evaluate import evaluate, format_report, saved_predictor, write_details
    from briefing.gold import export_texts
    from briefing.pipeline import check_min_confidence, choose_engine

    threshold = check_min_confidence(min_confidence)
    if threshold is not None and (export_dir is not None or predictions_dir is not None):
        raise ConfigError("--min-confidence applies when eval runs an engine; saved briefings "
                          "(--predictions) are scored as written (see `briefing batch --min-confidence`)")
    if export_dir is not None:
        count = export_texts(gold, export_dir)
        say(f"briefing: wrote {count} article texts to {export_dir}")
        return
    if predictions_dir is not None:
        report = evaluate(gold, f"saved ({predictions_dir})", predictor=saved_predictor(predictions_dir))
    else:
        settings = llm_settings(model, base_url, mode, no_cache)
        chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
        if engine == "auto":
            say(f"briefing: engine: {chosen} (auto)")
        report = evaluate(gold, chosen, settings, min_confidence=threshold)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, per_article=per_article))
    if details_dir is not None:
        write_details(report, details_dir)
        say(f"briefing: wrote per-article details to {details_dir}")


@cli.command()
@click.option("--story", "of_story", is_flag=True, help="The schema of `briefing story -f json` instead.")
@verbose_option
@handle_errors
def schema(of_story: bool) -> None:
    """Print the JSON Schema of the JSON output (`generate -f json`, or with --story, `story -f json`)."""
    from briefing.schema import Briefing, Story

    click.echo(json.dumps((Story if of_story else Briefing).model_json_schema(), indent=2))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-f", "--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md",
              show_default=True, help="Output format (html: one standalone page, the articles in columns).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Articles briefed at once (threads); worth raising for the llm engine.")
@engine_options
@language_option
@min_confidence_option
@verbose_option
@handle_errors
def story(
    inputs: tuple[str, ...], fmt: str, output: str, jobs: int, engine: str, model: str | None,
    base_url: str | None, mode: str | None, no_cache: bool, language: str | None, min_confidence: str | None,
) -> None:
    """Brief one event told by several outlets, side by side.

    INPUT... are articles (files, saved pages, http(s) addresses) or folders of them, at least two.
    Each runs through the usual pipeline once; the story briefing then shows who each outlet quotes,
    the quotations several print (a quote given to different speakers by different outlets comes
    first), each outlet's sourcing, and the statements only one outlet reports. It never says
    which outlet is right; every line cites the article id and its ¶, Q or S ids.

    \b
    Examples:
      briefing story usatoday.html spokesman.html thehill.html nj.html
      briefing story story-folder/ -f json -o story.json
    """
    from briefing.batch import find_inputs, write_atomic
    from briefing.errors import InputError
    from briefing.pipeline import brief_source, check_min_confidence, choose_engine
    from briefing.render.formats import render_story
    from briefing.story import build_story
    from briefing.story.build import article_ids
    from briefing.text.fetch import is_url

    threshold = check_min_confidence(min_confidence)
    settings = llm_settings(model, base_url, mode, no_cache)
    chosen = choose_engine(engine, settings)  # type: ignore[arg-type]
    sources: list[str] = []
    for given in inputs:
        if not is_url(given) and Path(given).is_dir():
            sources += [str(p) for p in find_inputs(Path(given))]
        else:
            sources.append(given)
    if len(sources) < 2:
        raise InputError("a story needs at least two articles")
    def brief(source: str) -> Any:
        return brief_source(source, chosen, settings, min_confidence=threshold, language=language)

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=jobs) as pool:  # the llm cache applies as for generate
        briefings = list(pool.map(brief, sources))
    for source, result in zip(sources, briefings, strict=True):
        say(f"briefing: read {source} ({len(result.quotes)} quotes)")
    document = render_story(build_story(briefings, article_ids(sources)), fmt)  # type: ignore[arg-type]
    if output == "-":
        click.echo(document, nl=False)
    else:
        write_atomic(Path(output), document)
        say(f"briefing: wrote {output}")


def main() -> None:
    import atexit
    import gc

    # At exit, skip the interpreter's last garbage collection over everything still alive (0.3 s
    # once openai is loaded); files and the journal are closed explicitly, streams are flushed.
    atexit.register(gc.freeze)
    cli(prog_name="briefing")


if __name__ == "__main__":
    main()
