"""Cost of reading bare URLs as the generators do (session 20, s20-urls): ``python bench/bare_urls.py ROUNDS CORPUS CHECKOUT...``.

Every paragraph (text between blank lines) of the Markdown pages under CORPUS
(``/work/shared/corpus``: 568 site pages, the Rust Book, opensource.guide en+hi) is passed to :func:`l10n.markdown.markup.elements`
and to :func:`l10n.markdown.validate.validate_translation` with itself as the translation (the
validator's verdict cache emptied first), in a child process per checkout (``PYTHONPATH``; the
order reversed every other round). Each child prints the thread CPU of its loops
(:func:`time.thread_time`) and how many paragraphs hold a link read differently from the
checkout's markup: comparable within a round (the same load).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = r'''
import re, sys, time
from pathlib import Path
from l10n.markdown import validate
from l10n.markdown.markup import elements
corpus = Path(sys.argv[1])
texts = []
for path in sorted([*corpus.rglob("*.md"), *corpus.rglob("*.mdx")]):
    texts.extend(part for part in re.split(r"\n[ \t]*\n", path.read_text(errors="replace")) if part.strip())
start = time.thread_time()
links = sum(1 for text in texts for (kind, _), n in elements(text).items() if kind == "link")
middle = time.thread_time()
validate._VERDICTS.clear()
for text in texts:
    validate._findings(text, text, None, fast=True)
end = time.thread_time()
print(f"{len(texts)} paragraphs, {links} distinct links; elements {middle - start:.3f} s, validate {end - middle:.3f} s")
'''


def main() -> None:
    rounds, corpus, checkouts = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    for round_ in range(rounds):
        for checkout in checkouts if round_ % 2 == 0 else reversed(checkouts):
            env = {**os.environ, "PYTHONPATH": checkout}
            done = subprocess.run([sys.executable, "-c", CHILD, str(corpus)], env=env, capture_output=True, text=True, check=True)
            print(f"round {round_ + 1} {checkout}: {done.stdout.strip()}")


if __name__ == "__main__":
    main()
