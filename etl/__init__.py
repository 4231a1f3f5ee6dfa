"""Sanctions & arms-transfer monitor: the ETL pipeline (ingest, extract, load)."""

__version__ = "0.1.0"
