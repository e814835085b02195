"""The HTML status report, rendered in headless Chromium: it loads offline, shows the figures, escapes titles."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from l10n.po.policy import Coverage
from l10n.status.collect import LanguageInfo, LanguageStatus, NoteStatus, OutputState, StatusReport
from l10n.status.report import html

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'


def _chromium() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def _note(name: str, title: str | None, done: int, fuzzy: int, total: int, output: OutputState) -> NoteStatus:
    segments = Coverage(total, done, fuzzy, total - done - fuzzy, 1)
    words = Coverage(total * 9, done * 9, fuzzy * 9, (total - done - fuzzy) * 9, 4)
    return NoteStatus(name, title, f"locales/x/{name}.po", output, segments, words)


def _report() -> StatusReport:
    hi = LanguageStatus(
        LanguageInfo("hi", "Hindi", "हिन्दी", "ltr"),
        (
            _note("blog/evil-en.md", HOSTILE, 3, 1, 8, OutputState.CURRENT),
            _note("guide/setup.md", "Setting up", 1200, 0, 1200, OutputState.STALE),
        ),
    )
    ar = LanguageStatus(
        LanguageInfo("ar", "Arabic", "العربية", "rtl"),
        (
            _note("blog/evil-en.md", HOSTILE, 0, 2, 8, OutputState.MISSING),
            _note("guide/setup.md", "Setting up", 300, 300, 1200, OutputState.CURRENT),
        ),
        orphans=("locales/ar/old-en.po",),
    )
    return StatusReport((hi, ar))


def test_page_is_self_contained_and_escaped() -> None:
    page = html(_report())
    # No attribute or CSS rule that loads anything (the escaped title's "src=x" is only text).
    assert not re.search(r"""<[a-zA-Z][^>]*\s(?:src|href)\s*=|url\(|@import|https?://""", page)
    assert "<script" not in page and "<img" not in page
    assert html(_report()) == page  # deterministic: no clock, no randomness


@pytest.fixture
def chromium() -> str:
    found = _chromium()
    if found is None:
        pytest.skip(
            "no Chromium binary on PATH (tried: " + ", ".join(CHROMIUM_NAMES) + "); CI installs Debian's chromium"
        )
    return found


def _run(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


def test_renders_in_chromium(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "status.html"
    page.write_text(html(_report(), "Status of <demo>"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    result = _run(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900", page.as_uri())
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a real page, not a blank 1x1

    dom = _run(chromium, tmp_path / "profile2", "--dump-dom", page.as_uri()).stdout
    assert "<body" in dom, "Chromium printed no DOM"
    # The figures people look for.
    for text in ("Hindi", "हिन्दी", "Arabic", "العربية", "Setting up", "guide/setup.md", "locales/ar/old-en.po"):
        assert text in dom, text
    assert "1,200" in dom and "25% approved" in dom  # ar: 300 of 1,200 approved, babel-formatted
    assert ">missing<" in dom and ">stale<" in dom
    # The hostile title stayed text: escaped in the DOM, never parsed into elements or run.
    assert '&lt;script&gt;document.title="pwned"&lt;/script&gt;' in dom
    assert "<script" not in dom and "<img" not in dom
    assert "<title>Status of &lt;demo&gt;</title>" in dom
    assert 'lang="ar" dir="rtl">العربية<' in dom
