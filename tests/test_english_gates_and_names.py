"""English questions: "How many X …?" wants a quote counting something like X; a name the encoder does not know is
found by its spelling; the sentence naming the role asked is quoted first. Found on collections (``eval/corpus_s22``)
written before the system ran on them; checked on the other gold sets (README, session 22)."""
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


@pytest.fixture(scope="module")
def hajj_engine(tmp_path_factory, embedder):
    """A real index of three articles: a dateline report on the deaths in the 2024 Hajj heat, which quotes the health
    minister; Ibn al-Baytar; Nablus soap."""
    return engine_over(tmp_path_factory, embedder, "s19b", eval_articles("corpus_s19b"))


def test_the_sentence_naming_the_role_asked_is_quoted_first(hajj_engine):
    """"Who is the Saudi health minister?": the dateline sentence (the ministry's announcement) scores best but names
    no minister, and would be abstained on; "وقال وزير الصحة فهد الجلاجل …", close behind, answers."""
    import dataclasses

    question = "Who is the Saudi health minister?"
    assert answers_with(hajj_engine.ask(question), "فهد الجلاجل")
    without = dataclasses.replace(hajj_engine, weights=dataclasses.replace(hajj_engine.weights, role_first=0.0))
    assert without.ask(question).abstained
