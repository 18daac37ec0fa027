"""The LLM client: openai + instructor, transport retries, the response cache, and token usage.

Two kinds of retry, kept apart and both bounded:

- **transport** (this module, tenacity): 429 (honouring ``Retry-After``), 5xx, timeouts and
  connection resets are retried ``settings.max_retries`` times with exponential backoff. The
  openai client's own retries are off (``max_retries=0``) so tenacity alone decides.
- **validation re-asks** (instructor ``max_retries``): an answer that fails the checks in
  :mod:`briefing.llm.response` goes back to the model with the error, ``settings.max_reasks`` times.

One openai + instructor client per endpoint is built per process and shared by every article and
every batch thread (:func:`_endpoint`): the SSL context and the connection pool are made once, and
connections are reused. Each :class:`LLMClient` (one per article) brings its own :class:`Meter`
and retry policy, which the shared transport reads from a context variable for the call under way.

The cache (``briefing.llm.cache.JsonDiskCache``: JSON text only, never pickle) lives under
``BRIEFING_CACHE_DIR`` or the user cache directory; instructor reads and writes it and keys it on
the whole prepared request (model, messages — so the prompt and the article —, mode, the response
schema, generation settings); the namespace adds the endpoint and :data:`CACHE_VERSION`, so an
identical re-run makes no HTTP request at all. An entry that is not such an answer is a miss.

openai and instructor are imported inside functions, so ``import briefing`` stays light.
"""

from __future__ import annotations

import contextvars
import email.utils
import functools
import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from briefing import ratelimit
from briefing.config import LLMSettings, require_api_key
from briefing.errors import LLMError
from briefing.schema import Usage

log = logging.getLogger(__name__)

# Bump when the checks or the conversion change in a way that makes cached answers stale.
CACHE_VERSION = "briefing-llm-2"

T = TypeVar("T", bound=BaseModel)


class AnswerCutOff(LLMError):
    """The model's answer stopped at the output limit; ``completion`` holds what it wrote, from which
    :func:`briefing.llm.salvage.salvage` keeps the complete items."""

    def __init__(self, message: str, completion: Any) -> None:
        super().__init__(message)
        self.completion = completion


class Meter(Usage):
    """Counts requests, retries, re-asks, cache hits and tokens across every call of one article:
    the :class:`~briefing.schema.Usage` fields, accumulated in place."""

    def add_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        prompt = getattr(usage, "prompt_tokens", 0) or 0
        completion = getattr(usage, "completion_tokens", 0) or 0
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.total_tokens += getattr(usage, "total_tokens", 0) or prompt + completion

    def usage(self) -> Usage:
        return Usage(**self.model_dump())


def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying: 408/409/429, 5xx, timeouts, connection errors."""
    import openai

    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``Retry-After``), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


@dataclass
class TransportPolicy:
    """How transport errors are retried. ``sleep`` is injectable so tests need not wait."""

    max_retries: int = 4
    wait_max: float = 60.0
    meter: Meter = field(default_factory=Meter)
    sleep: Callable[[float], None] = time.sleep


# The policy (meter, retry limits, sleep) of the LLMClient.extract call under way in this thread.
_policy: contextvars.ContextVar[TransportPolicy | None] = contextvars.ContextVar("briefing_llm_policy",
                                                                                default=None)


def with_transport_retries(
    create: Callable[..., Any], policy: TransportPolicy | None = None
) -> Callable[..., Any]:
    """Wrap ``create`` (one HTTP request) in tenacity retries for transient errors. Without a fixed
    ``policy`` each call uses the one of the :meth:`LLMClient.extract` under way (or the defaults),
    so one wrapped client can serve many articles, each counted on its own meter."""
    from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

    def create_with_retries(*args: Any, **kwargs: Any) -> Any:
        current = policy or _policy.get() or TransportPolicy()
        backoff = wait_exponential_jitter(initial=1, max=current.wait_max)

        def wait(state: Any) -> float:
            exc = state.outcome.exception() if state.outcome else None
            asked = retry_after(exc) if exc is not None else None
            return min(asked, current.wait_max) if asked is not None else backoff(state)

        def before_sleep(state: Any) -> None:
            current.meter.retries += 1

        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(current.max_retries + 1),
            wait=wait,
            before_sleep=before_sleep,
            sleep=current.sleep,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                ratelimit.acquire()  # the process-wide request limit (batch --rate-limit), if any
                current.meter.calls += 1
                return create(*args, **kwargs)
        raise AssertionError("unreachable")  # pragma: no cover

    return create_with_retries


_endpoint_lock = threading.Lock()


def _endpoint(base_url: str | None, api_key: str, timeout: float, mode: str) -> Any:
    """The instructor client for one endpoint, built once per process (under a lock, so batch
    threads starting together build it once) and shared: openai's client is thread-safe."""
    with _endpoint_lock:
        return _build_endpoint(base_url, api_key, timeout, mode)


@functools.lru_cache(maxsize=8)
def _build_endpoint(base_url: str | None, api_key: str, timeout: float, mode: str) -> Any:
    """Imports openai and instructor (the first time) and builds the client, with the cyclic
    garbage collector paused: its passes over their thousands of long-lived classes while they
    are being imported are wasted work (~0.2 s of a ~1 s start). Afterwards everything is moved
    to the oldest generation at once (freeze + unfreeze), instead of being walked by the next
    young collections; no object is kept from being collected."""
    import logging

    enabled = gc.isenabled()
    gc.disable()
    try:
        import instructor
        import openai

        client = openai.OpenAI(
            api_key=api_key,
            base_url=base_url,
            max_retries=0,  # tenacity owns transport retries
            timeout=timeout,
        )
        completions = client.chat.completions  # imports openai.resources

        def create(*args: Any, **kwargs: Any) -> Any:
            # looked up on each call, so a patched Completions.create (a test's spy) is honoured
            return type(completions).create(completions, *args, **kwargs)

        completions.create = with_transport_retries(create)  # type: ignore[method-assign]
        patched = instructor.from_openai(client, mode=instructor.Mode[mode.upper()])  # "tools": TOOLS …
        from instructor.core.exceptions import InstructorError  # noqa: F401  (imported here, used per call)
        from instructor.core.hooks import Hooks  # noqa: F401
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
    # instructor logs every failed attempt at ERROR; the engine reports failures itself.
    logging.getLogger("instructor").addHandler(logging.NullHandler())
    return patched


class LLMClient:
    """One article's use of an endpoint: the shared client, its own meter and retry policy.
    :meth:`extract` returns a validated ``response_model`` instance."""

    def __init__(
        self,
        settings: LLMSettings,
        meter: Meter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.meter = meter or Meter()
        self.model = settings.resolved_model()
        self.base_url = settings.resolved_base_url()
        self.mode = settings.resolved_mode()
        self._policy = TransportPolicy(settings.max_retries, settings.retry_wait_max, self.meter, sleep)
        self._client = _endpoint(self.base_url, require_api_key(settings), settings.resolved_timeout(),
                                 self.mode)
        self._cache = _disk_cache(settings.resolved_cache_dir()) if settings.cache else None

    def extract(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        on_answer: Callable[[], None] | None = None,
    ) -> T:
        """Ask for ``response_model``; re-ask on validation errors; raise :class:`LLMError` when the
        endpoint or the answers fail for good. ``on_answer`` runs once per answer received."""
        from instructor.core.hooks import Hooks
        from pydantic import ValidationError

        hooks = Hooks()
        attempts = 0

        def on_kwargs(*args: Any, **kwargs: Any) -> None:
            nonlocal attempts
            attempts += 1

        def on_response(response: Any) -> None:
            self.meter.add_response(response)
            if on_answer is not None:
                on_answer()

        hooks.on("completion:kwargs", on_kwargs)
        hooks.on("completion:response", on_response)
        extra: dict[str, Any] = {}
        if self._cache is not None:
            extra = {"cache": self._cache, "cache_namespace": f"{CACHE_VERSION}|{self.base_url or 'openai'}"}
        try:
            return self._extract(response_model, messages, hooks, extra, lambda: attempts)
        except ValidationError:
            if attempts or self._cache is None:
                raise
            # an entry in the cache folder that parses but is no answer of ours: a miss, then ask
            self._cache.reject_last()
            return self._extract(response_model, messages, hooks, extra, lambda: attempts)

    def _extract(
        self, response_model: type[T], messages: list[dict[str, str]], hooks: Any, extra: dict[str, Any],
        attempts_so_far: Callable[[], int],
    ) -> T:
        import openai
        from instructor.core.exceptions import IncompleteOutputException, InstructorError

        from briefing.llm.response import for_mode

        token = _policy.set(self._policy)  # the shared transport counts on this article's meter
        try:
            result = self._client.chat.completions.create(
                response_model=for_mode(response_model, self.mode),  # type: ignore[arg-type]
                messages=messages,  # type: ignore[arg-type]
                model=self.model,
                max_retries=self.settings.max_reasks,
                strict=False,
                hooks=hooks,
                temperature=self.settings.temperature,
                max_tokens=self.settings.max_output_tokens,
                **extra,
            )
        except IncompleteOutputException as exc:
            raise AnswerCutOff(
                f"the answer was cut off at max_output_tokens={self.settings.max_output_tokens}",
                getattr(exc, "last_completion", None),
            ) from exc
        except InstructorError as exc:
            cause = exc.__cause__
            if isinstance(cause, openai.OpenAIError):
                raise _transport_error(cause, self.base_url) from exc
            raise LLMError(
                f"the model's answers failed validation {attempts_so_far()} time(s): {brief_error(exc)}"
            ) from exc
        except openai.OpenAIError as exc:
            raise _transport_error(exc, self.base_url) from exc
        finally:
            _policy.reset(token)
            self.meter.reasks += max(0, attempts_so_far() - 1)
        if attempts_so_far() == 0:
            self.meter.cache_hits += 1
        return result

    def cache_warnings(self) -> list[str]:
        """Cache entries ignored during this thread's calls (planted, corrupt or foreign)."""
        return self._cache.take_ignored() if self._cache is not None else []


def _disk_cache(directory: Any) -> Any:
    """The JSON-only cache (:class:`~briefing.llm.cache.JsonDiskCache`) in ``directory``, shared
    per folder (diskcache is thread-safe), or None when the folder cannot be written or read: a
    cache must never stop the run."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        inode = directory.stat().st_ino  # a folder deleted and made again gets a new cache
    except OSError:
        return None
    with _endpoint_lock:
        return _open_disk_cache(str(directory), inode)


@functools.lru_cache(maxsize=4)
def _open_disk_cache(directory: str, inode: int) -> Any:
    from briefing.llm.cache import JsonDiskCache

    try:
        return JsonDiskCache(directory)
    except Exception as exc:  # an unreadable or foreign folder: run without a cache
        log.warning("llm cache: cannot use %s (%s); running without a cache", directory, type(exc).__name__)
        return None


def _transport_error(exc: BaseException, base_url: str | None) -> LLMError:
    import openai

    where = base_url or "https://api.openai.com/v1"
    if isinstance(exc, openai.APIStatusError):
        return LLMError(f"the LLM endpoint {where} answered HTTP {exc.status_code}: {brief_error(exc)}")
    if isinstance(exc, openai.APITimeoutError):
        return LLMError(f"the LLM endpoint {where} timed out (raise BRIEFING_TIMEOUT for slow local models)")
    if isinstance(exc, openai.APIConnectionError):
        return LLMError(f"could not reach the LLM endpoint {where}: {brief_error(exc)}")
    return LLMError(f"the LLM call failed: {brief_error(exc)}")


def brief_error(exc: BaseException, limit: int = 300) -> str:
    from briefing.logs import redact

    # an endpoint's error body can echo the request's key: mask it before it reaches any message
    text = redact(" ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
