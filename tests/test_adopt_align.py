"""``adopt``'s alignment trusts evidence, not position: a pair is approved only when what must
survive translation (links, code, numbers, structure, length) corroborates it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.cli import cli
from l10n.config import load_config
from l10n.markdown.segment import parse_note
from l10n.po.catalog import Catalog
from l10n.site.adopt import adopt_note, pair_segments
from l10n.site.layout import catalog_path, output_path, select_notes
from l10n.site.links import find_links

ENGLISH = """# Title

First paragraph about 11 cats.

Second paragraph about 22 dogs, see [dogs](https://dogs.example).

Third paragraph about 33 birds and `bird()`.

Fourth paragraph about 44 fish.
"""

# paragraphs 2 and 3 merged into one, and a paragraph of the translator's own at the end
HINDI = """# शीर्षक

11 बिल्लियों के बारे में पहला अनुच्छेद।

22 कुत्तों के बारे में दूसरा अनुच्छेद, देखें [कुत्ते](https://dogs.example)। 33 पक्षियों और `bird()` के बारे में तीसरा अनुच्छेद।

44 मछलियों के बारे में चौथा अनुच्छेद।

अनुवादक का अतिरिक्त नोट।
"""


def adopted(tmp_path: Path, english: str, hindi: str) -> tuple[dict[str, tuple[str, bool]], str]:
    """``{msgid: (msgstr, fuzzy)}`` of the filled entries after ``adopt``, and the comments."""
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a-en.md").write_text(english, encoding="utf-8")
    config = load_config(tmp_path)
    [note] = select_notes(config, [])
    page = output_path(config, note, "hi")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(hindi, encoding="utf-8")
    assert adopt_note(config, note, "hi").error == ""
    catalog = Catalog.load(catalog_path(config, note, "hi"))
    filled = {e.msgid: (e.msgstr, e.fuzzy) for e in catalog if e.msgstr}
    return filled, "\n".join(e.tcomment for e in catalog if e.tcomment)


def test_merged_paragraphs_pair_nothing_and_the_next_pair_is_not_shifted(tmp_path: Path) -> None:
    filled, _ = adopted(tmp_path, ENGLISH, HINDI)
    assert filled["Fourth paragraph about 44 fish."] == ("44 मछलियों के बारे में चौथा अनुच्छेद।", False)
    # the merged paragraph holds both: given to either, the page would say the third one twice
    assert "Second paragraph about 22 dogs, see [dogs](https://dogs.example)." not in filled
    assert "Third paragraph about 33 birds and `bird()`." not in filled
    assert not any(text == "अनुवादक का अतिरिक्त नोट।" for text, _ in filled.values())


def test_a_merged_paragraph_that_keeps_the_link_is_not_approved(tmp_path: Path) -> None:
    """opensource.guide's "[Kubernetes kops]… office hours": the link agrees, the length does not."""
    english = (
        "# Talk\n\nPublic communication can be as simple as pointing people to an issue tracker instead of e-mail.\n\n"
        "[Kubernetes kops](https://github.com/kubernetes/kops) sets aside office hours every other week.\n\n"
        "Thank you for reading.\n"
    )
    hindi = (
        "# बात\n\nसार्वजनिक संचार उतना ही सरल हो सकता है जितना लोगों को ईमेल के बजाय इश्यू ट्रैकर की ओर भेजना। "
        "[Kubernetes kops](https://github.com/kubernetes/kops) हर दूसरे सप्ताह कार्यालय समय अलग रखता है।\n\n"
        "पढ़ने के लिए धन्यवाद।\n"
    )
    filled, _ = adopted(tmp_path, english, hindi)
    kops = "[Kubernetes kops](https://github.com/kubernetes/kops) sets aside office hours every other week."
    assert kops not in filled or filled[kops][1]  # never approved
    assert filled["Talk"] == ("बात", False)


def test_without_anchors_a_dropped_paragraph_leaves_its_neighbours_for_review(tmp_path: Path) -> None:
    english = "# Notes\n\nAlpha is the first letter here.\n\nBeta comes right after it.\n\nGamma is the third one.\n"
    hindi = "# नोट्स\n\nअल्फ़ा यहाँ पहला अक्षर है।\n\nगामा तीसरा है।\n"
    filled, comments = adopted(tmp_path, english, hindi)
    assert filled["Notes"] == ("नोट्स", False)
    assert all(fuzzy for msgid, (_, fuzzy) in filled.items() if msgid != "Notes")
    assert "adopt: uncertain alignment (a block is added, dropped or merged near it), please review" in comments


def test_pairs_whose_elements_differ_are_never_approved(tmp_path: Path) -> None:
    """The translator swapped two paragraphs: one pairs by its link, the other is left."""
    english = "# Links\n\nSee [one](https://one.example).\n\nSee [two](https://two.example).\n"
    hindi = "# लिंक\n\n[दो](https://two.example) देखें।\n\n[एक](https://one.example) देखें।\n"
    filled, _ = adopted(tmp_path, english, hindi)
    approved = {msgid: msgstr for msgid, (msgstr, fuzzy) in filled.items() if not fuzzy}
    assert approved.pop("Links") == "लिंक"
    assert approved and all(
        [link.url for link in find_links(msgid)] == [link.url for link in find_links(msgstr)] for msgid, msgstr in approved.items()
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=8, unique=True),
    st.data(),
)
def test_numbered_paragraphs_pair_by_number_whatever_is_dropped_or_added(numbers: list[int], data: st.DataObject) -> None:
    """A translation that drops some paragraphs and adds some of its own: every certain pair
    has the same number on both sides (a pair by position alone would not)."""
    kept = data.draw(st.lists(st.sampled_from(numbers), unique=True, min_size=1))
    kept.sort(key=numbers.index)
    extra = data.draw(st.integers(min_value=0, max_value=len(kept)))
    english = "\n\n".join(f"Paragraph number {n} of the note, in plain words." for n in numbers) + "\n"
    parts = [f"नोट का अनुच्छेद संख्या {n}, सरल शब्दों में।" for n in kept]
    parts.insert(extra, "अनुवादक की अपनी टिप्पणी, जो मूल में नहीं है।")
    pairs = pair_segments(parse_note(english), parse_note("\n\n".join(parts) + "\n"))
    for pair in pairs:
        if pair.certain:
            assert pair.source.text.split()[2] == pair.translation.text.split()[4].rstrip(",")


def test_what_the_build_would_refuse_is_kept_fuzzy_with_why_and_counted(tmp_path: Path) -> None:
    """opensource.guide: a translator dropped the emphasis (`_technically_`), which the build's
    validator refuses; adopt used to approve it and count it as translated."""
    english = "# Rules\n\nA report that does not _technically_ break the code of 3 rules.\n\nThank you for 4 reports.\n"
    hindi = "# नियम\n\nएक रिपोर्ट जो तकनीकी रूप से 3 नियमों की संहिता नहीं तोड़ती।\n\n4 रिपोर्टों के लिए धन्यवाद।\n"
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a-en.md").write_text(english, encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a-hi.md").write_text(hindi, encoding="utf-8")
    for _ in range(2):  # adopting again: still refused, never counted as translated
        result = CliRunner().invoke(cli, ["-C", str(tmp_path), "adopt", "--lang", "hi", "--from", str(tmp_path / "old")])
        assert result.exit_code == 0, result.output
        assert "1 the build would not publish" in result.output
        assert "66.7% of entries translated" in result.output
    catalog = Catalog.load(tmp_path / "locales" / "hi" / "a-en.po")
    refused = catalog[(None, "A report that does not _technically_ break the code of 3 rules.")]
    assert refused.fuzzy and refused.tcomment.startswith("adopt: the build does not publish this: emphasis")
    assert not catalog[(None, "Thank you for 4 reports.")].fuzzy


def test_a_translator_s_links_to_translated_headings_are_adopted_as_the_english_ids(tmp_path: Path) -> None:
    """opensource.guide: ``[…](../building-community/#अपने-प्रोजेक्ट-का-स्वामित्व-साझा-करें)``
    leads to the translated heading on the translated page; the catalog holds the English id,
    which the build leads to that same heading, so the link publishes instead of being refused."""
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a-en.md").write_text(
        "# Guide\n\n## Before you start\n\nRead [the checklist](#before-you-start) and [sharing](b-en.md#share-ownership).\n",
        encoding="utf-8",
    )
    (tmp_path / "source_notes" / "b-en.md").write_text("# Other\n\n## Share ownership\n\nShare it.\n", encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a-hi.md").write_text(
        "# गाइड\n\n## शुरू करने से पहले\n\n[चेकलिस्ट](#शुरू-करने-से-पहले) और "
        "[साझा करना](b-en.md#%E0%A4%B8%E0%A5%8D%E0%A4%B5%E0%A4%BE%E0%A4%AE%E0%A4%BF%E0%A4%A4%E0%A5%8D%E0%A4%B5-%E0%A4%B8%E0%A4%BE%E0%A4%9D%E0%A4%BE-%E0%A4%95%E0%A4%B0%E0%A5%87%E0%A4%82) पढ़ें।\n",
        encoding="utf-8",
    )
    (tmp_path / "old" / "b-hi.md").write_text("# अन्य\n\n## स्वामित्व साझा करें\n\nइसे साझा करें।\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "adopt", "--lang", "hi", "--from", str(tmp_path / "old")])
    assert result.exit_code == 0, result.output
    assert " 0 the build would not publish" in result.output
    entry = Catalog.load(tmp_path / "locales" / "hi" / "a-en.po")[
        (None, "Read [the checklist](#before-you-start) and [sharing](b-en.md#share-ownership).")
    ]
    assert entry.msgstr == "[चेकलिस्ट](#before-you-start) और [साझा करना](b-en.md#share-ownership) पढ़ें।"
    assert not entry.fuzzy
