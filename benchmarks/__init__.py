"""briefing's benchmark suite: speed and cost, measured side by side. Run ``python -m benchmarks``."""
