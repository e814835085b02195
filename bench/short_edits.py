"""Compare l10n's fuzzy carry of short segments with ``msgmerge --previous`` (GNU gettext).

Two measures, each run for every checkout named (its ``l10n`` imported with ``PYTHONPATH`` set
to it, one process per checkout) so main and a branch are paired in one run:

1. **Edits**: each (old, new) pair of :data:`PAIRS` is merged twice — an approved ``old`` in a
   catalog, ``new`` in the template — by ``msgmerge --previous`` and by :func:`l10n.po.merge.merge`;
   a row says which of them carried the translation (fuzzy, ``#| msgid`` the old text).
2. **Corpus**: every pair of distinct short segments (fewer than ``SHORT_WORDS`` tokens) of one
   page of /work/shared/corpus/sites — two *different* sentences — counted when one would take
   the other's translation (l10n's rule, and msgmerge's character ratio >= 0.6): how many
   unrelated sentences a rule would carry, with the pairs only the branch carries listed
   (msgmerge's count is its character ratio, case kept, not a msgmerge run per pair).

    .venv/bin/python bench/short_edits.py [--corpus DIR] [--show N] CHECKOUT...

e.g. ``bench/short_edits.py /work/main .``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PAIRS = [
    ("Beta sentence two here.", "Beta sentence 2 here."),
    ("Install three packages first.", "Install 3 packages first."),
    ("Wait five minutes.", "Wait 5 minutes."),
    ("Step two", "Step 2"),
    ("Click the big button.", "Click the large button."),
    ("Open the settings page", "Open the preferences page"),
    ("Save the file before closing.", "Save the file before exiting."),
    ("Teh quick setup guide", "The quick setup guide"),
    ("Teh guide", "The guide"),
    ("Check the reciept before paying.", "Check the receipt before paying."),
    ("Press the green button to start.", "Press the red button to start."),
    ("Turn on the Wi-Fi first.", "Turn off the Wi-Fi first."),
    ("Add a new user account.", "Remove a new user account."),
    ("You can delete the file.", "You can rename the file."),
    ("Open the app and sign in.", "Open the app and log in."),
    ("Configure the server", "Configure the web server"),
    ("Click the big button.", "Click the large red button."),
    ("This step takes two minutes.", "That step takes ten minutes."),
    ("Run the tests.", "Run the linter."),
    ("Read the docs.", "Read the guide."),
    ("Close the window", "Close the door"),
    ("Step one", "Step three"),
    ("Select all photos", "Delete all photos"),
    ("Turn on Wi-Fi", "Turn off WiFi"),
    ("Guide", "Install"),
]


def _po(msgid: str, msgstr: str) -> str:
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    head = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return f"{head}msgid {q(msgid)}\nmsgstr {q(msgstr)}\n"


def msgmerge_carries(old: str, new: str) -> bool | None:
    """Whether ``msgmerge --previous`` carries ``old``'s translation to ``new``; None without it."""
    tool = shutil.which("msgmerge")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "old.po").write_text(_po(old, "T"), encoding="utf-8")
        (Path(tmp) / "new.pot").write_text(_po(new, ""), encoding="utf-8")
        out = subprocess.run(
            [tool, "--previous", "--no-wrap", "-q", "-o", "-", "old.po", "new.pot"],
            cwd=tmp, check=True, capture_output=True, text=True,
        ).stdout
    return f"#| msgid {json.dumps(old, ensure_ascii=False)}\nmsgid {json.dumps(new, ensure_ascii=False)}\nmsgstr \"T\"" in out


def _l10n_side(corpus: Path) -> dict[str, object]:
    """Run in the checkout's process: the edits table's l10n column and the corpus pairs."""
    import polib

    from l10n.errors import L10nError
    from l10n.markdown.segment import read_note
    from l10n.po.catalog import Catalog
    from l10n.po.merge import _WORDS, SHORT_WORDS, closest_entry, merge

    def carries(old: str, new: str) -> bool:
        po = polib.POFile(wrapwidth=0)
        po.metadata = {"Language": "hi"}
        po.append(polib.POEntry(msgid=old, msgstr="T"))
        template = polib.POFile(wrapwidth=0)
        template.append(polib.POEntry(msgid=new, msgstr=""))
        entry = merge(template, Catalog(po), "hi", "demo", "2026-01-01 00:00+0000").find(new)
        return bool(entry and entry.msgstr == "T" and entry.fuzzy and entry.previous_msgid == old)

    pages = pairs = ours = theirs = 0
    matcher = difflib.SequenceMatcher(autojunk=False)
    carried: list[list[str]] = []
    for page in sorted(corpus.rglob("*.md")):
        try:
            doc = read_note(page.read_bytes(), str(page))
        except (L10nError, OSError):
            continue
        pages += 1
        short = sorted({s.text for s in doc.segments if len(_WORDS.findall(s.text)) < SHORT_WORDS})
        for i, old in enumerate(short):
            entry = {(None, old): polib.POEntry(msgid=old, msgstr="T")}
            matcher.set_seq2(old)
            for new in short[i + 1 :]:
                pairs += 1
                matcher.set_seq1(new)
                theirs += matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and matcher.ratio() >= 0.6
                if closest_entry(new, entry) is not None:
                    ours += 1
                    carried.append([old, new])
    return {
        "edits": [carries(old, new) for old, new in PAIRS],
        "pages": pages,
        "pairs": pairs,
        "msgmerge": theirs,
        "carried": carried,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/sites"))
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--side", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        json.dump(_l10n_side(args.corpus), sys.stdout)
        return
    results = {}
    for checkout in args.checkouts:
        env = dict(os.environ, PYTHONPATH=str(checkout.resolve()))
        out = subprocess.run(
            [sys.executable, __file__, "--side", "--corpus", str(args.corpus), str(checkout)],
            env=env, check=True, capture_output=True, text=True,
        ).stdout
        results[str(checkout)] = json.loads(out)
    names = list(results)
    print("| edit | msgmerge | " + " | ".join(f"l10n {n}" for n in names) + " |")
    print("|---|---|" + "---|" * len(names))
    for index, (old, new) in enumerate(PAIRS):
        theirs = msgmerge_carries(old, new)
        cells = ["carried" if results[n]["edits"][index] else "—" for n in names]
        mm = "?" if theirs is None else "carried" if theirs else "—"
        print(f"| `{old}` → `{new}` | {mm} | " + " | ".join(cells) + " |")
    print()
    for name in names:
        r = results[name]
        print(
            f"{name}: {r['pages']} pages, {r['pairs']} pairs of distinct short segments on one page;"
            f" msgmerge's ratio (>= 0.6) carries {r['msgmerge']}, l10n {len(r['carried'])}"
        )
    if len(names) == 2:
        before = {tuple(p) for p in results[names[0]]["carried"]}
        after = {tuple(p) for p in results[names[1]]["carried"]}
        new_pairs = sorted(after - before)
        print(f"carried by {names[1]} only: {len(new_pairs)}; by {names[0]} only: {len(before - after)}")
        for old, new in new_pairs[: args.show]:
            print(f"  {old!r} -> {new!r}")


if __name__ == "__main__":
    main()
