from __future__ import annotations

import pytest

from sitrep.geocode._names import fold, is_latin, translit_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kandahār", "kandahar"),
        ("Sar-e Pul", "sar e pul"),
        ("Nad ‘Ali", "nad ali"),
        ("  ŞANLIURFA ", "sanliurfa"),
    ],
)
def test_fold_gives_lowercase_ascii_words(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kunar", "Konar"),
        ("Paktia", "Paktiya"),
        ("Kandahar", "Qandahar"),
        ("Uruzgan", "Oruzgan"),
        ("Nahr-e Saraj", "Nahri Sarraj"),
    ],
)
def test_transliterations_share_a_key(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize(("a", "b"), [("Helmand", "Herat"), ("Khost", "Kabul")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


@pytest.mark.parametrize(("text", "latin"), [("Idlib", True), ("Kunaṟ", True), ("ادلب", False)])
def test_is_latin_rejects_other_scripts(text: str, latin: bool) -> None:
    assert is_latin(text) is latin
