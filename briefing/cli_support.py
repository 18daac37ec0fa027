"""The command line's shared parts: one-line messages on stderr, error handling and exit codes,
the options several commands take, and the steps a command delegates (the batch summary, the
Batch API run)."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefing.errors import BriefingError

ENGINES = ("auto", "rules", "llm")

MODES = ("tools", "json", "md_json", "json_schema")

def say(message: str) -> None:
    """One line on stderr, with control characters shown escaped: a file name or an error text
    carrying a terminal escape sequence (one that writes to the clipboard, say) is printed, not
    obeyed."""
    from briefing.logs import printable

    click.echo(printable(message), err=True)

def fail(exc: BriefingError) -> None:
    from briefing.logs import redact

    say(f"briefing: error: {redact(str(exc))}")
    sys.exit(exc.exit_code)

def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            fail(exc)
        except KeyboardInterrupt:
            say("briefing: interrupted")
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: still one line, no traceback (--verbose logs it)
            from briefing.logs import redact

            logging.getLogger("briefing").debug("internal error", exc_info=True)
            say(f"briefing: internal error: {type(exc).__name__}: {redact(str(exc))} "
                       "(please report it; --verbose shows more)")
            sys.exit(1)

    return wrapper

def engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
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
        click.option(
            "--llm-scope",
            type=click.Choice(["uncertain", "all"]),
            expose_value=False,
            callback=lambda ctx, _param, value: ctx.meta.__setitem__("llm_scope", value),
            help="What the llm engine asks the model. uncertain (default): only the quotes the rules "
            "engine abstains on or is unsure of, with their paragraphs (far fewer tokens); all: every "
            "candidate, actors' roles, positions and sourcing, over the whole article "
            "[env: BRIEFING_LLM_SCOPE].",
        ),
        click.option(
            "--allow-insecure-http",
            is_flag=True,
            expose_value=False,
            callback=lambda ctx, _param, value: ctx.meta.__setitem__("allow_insecure_http", value),
            help="Send the API key to a plain http:// endpoint that is not on this machine (refused "
            "by default: anyone on the network path could read the key) [env: "
            "BRIEFING_ALLOW_INSECURE_HTTP=1].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func

def verbose_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`-v/--verbose` after the command too (`briefing generate -v file.txt`), as before it."""

    def turn_on(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            from briefing.logs import setup

            setup(True)

    return click.option(
        "-v", "--verbose", is_flag=True, expose_value=False, is_eager=True, callback=turn_on,
        help="Log what happens (requests, retries) to stderr; keys are masked.",
    )(func)

def language_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--language`, shared by `generate` and `batch`."""
    return click.option(
        "--language",
        metavar="CODE",
        help="The article's language (ISO 639-1: en, de, fr), instead of detecting it. The rules read "
        "English: in another language quotations are listed with their spans, without speakers.",
    )(func)

def min_confidence_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--min-confidence`, shared by `generate`, `batch` and `eval`. Read as text and checked by
    the library (pipeline.check_min_confidence), so a bad value is one line and exit 2."""
    return click.option(
        "--min-confidence",
        metavar="FLOAT",
        help="From 0 to 1: below this confidence, a quote's speaker is shown as unclear — needs "
        "review — instead of a guess, with the people it could be (rules engine; the llm engine "
        "starts from its result). 0 names every speaker found. Default: the calibrated threshold "
        "shipped with briefing.",
    )(func)

def llm_settings(model: str | None, base_url: str | None, mode: str | None, no_cache: bool) -> Any:
    from briefing.config import LLMSettings, retries_from_env

    ctx = click.get_current_context(silent=True)
    insecure = bool(ctx and ctx.meta.get("allow_insecure_http"))
    settings = LLMSettings(model=model, base_url=base_url, mode=mode, cache=not no_cache,
                           scope=ctx.meta.get("llm_scope") if ctx else None)
    settings.allow_insecure_http = insecure
    return retries_from_env(settings)

def batch_api(input_dir: Path, output_dir: Path, chosen: str, settings: Any, fingerprint: dict[str, Any],
               fmt: str, threshold: float, encoding: str | None, apostrophe_quotes: bool,
               language: str | None, template_dir: str | None, step: str, wait: bool, poll_seconds: float,
               reask: str, results_file: Path | None) -> None:
    """`briefing batch --via batch-api`: the steps of :mod:`briefing.llm.batch_api`."""
    from briefing.batch import settings_fingerprint
    from briefing.errors import ConfigError
    from briefing.llm.batch_api import BatchPending, Job, Options, Runner

    if chosen != "llm":
        raise ConfigError("--via batch-api sends the llm engine's requests: use it with --engine llm")
    # everything that decides the requests and how answers are read back: a later run must match
    fingerprint = {**fingerprint, "via": "batch-api", "max_reasks": settings.max_reasks,
                   "max_output_tokens": settings.max_output_tokens, "resolved_mode": settings.resolved_mode(),
                   "chunk_tokens": settings.resolved_chunk_tokens(), "scope": settings.resolved_scope()}
    job = Job(settings, fmt, settings_fingerprint(fingerprint), threshold, encoding, apostrophe_quotes,
              language, template_dir)
    options = Options(step, wait, poll_seconds, reask, results_file)
    try:
        report = Runner(input_dir, output_dir, job, options, say).run()
    except BatchPending as exc:
        say(f"briefing: {exc}")
        sys.exit(exc.exit_code)
    if report is not None:
        summarise(report, output_dir)

def summarise(report: Any, output_dir: Path) -> None:
    """The one-line summary of a batch on stderr, and exit 1 if any article failed or fell back."""
    ok, skipped, degraded = len(report.succeeded), len(report.skipped), len(report.degraded)
    failed = len(report.failed) - degraded
    see = f" (see {output_dir / 'batch-report.json'})" if failed or degraded else ""
    say(
        f"briefing: {ok} of {len(report.items)} articles written to {output_dir}"
        + (f", {skipped} up to date" if skipped else "")
        + (f", {degraded} with the rules result after the llm failed" if degraded else "")
        + (f", {failed} failed" if failed else "")
        + see
    )
    if failed or degraded:
        sys.exit(1)

def exit_if_llm_failed(result: Any) -> None:
    """After the llm engine fell back to the rules result (the output says so too): one warning
    line per failure on stderr, and exit status 3, so scripts notice."""
    from briefing.errors import LLMError
    from briefing.llm.engine import failures

    # report_lines has already printed each failure as a warning
    if result is not None and failures(result):
        sys.exit(LLMError.exit_code)

def terminate_as_interrupt() -> None:
    """Treat SIGTERM like Ctrl-C, so `kill` also ends a batch cleanly with a report."""
    import signal

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    import threading

    if hasattr(signal, "SIGTERM") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)
