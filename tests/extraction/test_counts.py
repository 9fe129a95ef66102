"""Counts: numbers and qualifiers coded the ACLED way, killed kept apart from injured, revisions."""

from __future__ import annotations

import pytest

from sitrep.extraction.counts import Count, find_counts, parse_number, parse_quantity


def _counts(sentence: str) -> list[Count]:
    return find_counts(sentence, 0, len(sentence))


def _killed(sentence: str) -> list[Count]:
    return [c for c in _counts(sentence) if c.kind == "killed"]


def _injured(sentence: str) -> list[Count]:
    return [c for c in _counts(sentence) if c.kind == "injured"]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("22", 22),
        ("1,200", 1200),
        ("twenty-two", 22),
        ("twenty two", 22),
        ("Twenty-Two", 22),
        ("seven", 7),
        ("3.6 million", 3_600_000),
        ("a million", 1_000_000),
        ("a dozen", 12),
        ("two hundred", 200),
        ("five thousand", 5000),
    ],
)
def test_parse_number_reads_digits_words_and_scales(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("dozens", 12),
        ("tens", 10),
        ("hundreds", 100),
        ("thousands", 1000),
        ("several", 3),
        ("multiple", 3),
        ("numerous", 4),
        ("many", 4),
    ],
)
def test_parse_number_codes_vague_words_with_the_codebook_numbers(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize("words", ["", "soldiers", "some", "none", "a lot", "22 soldiers"])
def test_parse_number_refuses_what_is_not_a_number(words: str) -> None:
    assert parse_number(words) is None


def test_parse_number_refuses_counts_larger_than_the_world() -> None:
    assert parse_number("99999999999") is None


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier", "low", "high"),
    [
        ("22", 22, "exact", 22, 22),
        ("at least 22", 22, "at_least", 22, None),
        ("more than 30", 31, "more_than", 31, None),
        ("over 100", 101, "more_than", 101, None),
        ("almost a million", 1_000_000, "up_to", None, 1_000_000),
        ("nearly 40", 40, "up_to", None, 40),
        ("up to 15", 15, "up_to", None, 15),
        ("about 20", 20, "about", None, None),
        ("around 20", 20, "about", None, None),
        ("some 20", 20, "about", None, None),
        ("between three and six", 3, "at_least", 3, 6),
        ("between 6 and 3", 3, "at_least", 3, 6),
        ("twenty-two", 22, "exact", 22, 22),
    ],
)
def test_parse_quantity_keeps_the_qualifier_and_the_range(
    phrase: str, value: int, qualifier: str, low: int | None, high: int | None
) -> None:
    q = parse_quantity(phrase)
    assert q is not None
    assert (q.value, q.qualifier, q.low, q.high) == (value, qualifier, low, high)


def test_more_than_keeps_the_number_as_said_for_figures() -> None:
    q = parse_quantity("more than 30")
    assert q is not None and q.said == 30 and q.value == 31


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("dozens", 12), ("tens", 10), ("hundreds", 100), ("several", 3), ("dozens of", 12)],
)
def test_vague_quantities_count_their_codebook_value_at_least(phrase: str, value: int) -> None:
    q = parse_quantity(phrase)
    assert q is not None
    assert (q.value, q.qualifier, q.low) == (value, "at_least", value)


def test_a_stated_number_is_more_precise_than_a_vague_word() -> None:
    stated, vague = parse_quantity("12"), parse_quantity("dozens")
    assert stated is not None and vague is not None
    assert stated.level > vague.level


@pytest.mark.parametrize("phrase", ["", "soldiers", "between three and six soldiers"])
def test_parse_quantity_refuses_words_without_a_number(phrase: str) -> None:
    assert parse_quantity(phrase) is None


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("At least 22 soldiers were killed and 15 others were wounded.", [22], [15]),
        ("Five people were injured in the blast.", [], [5]),
        ("The blast killed three civilians and wounded seven.", [3], [7]),
        ("The attack wounded 10 people and killed 4.", [4], [10]),
        ("Four soldiers were killed and two wounded.", [4], [2]),
        ("Six people died and 11 were hurt.", [6], [11]),
        ("The bombing left 12 dead and 40 injured.", [12], [40]),
        ("Hundreds were injured.", [], [100]),
        ("Tens of people were killed.", [10], []),
        ("The attack killed dozens of people.", [12], []),
        ("More than 30 people were killed.", [31], []),
        ("Twenty-two soldiers were killed.", [22], []),
        ("Between three and six police officers were killed.", [3], []),
        ("Gunmen shot dead two farmers.", [2], []),
        ("A policeman was wounded.", [], [1]),
    ],
)
def test_killed_and_injured_are_counted_apart(
    sentence: str, killed: list[int], injured: list[int]
) -> None:
    assert [c.quantity.value for c in _killed(sentence) if c.quantity] == killed
    assert [c.quantity.value for c in _injured(sentence) if c.quantity] == injured


def test_injured_mentioned_without_a_number_is_a_count_with_no_quantity() -> None:
    (hurt,) = _injured("Nine soldiers were killed and others were injured.")
    assert hurt.quantity is None


def test_count_offsets_cover_the_quantity_words_and_the_statement() -> None:
    sentence = "Officials said at least 22 Turkish soldiers have been killed."
    (count,) = _killed(sentence)
    assert sentence[count.start : count.end] == "at least 22"
    assert "killed" in sentence[count.clause_start : count.clause_end]
    assert count.victims == "Turkish soldiers"


def test_offsets_index_the_whole_text_when_the_sentence_is_inside_it() -> None:
    text = "Headline.\n\nThree soldiers were killed."
    start = text.index("Three")
    (count,) = find_counts(text, start, len(text))
    assert text[count.start : count.end] == "Three"


@pytest.mark.parametrize(
    "sentence",
    [
        "No one was hurt in the attack.",
        "Nobody was killed.",
        "No one was killed or injured.",
        "Hundreds protested the death of a colleague.",
    ],
)
def test_no_one_hurt_and_mourned_deaths_are_no_counts(sentence: str) -> None:
    assert [c for c in _counts(sentence) if c.quantity] == []


@pytest.mark.parametrize(
    ("sentence", "earlier", "current"),
    [
        ("He previously said that nine soldiers were killed in the air raid.", [9], []),
        ("Officials had earlier reported that five people were killed.", [5], []),
        ("The death toll rose from nine to 22.", [9], [22]),
        ("The toll rose from nine to 22, officials said.", [9], [22]),
        ("The death toll has increased to 22.", [], [22]),
    ],
)
def test_earlier_figures_are_marked_as_revisions(
    sentence: str, earlier: list[int], current: list[int]
) -> None:
    killed = _killed(sentence)
    assert [c.quantity.value for c in killed if c.revision and c.quantity] == earlier
    assert [c.quantity.value for c in killed if not c.revision and c.quantity] == current


@pytest.mark.parametrize(
    "sentence",
    [
        "Two more soldiers died of their wounds in hospital.",
        "Another three people were killed.",
        "Three other soldiers were killed later.",
        "Two further deaths were reported.",
        "Also killed were two more policemen.",
    ],
)
def test_counts_said_to_be_more_are_additive(sentence: str) -> None:
    killed = _killed(sentence)
    assert killed and all(c.additive for c in killed)


def test_a_plain_count_is_neither_revision_nor_additive() -> None:
    (count,) = _killed("Three soldiers were killed.")
    assert not count.revision and not count.additive


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        # Victim arithmetic: coordinated victims count together, "another" is one more.
        ("Gunmen fired on the van, killing two engineers and their local driver.", [3], []),
        ("Officials said 10 men were shot to death at the farm.", [10], []),
        ("A teacher was shot and killed outside the school on Monday.", [1], []),
        ("Bandits shot and killed a herder near the river.", [1], []),
        ("Three traders were abducted and killed on the highway.", [3], []),
        ("A watchman was found dead at the depot.", [1], []),
        ("The raiders killed one guard and wounded another one.", [1], [1]),
        ("Two men were stabbed to death and another was injured.", [2], [1]),
        ("One pupil died and 14 others, including two teachers, were injured.", [1], [14]),
        ("Nine villagers sustained gunshot wounds in the raid.", [], [9]),
        # A second group before an aside in brackets still counts.
        ("Raiders killed four herders and two boys (all from one clan).", [6], []),
        # A group "of N" is N people, not one.
        ("A family of five were killed when the house was shelled.", [5], []),
        ("Gunmen killed a household of three near the well.", [3], []),
        ("Two rangers (both reservists) and a porter were killed in the ambush.", [3], []),
        # A killing told as a noun counts like a death; one protested is no count.
        ("The fighting led to the killing of two shepherds.", [2], []),
        ("Teachers marched to protest the killing of a pupil.", [], []),
        # One of a group taken or hurt who is killed is a new death; of a group killed, not.
        ("Bandits kidnapped six travellers and shot one of them.", [], []),
        ("Bandits kidnapped six travellers and killed one of them.", [1], []),
        ("Five soldiers were killed and one of them was an officer.", [5], []),
        # The weapon in hand between the killing and its victims says how, not whom.
        ("Raiders killed with spears three cattle keepers.", [3], []),
        ("The herder was killed by two raiders.", [], []),
    ],
)
def test_common_phrasings_count_every_victim_once(
    sentence: str, killed: list[int], injured: list[int]
) -> None:
    assert [c.quantity.value for c in _killed(sentence) if c.quantity] == killed
    assert [c.quantity.value for c in _injured(sentence) if c.quantity] == injured


def test_another_one_adds_one_more_person() -> None:
    (hurt,) = _injured("The raiders killed one guard and wounded another one.")
    assert hurt.additive and hurt.quantity is not None and hurt.quantity.value == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "The blast tore through the bus station, killing and injuring six people.",
        "Six people were killed and injured when the device went off.",
    ],
)
def test_dead_and_hurt_told_as_one_number_count_one_death_at_least(sentence: str) -> None:
    (dead,) = _killed(sentence)
    assert dead.quantity is not None
    assert (dead.quantity.value, dead.quantity.qualifier, dead.quantity.high) == (
        1,
        "at_least",
        5,
    )
    (hurt,) = _injured(sentence)
    assert hurt.quantity is None  # injured mentioned, their number not given


def test_another_before_a_number_is_that_number() -> None:
    (hurt,) = _injured("A mine killed four herders, and another two were wounded.")
    assert hurt.quantity is not None and hurt.quantity.value == 2


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # The people before an active verb with an object did the killing.
        ("Three masked men shot and killed a bus conductor on the bridge.", [1]),
        ("Two gunmen shot dead a tailor outside his shop.", [1]),
        # Dying needs no "was": "a policeman died" is one death.
        ("A policeman died of the wounds he sustained in the ambush.", [1]),
        # A range of digits counts its low end.
        ("Between them, 12-15 herders were killed at the well.", [12]),
    ],
)
def test_killers_ranges_and_single_deaths_are_read_as_said(
    sentence: str, killed: list[int]
) -> None:
    assert [c.quantity.value for c in _killed(sentence) if c.quantity] == killed
