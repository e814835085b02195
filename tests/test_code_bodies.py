"""Template blocks whose body is code: never a segment, byte-exact in every build, and ``check``
reports a page whose code changed (session 19 review: Jekyll ``{% highlight %}`` bodies were
translated, and ``l10n check`` saw nothing).

The Hugo forms (``{{< highlight go >}}``, ``{{< code >}}``) were already read as code
(``code_shortcodes``); they stay in the parametrized tests beside the Liquid ones so that both
template languages are held to one rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.markdown.dialect import make_dialect
from l10n.markdown.segment import read_note
from l10n.mt.engines.pseudo import pseudo_localize
from tests.conftest import Runner, write_project

# (dialect, guessed, block): each block holds the code line ``print("hello world")``
CODE_BLOCKS = [
    ("kramdown", False, '{% highlight python %}\nprint("hello world")\n{% endhighlight %}'),
    ("kramdown", False, '{% highlight python linenos %}\nprint("hello world")\n{% endhighlight %}'),
    ("kramdown", False, '{%- highlight python -%}\nprint("hello world")\n{%- endhighlight -%}'),
    ("kramdown", False, '{% highlight python hl_lines="1" %}\nprint("hello world")\n{% endhighlight %}'),
    ("kramdown", False, '{% codeblock lang:python %}\nprint("hello world")\n{% endcodeblock %}'),
    ("kramdown", False, '{% codeblock Title lang:python %}\nprint("hello world")\n{% endcodeblock %}'),
    ("kramdown", False, '{% code %}\nprint("hello world")\n{% endcode %}'),
    ("kramdown", False, '- Item text.\n\n  {% highlight python %}\n  print("hello world")\n  {% endhighlight %}'),
    ("kramdown", False, '> {% highlight python %}\n> print("hello world")\n> {% endhighlight %}'),
    ("mdbook", False, '{% highlight python %}\nprint("hello world")\n{% endhighlight %}'),
    ("gfm", True, '{% highlight python %}\nprint("hello world")\n{% endhighlight %}'),
    ("kramdown", False, '{% raw %}\nprint("hello world")\n{% endraw %}'),
    ("kramdown", False, '{% comment %}\nprint("hello world")\n{% endcomment %}'),
    ("hugo", False, '{{< highlight python >}}\nprint("hello world")\n{{< /highlight >}}'),
    ("hugo", False, '{{< highlight python "linenos=table" >}}\nprint("hello world")\n{{< /highlight >}}'),
    ("hugo", False, '{{< code lang="python" >}}\nprint("hello world")\n{{< /code >}}'),
]


@pytest.mark.parametrize(("dialect", "guessed", "block"), CODE_BLOCKS)
def test_code_block_bodies_are_never_segments(dialect: str, guessed: bool, block: str) -> None:
    text = f"# Title\n\nBefore the code.\n\n{block}\n\nAfter the code.\n"
    doc = read_note(text.encode(), "note.md", dialect=make_dialect(dialect, guessed=guessed))
    assert not [s.text for s in doc.segments if "print" in s.text]
    assert doc.render({}) == text
    out = doc.render(lambda segment: pseudo_localize(segment.text))
    code = block[block.index("{") :]  # from the opening tag on (a list item's text before it is prose)
    assert code in out
    assert "Before the code." not in out and "After the code." not in out


def test_a_code_tag_in_a_name_is_not_a_code_block() -> None:
    """``{% code-sample %}`` or ``{% code_tabs %}`` are other tags (Liquid names take ``-`` and ``_``):
    the text between such tags stays prose."""
    for opener, closer in (("{% code-sample %}", "{% endcode-sample %}"), ("{% code_tabs %}", "{% endcode_tabs %}")):
        text = f"{opener}\nWords to translate here.\n{closer}\n"
        doc = read_note(text.encode(), "note.md", dialect=make_dialect("kramdown"))
        assert [s.text for s in doc.segments] == ["Words to translate here."]


def test_captured_prose_is_still_translated() -> None:
    """``{% capture %}`` keeps its body in a variable that a page shows (Jekyll themes pass it to
    ``markdownify``): that body is prose a reader sees, so it stays a segment; the tags stay."""
    text = "{% capture notice %}\nYou can now use the new search.\n{% endcapture %}\n"
    doc = read_note(text.encode(), "note.md", dialect=make_dialect("kramdown"))
    assert [s.text for s in doc.segments] == ["You can now use the new search."]


def test_inline_highlight_body_never_reaches_an_engine() -> None:
    from l10n.markdown.protect import protect

    text = 'Run {% highlight python %}print("hi"){% endhighlight %} and {%- code -%}x = 1{%- endcode -%} now.'
    protected = protect(text)
    assert protected.text == "Run {1} and {2} now."
    assert protected.restore(protected.text) == text


JEKYLL_NOTE = """\
# Hello

Some text.

{% highlight python %}
print("hello")
{% endhighlight %}

{% highlight python linenos %}
print("hello world")
{% endhighlight %}
"""


def test_highlight_bodies_byte_exact_in_a_built_site_and_checked(tmp_path: Path, l10n: Runner) -> None:
    """The review's case through the CLI: sync keeps the code, ``check`` passes; a page whose code
    was changed afterwards is reported, with the line, and ``check`` exits non-zero."""
    root = write_project(tmp_path, {"a.md": JEKYLL_NOTE}, extra='markdown = "kramdown"\n')
    l10n.sync(root)
    page = root / "translated/hi/a.md"
    built = page.read_text(encoding="utf-8")
    assert '{% highlight python %}\nprint("hello")\n{% endhighlight %}' in built
    assert '{% highlight python linenos %}\nprint("hello world")\n{% endhighlight %}' in built
    catalog = (root / "locales/hi/a.po").read_text(encoding="utf-8")
    assert "print" not in catalog
    assert l10n(root, "check").exit_code == 0
    page.write_text(built.replace('print("hello")\n', 'print("नमस्ते")\n'), encoding="utf-8")
    checked = l10n(root, "check")
    assert checked.exit_code != 0
    assert "translated/hi/a.md:6:" in checked.output and "construct" in checked.output
