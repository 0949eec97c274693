"""Benchmarks of the summarizer: overhead, scale and cost, measured with one command.

``python -m benchmarks`` runs them all and writes ``BENCHMARKS.md`` at the
repository root; ``--quick`` runs them at small sizes; ``--only NAME`` picks some.
"""
