from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.clean import clean_article, clean_text
from sitrep.config import LimitsConfig
from sitrep.read import read_paths
from sitrep.records import Article

CASES = [
    # template artefacts
    ("%MINIFYHTMLc0c4facb3a8439e1a21098570de0933011% Text.", "Text."),
    ("A%MINIFYHTMLabc12%B", "A B"),
    ("Advertisement\n\nText.", "Text."),
    ("Text.\nSHARE THIS ARTICLE:\nMore.", "Text.\n\nMore."),
    ("Read more »\nText.", "Text."),
    ("Share your views on this.", "Share your views on this."),
    (" .\nText.", "Text."),
    ("Text.\n* * *\nMore.", "Text.\n\nMore."),
    ('"he added. .', '"he added.'),
    ('he said." .', 'he said."'),
    ("wait . . .", "wait . . ."),
    # whitespace
    ("a\u00a0b\u202fc\td   e", "a b c d e"),
    ("One.\r\nTwo.\r\n\r\n\r\n\r\nThree.", "One.\nTwo.\n\nThree."),
    ("One.\u2029Two.\x0cThree.", "One.\nTwo.\nThree."),
    ("  \n\n  Text.  \n\n  ", "Text."),
    # invisible characters
    ("Ka\u200bbul\ufeff attack\u00ad.", "Kabul attack."),
    ("\ufeffText\x00 with\x07 controls\x9b.", "Text with controls."),
    ("\u202bRTL\u202c mark\u200f.", "RTL mark."),
    ("lone \ud800surrogate", "lone surrogate"),
    ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ is Persian spelling
    # Unicode normalisation and mojibake
    ("cafe\u0301", "café"),
    ("cafÃ© donâ€™t", "café don’t"),
    ("Ã\u0192Â©", "é"),  # encoded twice
    ("Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©", "العربية"),
    ("ESPAÑ”", "ESPAÑ”"),  # not mojibake: left alone
    ("Â£5 and â‚¬3", "£5 and €3"),
    # character references a scraper left
    ("AT&amp;T said &#8220;two&#x201D; were&nbsp;killed", "AT&T said “two” were killed"),
    ("1 &amp;amp;lt; 2", "1 < 2"),
    ("Q&A and &foo; and https://x.org/?a=1&para=2", "Q&A and &foo; and https://x.org/?a=1&para=2"),
    ("&#0;&#xD800;text", "\ufffd\ufffdtext"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "clean"), CASES)
def test_clean_text_cases(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(("raw", "clean"), CASES)
def test_clean_text_is_idempotent(raw, clean):
    assert clean_text(clean_text(raw)) == clean_text(raw)


def test_seed_cleans_to_article_start_and_keeps_every_sentence(seed_path):
    [article] = read_paths([seed_path], LimitsConfig())
    cleaned = clean_article(article)
    assert cleaned.text.startswith("At least 22 Turkish soldiers")
    assert "MINIFYHTML" not in cleaned.text
    assert cleaned.text.endswith('(crisis in Idlib)."')
    assert "he added." in cleaned.text and "added. ." not in cleaned.text
    raw_paragraphs = [p.strip() for p in article.text.split("\n\n") if "MINIFY" not in p]
    assert len(cleaned.text.split("\n\n")) == len(raw_paragraphs) == 11
    for raw, clean in zip(raw_paragraphs, cleaned.text.split("\n\n"), strict=True):
        assert clean == raw.removesuffix(" .")
    assert clean_text(cleaned.text) == cleaned.text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (" Air  strike\nin Idlib ", "Air strike in Idlib"),
        ("Share this article", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_article_cleans_title(title, expected):
    article = clean_article(Article(text="Text\u200b.", title=title, url="u"))
    assert article.title == expected
    assert article.text == "Text."
    assert article.url == "u"


_HOSTILE = "\ud800\udfff\u200b\u200c\u200d\u200e\u200f\u202e\u2066\ufeff\x00\x1b\x85\u0301"
_HOSTILE += '\r\n\u2028\xa0\xad ÃÂâ€™©\x81\x9d\x83Ø§Ù.!?"”)'
hostile_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_HOSTILE)))
hostile_documents = st.lists(
    st.one_of(
        hostile_text,
        st.sampled_from(
            ["%MINIFYHTML", "ab12%", "Advertisement", "\n\n", " .", "Ã©", "â€™", "&amp;", "&#"]
        ),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(hostile_documents)
def test_clean_text_never_raises_and_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert not any("\ud800" <= char <= "\udfff" for char in once)
    assert "\n\n\n" not in once and once == once.strip()


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_clean_text_is_idempotent_on_decoded_binary(data):
    text = data.decode("latin-1")
    once = clean_text(text)
    assert clean_text(once) == once
