"""The llm engine over a provider's Batch API: `briefing batch IN -o OUT --engine llm --via batch-api`.

OpenAI's Batch API runs a file of up to 50,000 requests within 24 hours at half price, and
``vllm run-batch`` runs the same file on a self-hosted model. This module builds that file and
turns its results into briefings, in steps that each survive the process dying:

1. **prepare**: for every article, the same plan as the synchronous path
   (:func:`briefing.llm.engine.plan`: the rules result, the chunks, each chunk's messages) and the
   same request body, prepared by instructor for the configured mode
   (:func:`instructor.v2.core.response.handle_response_model`), one line per chunk with a
   ``custom_id``, in ``OUT/.batch-api/requests-1.jsonl``.
2. **submit**: upload the file (Files API) and create the batch (Batches API). The file id, then the
   batch id, are recorded in ``OUT/.batch-api/state.json`` as soon as they exist; a resumed run
   never uploads or submits the same round again.
3. **status**, then **collect** once the batch has ended: the output and error files are
   downloaded; each answer is parsed and checked by instructor's own response handling for the
   mode, with the same checks as the synchronous path
   (:func:`briefing.llm.response.response_model`). An answer that fails them is re-asked (the
   failed answer and the errors, as instructor re-asks) in a follow-up batch, or synchronously with
   ``reask="sync"``, up to ``max_reasks`` times. A chunk whose line failed or expired keeps the
   rules result, as the synchronous path does when a call fails for good.
4. Once every chunk is settled, each article is merged and rendered by
   :func:`briefing.llm.engine.finish`, as the synchronous path does, and written atomically.
   ``batch-report.json`` lists every article (a fallback counts as a failure), the batches, the
   tokens from the result files, and a cost estimate at batch prices (``batch_prices.json``).

Why not instructor's ``BatchProcessor``: it asks for the ``json_schema`` mode only (which local
servers do not support), builds its own client from the environment (ignoring the configured
endpoint), and validates answers without the article, so it would accept a fabricated quote.
Its provider-independent parts, preparing requests and parsing answers per mode, are used here.

A results file made elsewhere (``vllm run-batch -i requests-1.jsonl -o results.jsonl``) is read with
``results_file`` in place of the submit and status steps.
"""


from briefing.llm.batch_api.answers import (
    ANSWERS_NAME,
    ENDPOINT,
    STATE_DIR,
    STATE_NAME,
    STEPS,
    estimate_cost,
    judge,
    request_body,
    usage_of,
)
from briefing.llm.batch_api.runner import BatchPending, Job, Options, Runner

__all__ = [
    "ANSWERS_NAME",
    "ENDPOINT",
    "STATE_DIR",
    "STATE_NAME",
    "STEPS",
    "BatchPending",
    "Job",
    "Options",
    "Runner",
    "estimate_cost",
    "judge",
    "request_body",
    "usage_of",
]
