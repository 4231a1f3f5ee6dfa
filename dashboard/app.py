"""The dashboard page: `streamlit run dashboard/app.py`. The page itself is `layout.py`.

Reads the database named by $DATABASE_URL (default sqlite:///data/monitor.db), never writes.

Streamlit compiles the script it runs, after rewriting its syntax tree for "magic"; a
plain module is compiled once per process. Keeping this file tiny keeps that off each
rerun where the script is compiled again (AppTest compiles it on every run).
"""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import layout  # noqa: E402

layout.main()
