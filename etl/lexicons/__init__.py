"""Lexicons: the tagger's rules as data (JSON files here), loaded and schema-checked.

`countries.json` is generated from pycountry, country_converter and countryinfo by
`python -m etl.lexicons.build`; every other file is curated by hand and documented in
`README.md` beside it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """Load one lexicon file by stem (e.g. "countries"); cached, read-only by convention."""
    path = LEXICON_DIR / f"{name}.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)
