"""The README's library example runs as written (doctest), and the public API it names exists."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import l10n

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_run() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


def test_every_public_name_loads() -> None:
    for name in l10n.__all__:
        assert getattr(l10n, name) is not None, name
    assert set(l10n.__all__) == set(l10n._API)


def test_import_l10n_loads_no_stage() -> None:
    """``import l10n`` must stay cheap: no parser, catalog or engine module until a name is used."""
    code = "import sys, l10n; print(sorted(m for m in sys.modules if m.startswith('l10n')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['l10n']"
