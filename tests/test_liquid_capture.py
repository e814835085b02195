"""Liquid ``{% capture name %}…{% endcapture %}`` in Jekyll pages (session 19 review: capture
bodies were translated whatever they held).

A capture body is a string assigned to a variable (Liquid "Variable": capture); Jekyll shows it
only where the page outputs it. Real pages use both kinds: Minimal Mistakes' notices capture
Markdown prose and show it (``{{ notice-2 | markdownify }}``), theme includes get prose as an
argument (``{% include feature.html text=text %}``), and other captures build values (a CSS
class, a language compared in ``{% if %}``, a URL for an ``href``), which a translation breaks.
"""

from __future__ import annotations

import re
from pathlib import Path

from l10n.markdown.dialect import make_dialect, shown_captures
from l10n.markdown.segment import read_note
from tests.conftest import Runner, write_project

PAGE = """# Title

{% capture cls %}notice--info{% endcapture %}

{% capture lang %}english{% endcapture %}

{% capture short %}Read the **guide** first.{% endcapture %}

{% capture url %}
{{ site.baseurl }}/docs/
{% endcapture %}

{% capture notice-2 %}
#### New Site Features

* You can now have cover images on blog pages
{% endcapture %}

{% capture text %}
Lorem ipsum dolor sit amet.
{% endcapture %}

{% include feature.html title="Our Research" text=text %}

{% capture hidden %}Prose an include may read from the page.{% endcapture %}

<div class="notice {{ cls }}">{{ notice-2 | markdownify }}</div>

{% if lang == "english" %}<a href="{{ url }}">{{ short }}</a>{% endif %}
"""


def test_a_capture_is_translated_where_the_page_shows_it(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a.md": PAGE}, extra='markdown = "kramdown"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    catalog = (root / "locales/hi/a.po").read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.+)"$', catalog, re.MULTILINE)
    assert msgids == [
        "Title",
        "Read the **guide** first.",
        "New Site Features",
        "You can now have cover images on blog pages",
        "Lorem ipsum dolor sit amet.",
        "Prose an include may read from the page.",  # never shown here, but prose: translated
    ]
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    for kept in (
        "{% capture cls %}notice--info{% endcapture %}",  # a CSS class
        "{% capture lang %}english{% endcapture %}",  # compared in {% if %}
        "{% capture url %}\n{{ site.baseurl }}/docs/\n{% endcapture %}",  # an href
    ):
        assert kept in built
    assert re.search(r"\{% capture short %\}\S.*\S\{% endcapture %\}\n", built)  # tags kept, body translated
    assert "Read the" not in built
    tags = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)  # the judge's template tags, every one kept
    assert sorted(tags.findall(built)) == sorted(tags.findall(PAGE))


def test_identity_and_segments() -> None:
    doc = read_note(PAGE.encode(), "a.md", dialect=make_dialect("kramdown"))
    assert doc.render({}) == PAGE
    assert "notice--info" not in " ".join(s.text for s in doc.segments)


def test_shown_captures() -> None:
    assert shown_captures(PAGE) == {"notice-2", "text", "short"}
    assert shown_captures("{{cls}} <p class='{{ a }}'>{{b|x}}</p>") == {"cls", "b"}
