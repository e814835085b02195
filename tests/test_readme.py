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


def test_the_quick_start_demo_leaves_the_committed_catalogs_as_they_are(tmp_path: Path) -> None:
    """README's demo, ``l10n sync --engine pseudo`` on the bundled ``source_notes/``, in a fresh
    clone must leave every tracked file as committed: the committed catalogs are the demo's own
    output (they held extract's untranslated output, which the demo rewrote). Run on a copy of
    the tracked project files, as a fresh clone has them (no bookkeeping)."""
    import shutil

    from click.testing import CliRunner

    from l10n.cli import cli

    repo = README.parent
    tracked = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "pyproject.toml", "source_notes", "locales"],
        capture_output=True, text=True, check=False,
    ).stdout.split()
    if not tracked:
        import pytest

        pytest.skip("not a git checkout")
    for name in tracked:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo / name, tmp_path / name)
    done = CliRunner().invoke(cli, ["-C", str(tmp_path), "sync", "--engine", "pseudo"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    changed = [name for name in tracked if (tmp_path / name).read_bytes() != (repo / name).read_bytes()]
    assert changed == [], changed


def test_the_bundled_guide_does_not_install_the_unrelated_pypi_project() -> None:
    """README's Install: ``l10n`` on PyPI is another project; the guide said ``pip install l10n``."""
    guide = (README.parent / "source_notes/guides/getting-started-en.md").read_text(encoding="utf-8")
    assert "pip install l10n\n" not in guide and "l10n-md" in guide
