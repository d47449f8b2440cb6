"""Pseudonyms: case-insensitive whole-word replacement of real names, and finding one left."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.pseudonyms import Pseudonyms


@dataclass
class _Entity:
    name: str
    pseudonym: str = ""
    aliases: tuple[str, ...] = ()


def test_whole_words_any_case_and_any_spacing() -> None:
    names = Pseudonyms([("Carl Ferrer", "Witness A")])
    text = "CARL FERRER met carl\n ferrer; Carlton and Carl Ferrers stayed. (Carl Ferrer)"
    assert names.apply(text) == (
        "Witness A met Witness A; Carlton and Carl Ferrers stayed. (Witness A)"
    )


def test_the_longer_name_wins_and_aliases_count() -> None:
    names = Pseudonyms.of_entities(
        [
            _Entity("Ferrer", "F."),
            _Entity("Carl Ferrer", "Witness A", aliases=("C. Ferrer",)),
            _Entity("Salesforce"),  # no pseudonym: left as it is
        ]
    )
    assert names.apply("Carl Ferrer, C. Ferrer, Ferrer and Salesforce") == (
        "Witness A, Witness A, F. and Salesforce"
    )
    assert set(names.real_names) == {"Ferrer", "Carl Ferrer", "C. Ferrer"}


def test_names_with_regex_characters_are_taken_literally() -> None:
    names = Pseudonyms([("A.B. (Jr.)", "Survivor 1")])
    assert names.apply("seen: A.B. (Jr.) and AxB (Jr.)") == "seen: Survivor 1 and AxB (Jr.)"


def test_find_names_the_entity_the_text_and_the_line() -> None:
    names = Pseudonyms([("Carl Ferrer", "Witness A")])
    found = names.find("first line\nsecond: carl ferrer said")
    assert found is not None
    assert (found.name, found.written, found.line) == ("Carl Ferrer", "carl ferrer", 2)
    assert names.find("Witness A said; Carlton too") is None


def test_no_pseudonyms_change_nothing() -> None:
    names = Pseudonyms.of_entities([_Entity("Carl Ferrer")])
    assert not names
    assert names.apply("Carl Ferrer") == "Carl Ferrer"
    assert names.find("Carl Ferrer") is None
