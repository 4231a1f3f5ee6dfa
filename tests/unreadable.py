"""Run a command that cannot read what `chmod 000` forbids, even when the tests run as root.

Root reads any file through two capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH);
`setpriv` drops them from the child's bounding set, so the child is still root (it can
write the test's own files) but permission bits hold for it as for anyone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def without_read_override() -> list[str]:
    """A command prefix under which a mode-000 file is unreadable; skip when none exists."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): chmod 000 cannot stop reads")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe"
        probe.write_text("x")
        probe.chmod(0)
        proc = subprocess.run(
            [*prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"],
            capture_output=True,
            text=True,
        )
    if proc.returncode == 0 or "PermissionError" not in proc.stderr:
        pytest.skip(f"cannot drop root's read override here: {proc.stderr.strip()[-200:]}")
    return prefix
