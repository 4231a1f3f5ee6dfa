"""A database seeded by the real pipeline for the register views: `etl run` on a few
articles written here, then `etl registers load` of the fixture registers
(`assets/registers/`). It holds an arms transfer SIPRI confirms (the HIMARS for Ukraine),
leads (deliveries no register holds) and register entries no article covers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGISTERS = Path(__file__).resolve().parent / "registers"
ARTICLES = [
    {
        "id": "reg-1",
        "title": "HIMARS arrive in Ukraine",
        "text": "The United States delivered HIMARS rocket launchers to Ukraine in June 2022, "
        "the Pentagon said.",
        "published": "2022-06-24",
        "url": "https://example.org/himars",
        "source": "team",
    },
    {
        "id": "reg-2",
        "title": "Drones for Russia",
        "text": "Iran delivered Shahed drones to Russia in September 2022, Ukrainian "
        "officials said.",
        "published": "2022-09-20",
        "url": "https://example.org/shahed",
        "source": "team",
    },
]


def seed_registers(directory: Path, *, load: bool = True) -> str:
    """The URL of a fresh database in `directory`: the articles run through the pipeline
    and (if `load`) the fixture registers loaded, which matches the events."""
    db = directory / "registers.db"
    url = f"sqlite:///{db}"
    articles = directory / "articles.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    commands = [["run", str(articles)]]
    if load:
        commands.append(["registers", "load", *map(str, sorted(REGISTERS.glob("*.csv")))])
    for args in commands:
        done = subprocess.run(
            [sys.executable, "-m", "etl", *args, "--db", url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    return url
