"""Section headings, a kin's deeds, ages, places and the kind of body asked for: behaviours found on two collections
(``eval/corpus_s21``, ``eval/corpus_s21b``) written before the system ran on them, checked on the other gold sets."""
import pytest

from conftest import answers_with, engine_over, eval_articles


@pytest.fixture(scope="module")
def s21_engine(tmp_path_factory, embedder):
    """A real index of seven articles: Iraq's dust storm and the Aqaba gas leak (dateline reports), al-Mutanabbi, Ibn
    Zaydun and Ibn Tufail (headings), zellige and Palestinian embroidery (titles with a colon)."""
    files = eval_articles("corpus_s21", "corpus_s21b") + [f for f in eval_articles("corpus_s17b")
                                                          if f.name == "ibn_tufail.txt"]
    return engine_over(tmp_path_factory, embedder, "s21", files)


def test_a_section_heading_names_the_subject_of_the_sentences_under_it(s21_engine):
    """Under the heading "حي بن يقظان", "فترضعه ظبية" is about the tale's hero, as a sentence under an article's title
    is about the title's subject; the lead sentence, which names the tale, had been quoted instead."""
    from qa.normalize import tokens

    ix = s21_engine.index
    under = next(i for i in range(len(ix.sentences)) if "فترضعه ظبية" in ix.text(ix.sentences, i))
    assert set(tokens("حي بن يقظان")) <= ix.section_tokens(under)
    assert not ix.section_tokens(0)  # an article's first line is its title, not a section's heading
    assert answers_with(s21_engine.ask("من أرضعت حي بن يقظان؟"), "فترضعه ظبية")


def test_a_verb_followed_by_a_kin_tells_of_the_kin(s21_engine):
    """"ولد ابن زيدون في قرطبة ...، وتوفي أبوه وهو في الحادية عشرة" tells of his father's death: it does not answer
    "متى توفي ابن زيدون؟" (the sentence under "وفاته" does), but does answer a question about the father."""
    from qa.answer import _kin_did

    assert _kin_did("توف", "ولد ابن زيدون في قرطبه، وتوفي ابوه وهو في الحاديه عشره")
    assert not _kin_did("توف", "توفي ابن زيدون في اشبيليه سنه 1071")
    assert answers_with(s21_engine.ask("متى توفي ابن زيدون؟"), "1071")
    assert answers_with(s21_engine.ask("أين توفي ابن زيدون؟"), "إشبيلية")
    assert answers_with(s21_engine.ask("متى توفي والد ابن زيدون؟"), "وتوفي أبوه")


def test_an_age_is_a_number_or_a_stage_of_life():
    """"في أي سن …؟" and "At what age …?" ask for an age, which "في التاسعة من عمره" or "في الطفولة" gives."""
    from qa.answer import _holds, question_type
    from qa.normalize import normalize

    for q in ("في أي سن قال المتنبي الشعر أول مرة؟", "ما عمر الشجرة؟", "At what age did he lose his father?"):
        assert question_type(q) == "number", q
    assert question_type("من هو عمر بن الخطاب؟") is None
    assert _holds("number", normalize("ويظهر غالبا في الطفولة أو المراهقة"))
    assert not _holds("number", normalize("ويظهر غالبا عند الأطفال"))


def test_ages_days_and_a_feminine_dual_are_the_quantities_asked_for(s21_engine):
    """An age asked in English finds "في الحادية عشرة من عمره"; "How many dusty days" is a length of time (it had
    been read as a count, which "272 يوما" is not, and abstained on); "طائرتين" is two of the "كم طائرة" asked."""
    assert answers_with(s21_engine.ask("At what age did Ibn Zaydun lose his father?"), "الحادية عشرة من عمره")
    assert answers_with(s21_engine.ask("How many dusty days a year could Iraq see by 2050?"), "300 يوم")
    assert answers_with(s21_engine.ask("كم طائرة أرسلت القوات المسلحة لنقل الحالات الحرجة؟"), "طائرتين")


def test_near_and_outskirts_name_a_place(s21_engine):
    """"قرب دير العاقول" answers "أين قتل المتنبي؟" (not "فعاد يقاتل حتى قتل مع ابنه محسد.", which says no place);
    "ضواحي قرطبة" where Ibn Zaydun hid."""
    from qa.answer import _holds
    from qa.normalize import normalize

    assert _holds("place", normalize("واختبأ في ضواحي قرطبة")) and _holds("place", normalize("قتل قرب دير العاقول"))
    assert answers_with(s21_engine.ask("أين قتل المتنبي؟"), "قرب دير العاقول")


def test_a_name_asked_for_needs_a_quote_that_names(s21_engine):
    """"What was the name of the ship?": the sentence about the ship calls it nothing; "سمى شرحه "معجز أحمد"" names."""
    assert s21_engine.ask("What was the name of the ship?").abstained
    assert answers_with(s21_engine.ask("What is the name of al-Maarri's commentary on al-Mutanabbi's diwan?"),
                        "معجز أحمد")


def test_the_kind_of_body_asked_for_must_be_named(s21_engine):
    """"Which school …?", "في أي مدرسة …؟": "ودرس الأدب واللغة على شيوخ قرطبة" names no school; "منظمة اليونسكو"
    names the organization asked for."""
    from qa.answer import kin_asked

    assert kin_asked("Which team won the opening match?") is None  # a team is named by its country alone
    assert kin_asked("في أي مدينة ولد؟") is None  # a place is asked for as a place
    assert s21_engine.ask("Which school did Ibn Zaydun attend?").abstained
    assert s21_engine.ask("في أي مدرسة درس ابن زيدون؟").abstained
    assert answers_with(s21_engine.ask("Which organization listed Palestinian embroidery as heritage?"), "اليونسكو")
    assert answers_with(s21_engine.ask("أي منظمة أدرجت التطريز الفلسطيني في قائمة التراث؟"), "اليونسكو")


def test_how_long_is_a_line_asks_for_a_length():
    """"How long is the Al Boraq line?" asks for a length (a line, road, canal …); "How long is a camel's pregnancy?"
    stays a number, which a length of time gives."""
    from qa.answer import question_type

    assert question_type("How long is the Al Boraq line?") == "length"
    assert question_type("How long is the Suez Canal?") == "length"
    assert question_type("How long is a camel's pregnancy?") == "number"
