"""Benchmarks with their own command: `python -m bench` (`make bench`)."""
