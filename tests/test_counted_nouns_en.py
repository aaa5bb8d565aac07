""""How many X …?" in English: the quote must count something like X; and a name the encoder does not know is found
by its spelling. Found on a collection (``eval/corpus_s22``) written before the system ran on it; checked on the other
gold sets (README, session 22)."""
import pytest

from conftest import answers_with, engine_over, eval_articles


@pytest.fixture(scope="module")
def ship_engine(tmp_path_factory, embedder):
    """A real index of two articles: a dateline report on the Ever Given blocking the Suez Canal, full of numbers of
    things, and a life of al-Razi."""
    files = [f for f in eval_articles("corpus_s22") if f.name in ("ever_given.txt", "razi.txt")]
    return engine_over(tmp_path_factory, embedder, "s22", files)


def test_the_counted_noun_of_an_english_question():
    """The noun counted stops at an auxiliary, a preposition or a verb in -ed."""
    from qa.answer import counted_noun_en

    assert counted_noun_en("How many crew members were on board?") == ["crew", "members"]
    assert counted_noun_en("How many pilgrims died during the Hajj?") == ["pilgrims"]
    assert counted_noun_en("How many hectares burned?") == ["hectares"]
    assert counted_noun_en("Into how many climates did Idrisi divide the world?") == ["climates"]
    assert counted_noun_en("When did the ship run aground?") == []


def test_a_number_of_other_things_does_not_answer_how_many(ship_engine):
    """The report counts containers, tugboats, ships and dollars, never the crew: "How many crew members were on
    board?" had been answered with the wind's 40 knots. The containers it counts still answer their question."""
    from qa.answer import _counts_en

    crew = ship_engine.ask("How many crew members were on board?")
    assert crew.abstained and not crew.answers
    assert answers_with(ship_engine.ask("How many containers was the ship carrying?"), "18 ألف حاوية")
    assert _counts_en(["tugboats"], "شاركت فيها 14 قاطرة، بينها القاطرة الهولندية", 0.4)
    assert not _counts_en(["crew", "members"], "بلغت سرعتها 40 عقدة وعاصفة رملية", 0.4)
    assert _counts_en(["people"], "بلغت سرعتها 40 عقدة", 0.4)  # people are counted by any noun ("5674 جريحا")
    assert not _counts_en(["tugboats"], "أفقدت السفينة القدرة على التوجيه", 0.4)  # no number counts anything


def test_a_name_the_encoder_does_not_know_is_found_by_its_spelling(ship_engine):
    """"al-Hawi" is transliterated حاوي, which spells the book الحاوي (stem حاو): the name bridge gives BM25 and the
    sentence ranking that word. The encoder alone had found the Suez Canal's share of world trade, and abstained."""
    from qa.retrieve import name_bridge, name_terms

    question = "How many volumes does al-Hawi have?"
    assert any("حاو" in found for found in name_bridge(ship_engine.index, name_terms(question)))
    assert answers_with(ship_engine.ask(question), "ثلاثة وعشرين مجلدا")
    assert name_bridge(ship_engine.index, name_terms("Where was Marie Curie born?")) == []  # spelt nowhere here
