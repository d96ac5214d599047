"""Benchmarks: `python -m benchmarks.run` runs every `benchmarks/bench_*.py` module and prints one table."""
