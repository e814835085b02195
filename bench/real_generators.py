"""Build l10n's translated trees with the real site generators: VitePress and Docusaurus.

Usage (from the repository root; needs ``node`` ≥ 18 and ``npm`` with the npm registry)::

    .venv/bin/python bench/real_generators.py [--work /tmp/l10n-real-generators]
        [--generator vitepress] [--generator docusaurus] [--lang hi --lang de]
        [--corpus /work/shared/corpus/sites] [--json out.json]

Not part of the test suite: it installs the generators from npm (once, into
``WORK/<generator>/node_modules``, outside the repository; npm's cache stays where npm keeps it)
and each build takes minutes. For each generator it

1. copies the corpus site into ``WORK/<generator>/site`` afresh (VitePress: ``vitepress/vite``'s
   ``docs/``; Docusaurus: ``docusaurus/jest``'s ``docs/`` and ``website/blog/``);
2. writes a minimal generator configuration that declares the locales (the corpus holds no
   ``.vitepress/`` or ``docusaurus.config.js``), and stubs what the pages import or show and the
   corpus does not hold (Vue components, data loaders, images, a code import's file, blog
   authors, the ``react-lite-youtube-embed`` package): stubs live in the scratch site only;
3. runs ``l10n init`` as the README says for the generator, then
   ``l10n sync --engine pseudo --lang …`` (Docusaurus: a second project in ``website/`` for the
   blog, with the layout init's note names);
4. builds the site with every locale (VitePress: ``vitepress build docs``, which fails on dead
   links; Docusaurus: ``docusaurus build --locale L`` per locale, with ``onBrokenLinks`` and
   ``onBrokenAnchors`` set to ``warn`` so every locale is built and each broken link counted);
5. compares each built page with the English one: the ids of its headings, the targets of its
   links and images (a locale's ``/hi/`` prefix and asset hashes left out), the text of its code
   blocks, and the count of tables, list items and admonitions/containers.

Printed per generator and locale: build errors, dead links (VitePress) or broken links and
anchors (Docusaurus), and the pages whose structure differs from English, with the first
differences. The English counts are the baseline: what the missing parts of the real sites
(versioned docs, other pages) break in any language.
"""

from __future__ import annotations

import argparse
import base64
import collections
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = Path("/work/shared/corpus/sites")

VITEPRESS_PACKAGES = {"vitepress": "1.6.4", "vue": "3.5.45"}
DOCUSAURUS_PACKAGES = {
    "@docusaurus/core": "3.10.2",
    "@docusaurus/preset-classic": "3.10.2",
    "react": "18.3.1",
    "react-dom": "18.3.1",
}

_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
_STUB_BYTES = {".png": _PNG, ".gif": _GIF, ".webp": _WEBP, ".svg": _SVG, ".jpg": _PNG, ".jpeg": _PNG}
_VUE_STUB = '<template><span class="stub"><slot /></span></template>\n'

_ASSET = re.compile(
    r"""(?:\]\(|(?:src|href)=")(?P<ref>(?:\.{1,2}/|/)?[^)"\s?#{}<>]+\.(?:png|svg|webp|jpe?g|gif|ico|mp3|mp4))"""
    r"""|import \w+ from '(?P<raw>[^']+\.svg)\?raw'"""
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CODE_IMPORT = re.compile(r"^\s*<<<\s+(\./[^\s#{]+)", re.MULTILINE)


# --------------------------------------------------------------------------- running things


def run(command: list[str], cwd: Path, log: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    """Run ``command`` in ``cwd``: (exit status, stdout and stderr together, seconds)."""
    started = time.monotonic()
    env = {**(env or os.environ), "NO_COLOR": "1", "FORCE_COLOR": "0"}
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, check=False)
    out = _ANSI.sub("", done.stdout)
    if log is not None:
        log.write_text(out)
    return done.returncode, out, time.monotonic() - started


def l10n(*args: str, cwd: Path) -> str:
    """Run this checkout's ``l10n`` in ``cwd``; its output, or SystemExit on failure."""
    code, out, _ = run([sys.executable, "-m", "l10n.cli", *args], cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if code != 0:
        raise SystemExit(f"l10n {' '.join(args)} failed in {cwd} ({code}):\n{out}")
    return out


def npm_install(folder: Path, packages: dict[str, str]) -> None:
    """``packages`` (name → exact version) installed in ``folder/node_modules`` unless already there."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"name": f"l10n-bench-{folder.name}", "private": True, "dependencies": packages}
    wanted = json.dumps(manifest, indent=2) + "\n"
    stamp = folder / "node_modules" / ".l10n-bench-installed"
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    (folder / "package.json").write_text(wanted)
    print(f"npm install in {folder} …", flush=True)
    code, _, seconds = run(["npm", "install", "--no-audit", "--no-fund"], folder, folder / "npm-install.log")
    if code != 0:
        raise SystemExit(f"npm install failed in {folder} ({code}); see {folder / 'npm-install.log'}")
    print(f"  installed in {seconds:.0f} s", flush=True)
    stamp.write_text(wanted)


def stub_assets(pages: Path, public: Path) -> int:
    """Create a 1-pixel image (or a placeholder file) for every local asset the English pages
    under ``pages`` name and the corpus lacks: relative ones beside the page, root-absolute ones
    in ``public``. Returns how many were made."""
    made = 0
    for page in sorted(pages.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in _ASSET.finditer(text):
            ref = match.group("ref") or match.group("raw")
            target = public / ref.lstrip("/") if ref.startswith("/") else page.parent / ref
            target = Path(posixpath.normpath(target))
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_STUB_BYTES.get(target.suffix, b"stub\n"))
                made += 1
        for ref in _CODE_IMPORT.findall(text):
            target = page.parent / ref
            if not target.exists():
                target.write_text("# #region content\nstub: true\n# #endregion content\n")
                made += 1
    return made


# --------------------------------------------------------------------------- built HTML


class _PageShape(HTMLParser):
    """What a built page's content shows: heading ids, link and image targets, code blocks, counts."""

    def __init__(self, content_class: str, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.content_class = content_class
        self.prefix = f"/{lang}/" if lang else ""
        self.depth = 0  # open elements inside the content, 0 when outside
        self.ids: list[str] = []
        self.links: list[str] = []
        self.code: list[str] = []
        self.counts: collections.Counter[str] = collections.Counter()
        self._pre = 0
        self._text: list[str] = []
        self.nuls = 0
        """NUL characters in the page (Docusaurus writes some into pages of non-ASCII text,
        facebook/docusaurus#9985): counted apart, left out of the comparison."""

    def _target(self, url: str) -> str:
        if self.prefix and url.startswith(self.prefix):
            url = url[len(self.prefix) - 1 :]
        return re.sub(r"\.[A-Za-z0-9_-]{8}(\.\w+)$", r"\1", url)  # asset hash

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = attr.get("class", "").split()
        if not self.depth:
            if tag == "div" and self.content_class in classes:
                self.depth = 1
            return
        if tag not in ("img", "br", "hr", "input", "meta", "link", "source", "wbr", "area", "col", "embed", "path"):
            self.depth += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.ids.append(f"{tag}#{attr.get('id', '')}")
        elif tag == "a" and "href" in attr and "header-anchor" not in classes and "hash-link" not in classes:
            self.links.append(self._target(attr["href"]))
        elif tag == "img":
            self.links.append("img:" + self._target(attr.get("src", "")))
        elif tag == "pre":
            self._pre += 1
            self._text = []
        elif tag in ("table", "li", "blockquote"):
            self.counts[tag] += 1
        elif tag == "div" and ("custom-block" in classes or "theme-admonition" in classes or "admonition" in classes):
            self.counts["admonition"] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
            self.code.append("".join(self._text))
        if tag not in ("img", "br", "hr", "input", "meta", "link", "source", "wbr", "area", "col", "embed", "path"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._pre:
            self._text.append(data)


def page_shape(path: Path, content_class: str, lang: str) -> _PageShape:
    """The :class:`_PageShape` of the built page at ``path`` (``lang`` "" for the source language)."""
    shape = _PageShape(content_class, lang)
    text = path.read_text(encoding="utf-8")
    shape.nuls = text.count("\x00")
    shape.feed(text.replace("\x00", ""))
    return shape


def compare_pages(out: Path, lang: str, content_class: str, locales: list[str], locale_dir: Path | None = None) -> tuple[int, list[str], list[str]]:
    """(pages compared, differences, pages with NUL characters) between each English page under
    ``out`` (the folders of ``locales`` left out) and the page at the same path under
    ``locale_dir`` (default ``out/lang``): one line per page that differs, naming what."""
    locale_dir = locale_dir or out / lang
    others = set(locales)
    compared = 0
    differences: list[str] = []
    nul_pages: list[str] = []
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out)
        if rel.parts[0] in others or rel.parts[0] == "assets" or rel.name == "404.html":
            continue
        english = page_shape(page, content_class, "")
        if not english.ids and not english.links and not english.code:
            continue  # no content block (generated list pages, search)
        translated_page = locale_dir / rel
        compared += 1
        if not translated_page.is_file():
            differences.append(f"{rel}: no {lang} page")
            continue
        translated = page_shape(translated_page, content_class, lang)
        if translated.nuls:
            nul_pages.append(f"{rel}: {translated.nuls} NUL")
        what = []
        for name in ("ids", "links", "code"):
            mine, theirs = getattr(english, name), getattr(translated, name)
            if mine != theirs:
                pairs = [(a, b) for a, b in zip(mine, theirs) if a != b][:2]
                what.append(f"{name} {len(mine)}→{len(theirs)} {pairs}")
        if english.counts != translated.counts:
            keys = sorted(set(english.counts) | set(translated.counts))
            what.append("counts " + ", ".join(f"{k} {english.counts[k]}→{translated.counts[k]}" for k in keys if english.counts[k] != translated.counts[k]))
        if what:
            differences.append(f"{rel}: " + "; ".join(what))
    return compared, differences, nul_pages


# --------------------------------------------------------------------------- VitePress

_VITEPRESS_CONFIG = """\
import {{ defineConfig }} from 'vitepress'
import {{ fileURLToPath }} from 'node:url'

// Written by l10n's bench/real_generators.py: the locales and what the vite docs' own config
// provides that the pages need (aliases of their imports).
export default defineConfig({{
  title: 'Vite',
  lang: 'en-US',
  locales: {{
    root: {{ label: 'English', lang: 'en-US' }},
{locales}
  }},
  vite: {{
    resolve: {{
      alias: {{
        '@voidzero-dev/vitepress-theme': fileURLToPath(new URL('../stubs/theme.js', import.meta.url)),
        '@components': fileURLToPath(new URL('../stubs/components', import.meta.url)),
      }},
    }},
  }},
}})
"""

_VITEPRESS_THEME = """\
import DefaultTheme from 'vitepress/theme'
import Stub from './components/Stub.vue'
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    for (const name of ['NonInheritBadge', 'ScrimbaLink', 'YouTubeVideo']) app.component(name, Stub)
  },
}
"""

_DEAD_LINK = re.compile(r"Found dead link (\S+) in file (\S+)")


def vitepress_site(site: Path, corpus: Path, langs: list[str]) -> None:
    """The scratch VitePress site: the vite docs, a config declaring ``langs``, the stubs."""
    shutil.copytree(corpus / "vitepress" / "vite" / "docs", site / "docs")
    docs = site / "docs"
    locales = "\n".join(f"    '{lang}': {{ label: '{lang}', lang: '{lang}' }}," for lang in langs)
    (docs / ".vitepress" / "theme").mkdir(parents=True)
    (docs / ".vitepress" / "config.mts").write_text(_VITEPRESS_CONFIG.format(locales=locales))
    (docs / ".vitepress" / "theme" / "index.js").write_text(_VITEPRESS_THEME)
    for vue in (
        ".vitepress/theme/components/Stub.vue",
        ".vitepress/theme/components/BlogIndex.vue",
        ".vitepress/theme/components/SupportedVersions.vue",
        ".vitepress/theme/landing/Layout.vue",
        ".vitepress/theme/live/Layout.vue",
        "stubs/components/vitepress-default/VPSponsors.vue",
    ):
        (docs / vue).parent.mkdir(parents=True, exist_ok=True)
        (docs / vue).write_text(_VUE_STUB)
    (docs / ".vitepress/theme/composables").mkdir(parents=True)
    (docs / ".vitepress/theme/composables/sponsor.js").write_text("export function useSponsor() { return { data: [] } }\n")
    (docs / "stubs/theme.js").write_text("export { VPTeamPage, VPTeamPageTitle, VPTeamPageSection, VPTeamMembers } from 'vitepress/theme'\n")
    (docs / "_data").mkdir()
    (docs / "_data/team.js").write_text("export const core = [], advisors = [], emeriti = []\n")
    (docs / "_data/acknowledgements.data.js").write_text("export default { load() { return {} } }\n")
    stub_assets(docs, docs / "public")


def vitepress(work: Path, corpus: Path, langs: list[str]) -> dict[str, Any]:
    """Set up, translate, build and compare the VitePress site; the figures."""
    home = work / "vitepress"
    npm_install(home, VITEPRESS_PACKAGES)
    site = home / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    vitepress_site(site, corpus, langs)
    l10n("init", *(a for lang in langs for a in ("--lang", lang)), cwd=site)
    sync = l10n("sync", "--engine", "pseudo", *(a for lang in langs for a in ("--lang", lang)), cwd=site)
    code, out, seconds = run([str(home / "node_modules/.bin/vitepress"), "build", "docs"], site, home / "build.log")
    dead: dict[str, list[str]] = collections.defaultdict(list)
    for link, page in _DEAD_LINK.findall(out):
        first = Path(page).parts[0] if len(Path(page).parts) > 1 else ""
        dead[first if first in langs else "en"].append(f"{page}: {link}")
    errors = [line for line in out.splitlines() if "build error" in line or line.startswith("[vitepress]") or "Error:" in line]
    result: dict[str, Any] = {"exit": code, "seconds": round(seconds), "errors": errors, "sync": sync.strip().splitlines()[-len(langs) :], "locales": {}}
    dist = site / "docs" / ".vitepress" / "dist"
    for lang in ["en", *langs]:
        entry: dict[str, Any] = {"dead_links": dead.get(lang, [])}
        if lang != "en" and dist.is_dir():
            entry["pages"], entry["differ"], entry["nul_pages"] = compare_pages(dist, lang, "vp-doc", langs)
        result["locales"][lang] = entry
    return result


# --------------------------------------------------------------------------- Docusaurus

_DOCUSAURUS_CONFIG = """\
// Written by l10n's bench/real_generators.py: the locales, the docs in ../docs as jest's site has
// them, and warnings instead of failures so that every broken link of every locale is counted.
const path = require('path');

module.exports = {{
  title: 'Jest',
  url: 'https://jestjs.io',
  baseUrl: '/',
  onBrokenLinks: 'warn',
  onBrokenAnchors: 'warn',
  markdown: {{ hooks: {{ onBrokenMarkdownLinks: 'warn' }} }},
  i18n: {{ defaultLocale: 'en', locales: {locales} }},
  presets: [
    ['classic', {{ docs: {{ path: '../docs' }}, blog: {{ path: 'blog', onUntruncatedBlogPosts: 'ignore' }} }}],
  ],
  plugins: [
    () => ({{
      name: 'stub-packages',
      configureWebpack: () => ({{
        resolve: {{ alias: {{ 'react-lite-youtube-embed': path.resolve(__dirname, 'src/stubs/LiteYouTubeEmbed.js') }} }},
      }}),
    }}),
  ],
}};
"""


_BROKEN = re.compile(r"^- Broken (link|anchor) on source page path = (\S+):\n((?:\s+-> .*\n?)+)", re.MULTILINE)


def docusaurus_site(site: Path, corpus: Path, langs: list[str]) -> None:
    """The scratch Docusaurus site: jest's docs and blog, a config declaring ``langs``, the stubs."""
    jest = corpus / "docusaurus" / "jest"
    shutil.copytree(jest / "docs", site / "docs")
    shutil.copytree(jest / "website" / "blog", site / "website" / "blog")
    website = site / "website"
    (website / "docusaurus.config.js").write_text(_DOCUSAURUS_CONFIG.format(locales=json.dumps(["en", *langs])))
    (website / "package.json").write_text('{"name": "jest-website", "private": true}\n')
    (website / "src" / "stubs").mkdir(parents=True)
    (website / "src" / "stubs" / "LiteYouTubeEmbed.js").write_text("export default function LiteYouTubeEmbed() { return null; }\n")
    authors = sorted({name for post in (website / "blog").glob("*.md") for line in post.read_text().splitlines() if line.startswith("authors:") for name in re.findall(r"[\w-]+", line.split(":", 1)[1])})
    (website / "blog" / "authors.yml").write_text("".join(f"{name}:\n  name: {name}\n" for name in authors))
    stub_assets(site / "docs", website / "static")
    stub_assets(website / "blog", website / "static")


def docusaurus(work: Path, corpus: Path, langs: list[str]) -> dict[str, Any]:
    """Set up, translate, build and compare the Docusaurus site, one build per locale; the figures."""
    home = work / "docusaurus"
    npm_install(home, DOCUSAURUS_PACKAGES)
    site = home / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    docusaurus_site(site, corpus, langs)
    lang_args = [a for lang in langs for a in ("--lang", lang)]
    init = l10n("init", *lang_args, cwd=site)
    sync = l10n("sync", "--engine", "pseudo", *lang_args, cwd=site)
    # the blog: the second project init's note names
    note = re.search(r'source = "(\w+)" and layout = "([^"]+)"', init)
    blog_source, blog_layout = note.groups() if note else ("blog", "i18n/{lang}/docusaurus-plugin-content-blog/{dir}/{name}{ext}")
    website = site / "website"
    (website / "l10n.toml").write_text(f'[tool.l10n]\nsource = "{blog_source}"\nlayout = "{blog_layout}"\nlanguages = {json.dumps(langs)}\n')
    sync += l10n("sync", "--engine", "pseudo", *lang_args, cwd=website)
    result: dict[str, Any] = {"sync": [line for line in sync.splitlines() if "% translated" in line], "locales": {}}
    binary = str(home / "node_modules/.bin/docusaurus")
    for lang in ["en", *langs]:
        out_dir = home / "build" / lang
        code, out, seconds = run([binary, "build", "--locale", lang, "--out-dir", str(out_dir)], website, home / f"build-{lang}.log")
        broken: dict[str, list[str]] = {"link": [], "anchor": []}
        for kind, page, targets in _BROKEN.findall(out):
            broken[kind] += [f"{page} -> {t.strip().removeprefix('-> linking to ')}" for t in targets.strip().splitlines()]
        errors = [line for line in out.splitlines() if line.startswith("[ERROR]") or "Error:" in line]
        entry: dict[str, Any] = {"exit": code, "seconds": round(seconds), "errors": errors, "broken_links": broken["link"], "broken_anchors": broken["anchor"]}
        if lang != "en" and code == 0 and (home / "build" / "en").is_dir():
            entry["pages"], entry["differ"], entry["nul_pages"] = compare_pages(home / "build" / "en", lang, "markdown", langs, out_dir)
        result["locales"][lang] = entry
    english = result["locales"]["en"]
    for lang in langs:  # what a locale breaks that English does not (its /lang/ prefix left out)
        entry = result["locales"][lang]
        for key in ("broken_links", "broken_anchors"):
            entry[f"{key}_beyond_english"] = sorted({b.replace(f"/{lang}/", "/") for b in entry[key]} - set(english[key]))
    return result


# --------------------------------------------------------------------------- report


def report(name: str, result: dict[str, Any], show: int) -> None:
    """Print one generator's figures."""
    print(f"\n== {name}")
    for line in result.get("sync", []):
        print(f"  sync: {line}")
    if "exit" in result:
        print(f"  build: exit {result['exit']} in {result['seconds']} s; {len(result['errors'])} error lines")
    for line in result.get("errors", [])[:show]:
        print(f"    {line}")
    for lang, entry in result["locales"].items():
        parts = []
        if "exit" in entry:
            parts.append(f"build exit {entry['exit']} ({entry['seconds']} s), {len(entry['errors'])} error lines")
        for key in ("dead_links", "broken_links", "broken_anchors"):
            if key in entry:
                beyond = entry.get(f"{key}_beyond_english")
                parts.append(f"{len(entry[key])} {key.replace('_', ' ')}" + (f" ({len(beyond)} not in English)" if beyond is not None else ""))
        if "differ" in entry:
            parts.append(f"{len(entry['differ'])} of {entry['pages']} pages differ from English")
        if entry.get("nul_pages"):
            parts.append(f"{len(entry['nul_pages'])} pages with NUL characters (generator bug)")
        print(f"  {lang}: " + "; ".join(parts))
        # English's broken links are the baseline (what the scratch site lacks); a locale's, those beyond it
        shown = ("broken_links", "broken_anchors") if lang == "en" else ("broken_links_beyond_english", "broken_anchors_beyond_english")
        for key in ("errors", "dead_links", *shown, "differ", "nul_pages"):
            for line in entry.get(key, [])[:show]:
                print(f"      {key}: {line[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/l10n-real-generators"), help="scratch folder (outside the repository)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--generator", action="append", choices=["vitepress", "docusaurus"], help="default: both")
    parser.add_argument("--lang", action="append", help="target languages (default: hi, de)")
    parser.add_argument("--show", type=int, default=5, help="lines shown of each list")
    parser.add_argument("--json", type=Path, help="write the figures there")
    args = parser.parse_args()
    work = args.work.resolve()
    if work == ROOT or ROOT in work.parents:
        raise SystemExit("--work must be outside the repository (node_modules and builds go there)")
    langs = args.lang or ["hi", "de"]
    results = {}
    for name in args.generator or ["vitepress", "docusaurus"]:
        started = time.monotonic()
        results[name] = (vitepress if name == "vitepress" else docusaurus)(work, args.corpus, langs)
        results[name]["total_seconds"] = round(time.monotonic() - started)
        report(name, results[name], args.show)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
