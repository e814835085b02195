"""What the lines inside code fences cost ``find_links``: ``python bench/fence_share.py SNAPSHOT FOLDER [TURNS]``.

Reads every ``*.md`` under ``FOLDER`` (the pages a build wrote, e.g. ``WORK/translated`` after
``bench/stage_cpu.py SNAP l10n build disk WORK``, or the corpus), then times, in turns,
``SNAPSHOT``'s ``l10n.site.links.find_links`` over the pages as they are and over the same
pages with the lines inside fenced code blocks deleted (fence lines kept, read with
``find_links``' own rule, so the links found outside fences are the same: checked). The
difference is what the fenced lines cost: the most any cut that jumps over fenced code could
save. Prints one JSON line: pages, lines, lines inside fences, links, and the medians of CPU
seconds (``time.process_time``) of both runs. Run it from a folder that is not a checkout.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType


def main(argv: list[str]) -> None:
    snapshot, folder = argv[:2]
    turns = int(argv[2]) if len(argv) > 2 else 11
    sys.path.insert(0, snapshot)
    from l10n.site import links

    if not str(Path(links.__file__).resolve()).startswith(str(Path(snapshot).resolve())):
        raise SystemExit(f"l10n imported from {links.__file__}, not from {snapshot}")
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(folder).rglob("*.md"))]
    stripped, fenced = zip(*(_without_fenced_lines(links, text) for text in pages)) if pages else ((), ())
    found = [[link.url for link in links.find_links(text)] for text in pages]
    if found != [[link.url for link in links.find_links(text)] for text in stripped]:
        raise SystemExit("deleting the fenced lines changed the links found")

    def cpu(texts: tuple[str, ...] | list[str]) -> float:
        began = time.process_time()
        for text in texts:
            for _ in links.find_links(text):
                pass
        return time.process_time() - began

    whole: list[float] = []
    without: list[float] = []
    for _ in range(turns):
        whole.append(cpu(pages))
        without.append(cpu(stripped))
    print(
        json.dumps(
            {
                "pages": len(pages),
                "lines": sum(text.count("\n") + 1 for text in pages),
                "fenced_lines": sum(fenced),
                "links": sum(map(len, found)),
                "cpu_pages": statistics.median(whole),
                "cpu_without_fenced_lines": statistics.median(without),
            }
        )
    )


def _without_fenced_lines(links: ModuleType, text: str) -> tuple[str, int]:
    """``text`` without the lines inside fenced code (the fence lines themselves kept), read as
    ``find_links`` reads them (front matter left alone), and how many lines went."""
    fence_re = links._FENCE
    body_start = links._front_matter_end(text)
    kept: list[str] = []
    fence: str | None = None
    dropped = offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        marker = fence_re.match(line) if start >= body_start else None
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            else:
                dropped += 1
                continue
        elif marker:
            fence = marker.group(1)
        kept.append(line)
    return "\n".join(kept), dropped


if __name__ == "__main__":
    main(sys.argv[1:])
