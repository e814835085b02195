"""The quick start's ``pseudo`` engine, then a real one (review 18's defect 1): pseudo-localized
text is never taken from the memory for a real engine, nor kept as a translation it must
respect; human translations and a real engine's stand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib

from tests.conftest import Runner
from tests.stubs import LibreStub, fake_translate

NOTE_A = "# Guide\n\nInstall it first.\n\nThen run it.\n"


def _entries(root: Path, name: str) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(root / "locales/hi" / name))}


def _real_sync(l10n: Runner, root: Path, stub: LibreStub, *args: str) -> str:
    done = l10n(root, "sync", "--engine", "libre", "--engine-url", stub.url, *args)
    assert done.exit_code == 0, done.output
    return done.output


def test_a_real_engine_translates_over_pseudo_output_and_never_reuses_it(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": NOTE_A}, ("hi",), 'engine = "pseudo"\n')
    l10n.sync(root)
    assert _entries(root, "a-en.po")["Install it first."].msgstr.startswith("[")
    # a person's approved translation, and one a translator wrote without approving it
    po = polib.pofile(str(root / "locales/hi/a-en.po"))
    po.find("Guide").msgstr, po.find("Guide").tcomment = "मार्गदर्शिका", ""
    po.find("Guide").flags.remove("fuzzy")
    po.save()
    l10n.sync(root)  # nothing changed since: the catalog is recorded complete
    # a new note sharing a paragraph whose pseudo output the memory holds
    (root / "source_notes/b-en.md").write_text("# Other\n\nInstall it first.\n", encoding="utf-8")
    l10n.sync(root)
    with LibreStub() as stub:
        plan = l10n(root, "sync", "--dry-run", "--engine", "libre", "--engine-url", stub.url)
        assert plan.exit_code == 0 and not stub.posts, plan.output
        assert "hi: would send 3 segments" in plan.output, plan.output  # 3 texts, 4 entries
        assert "hi: 4 entries of pseudo-localized text would be replaced by libre's translations" in plan.output
        output = _real_sync(l10n, root, stub)
        sent = [text for post in stub.posts for text in ([post["body"]["q"]] if isinstance(post["body"]["q"], str) else post["body"]["q"])]
    a, b = _entries(root, "a-en.po"), _entries(root, "b-en.po")
    assert a["Install it first."].msgstr == fake_translate("Install it first.", "hi")
    assert a["Then run it."].msgstr == fake_translate("Then run it.", "hi")
    assert b["Install it first."].msgstr == fake_translate("Install it first.", "hi")
    assert b["Other"].msgstr == fake_translate("Other", "hi")
    assert a["Guide"].msgstr == "मार्गदर्शिका" and not a["Guide"].fuzzy  # a person's work stands
    assert "Guide" not in sent
    assert "hi: 4 entries of pseudo-localized text were replaced by libre's translations" in output, output
    assert "fuzzy" in a["Install it first."].flags and "mt: libre" in a["Install it first."].tcomment
    page = (root / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    assert fake_translate("Then run it.", "hi") in page and "[" not in page
    with LibreStub() as stub:  # the real engine's output stands: nothing more is sent
        again = _real_sync(l10n, root, stub)
        assert not stub.posts
    assert "pseudo-localized" not in again
    l10n.sync(root)  # back to pseudo: the real translations are not overwritten
    assert _entries(root, "a-en.po")["Then run it."].msgstr == fake_translate("Then run it.", "hi")


def test_translate_alone_replaces_pseudo_output_and_keeps_a_translators_edit(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": NOTE_A}, ("hi",), 'engine = "pseudo"\n')
    l10n.sync(root)
    po = polib.pofile(str(root / "locales/hi/a-en.po"))
    edited = po.find("Then run it.")
    edited.msgstr = "फिर इसे चलाएँ।"  # edited in place, still fuzzy with its mt: line (Weblate's "needs editing")
    po.save()
    with LibreStub() as stub:
        done = l10n(root, "translate", "--engine", "libre", "--engine-url", stub.url)
    assert done.exit_code == 0, done.output
    a = _entries(root, "a-en.po")
    assert a["Install it first."].msgstr == fake_translate("Install it first.", "hi")
    assert a["Then run it."].msgstr == "फिर इसे चलाएँ।"
    assert "hi: 2 entries of pseudo-localized text were replaced by libre's translations" in done.output, done.output
