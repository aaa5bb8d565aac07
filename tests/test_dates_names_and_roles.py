"""Dates, names and roles: behaviours found on three collections (``eval/corpus_s16``, ``eval/corpus_s16b``,
``eval/corpus_s16c``) written before the system ran on them, and checked on the other gold sets."""
import pytest

from conftest import engine_over, eval_articles


@pytest.fixture(scope="module")
def s16_engine(tmp_path_factory, embedder):
    """A real index of nine articles: Cyclone Shaheen, Expo 2020 Dubai and the Aramco listing (dateline reports), Zaha
    Hadid, Ahmed Zewail and Alzheimer's disease (headings), pearl diving, the Arabian camel and the Battle of Hattin
    (titles with a colon)."""
    return engine_over(tmp_path_factory, embedder, "s16", eval_articles("corpus_s16", "corpus_s16b", "corpus_s16c"))


def test_a_calendar_date_says_more_than_a_weekday():
    """A year or a month names the day; "يوم الثلاثاء" or "منذ أكثر من قرن" names it only near the report's own date,
    and an hour less still. "عام 980" is a year of the calendar too."""
    from qa.answer import _CALENDAR, _DATE, _TIME
    from qa.normalize import normalize

    for calendar in ("مساء الأحد 3 أكتوبر 2021", "ولد عام 980 للميلاد", "في سنة ١٣٠٤", "في يونيو"):
        assert _CALENDAR.search(normalize(calendar)), calendar
    for vaguer in ("يوم الثلاثاء", "منذ أكثر من قرن", "في العام نفسه"):
        assert _DATE.search(normalize(vaguer)) and not _CALENDAR.search(normalize(vaguer)), vaguer
    assert _TIME.search(normalize("نحو الساعة السادسة مساء")) and not _CALENDAR.search(normalize("الساعة السادسة"))


def test_a_number_the_question_writes_is_not_its_answer(s16_engine):
    """"متى اختتم معرض إكسبو 2020 دبي؟": the headline "إكسبو 2020 دبي يسدل الستار" holds 2020, the name's number, and
    no date; the sentence giving "31 مارس 2022" answers. A how-many question is not answered by its own number."""
    from qa.answer import _as_asked
    from qa.normalize import normalize

    own = _as_asked("متى اختتم معرض اكسبو 2020 دبي؟")
    assert "2020" not in own(normalize("إكسبو 2020 دبي يسدل الستار")) and "2022" in own("31 مارس 2022")
    assert "12020" in own("12020") and "2020.5" in own("2020.5")  # only the number itself
    r = s16_engine.ask("متى اختتم معرض اكسبو 2020 دبي؟")
    assert not r.abstained and "31 مارس 2022" in r.answers[0].text


def test_a_role_holder_named_before_the_role_answers_who_holds_it(s16_engine):
    """"من هي المديرة العامة للمعرض؟": "وقالت ريم الهاشمي، المديرة العامة للمعرض، إن ..." names her in apposition,
    before the role; it had been abstained on as naming no one. "وأعلن وزير الداخلية أن ..." still names no one."""
    from qa.answer import _names_holder
    from qa.normalize import normalize

    assert _names_holder("مدير", normalize("وقالت ريم الهاشمي، المديرة العامة للمعرض، إن الحدث"))
    assert not _names_holder("وزير", normalize("وأعلن وزير الداخلية أن الحكومة"))
    r = s16_engine.ask("من هي المديرة العامة للمعرض؟")
    assert not r.abstained and "ريم الهاشمي" in r.answers[0].text


def test_a_capitalized_kin_word_inside_a_question_is_a_name(s16_engine):
    """"How many employees did Zaha Hadid Architects have?": Architects is the firm's name, not "who was the
    architect", so the quote need not name an architect; "Who was Zaha Hadid's father?" still asks for a father,
    in lower case too."""
    from qa.answer import kin_asked

    assert kin_asked("How many employees did Zaha Hadid Architects have?") is None
    assert kin_asked("Who designed the Sheikh Zayed Bridge?") is not None
    assert kin_asked("who was the architect of the bridge") is not None
    r = s16_engine.ask("How many employees did Zaha Hadid Architects have?")
    assert not r.abstained and "400" in r.answers[0].text


def test_what_is_the_name_of_x_wants_a_name(s16_engine):
    """"ما اسم X؟" is answered by a quote that names it: X followed by a name ("بحيرة ناصر"), or a naming word
    ("يسمى الفطام"). "وقال وزير التربية الوطنية في ندوة صحفية" names no minister. The stemmer takes
    ب from the indefinite بحيرة (حير) but not from البحيرة (بحير): the word is read with the article too."""
    from qa.answer import _NAMING, _names_holder
    from qa.normalize import normalize

    assert _NAMING.search(normalize("ويضع على أنفه مشبكاً من عظم السلحفاة يسمى الفطام"))
    assert _names_holder("بحير", normalize("فتكونت خلفه بحيرة ناصر"))
    r = s16_engine.ask("ما اسم المشبك الذي يضعه الغواص على أنفه؟")
    assert not r.abstained and "الفطام" in r.answers[0].text
    assert not _names_holder("زير", normalize("وقال وزير التربية الوطنية في ندوة صحفية بالرباط"))


def test_the_numbers_of_a_date_are_no_quantity(s16_engine):
    """"كم قتيلا سقط في معركة حطين؟": the article dates the battle ("4 يوليو 1187") and counts the two armies, never
    the dead; the date had held the number asked for. "ما اللقب ... نسبة إلى إحدى أغانيها؟" ("after") asks for no share."""
    from qa.answer import _holds, question_type
    from qa.normalize import normalize

    for date in ("دارت في 4 يوليو 1187 قرب قرية حطين", "وصف عام 1906 حالة مريضة", "في الثالث من مايو 2020"):
        assert not _holds("number", normalize(date)), date
    for quantity in ("بلغ 30 ألف مقاتل", "في 4 يوليو قتل 30 شخصا", "يبلغ طوله 842 متراً وافتتح عام 2010"):
        assert _holds("number", normalize(quantity)), quantity
    assert question_type("ما اللقب الذي يطلق على فيروز نسبة الى احدى أغانيها؟") is None
    assert question_type("ما نسبة الأسهم المخصصة للأفراد؟") == "number"
    assert s16_engine.ask("كم قتيلا سقط في معركة حطين؟").abstained
    r = s16_engine.ask("كم كان عدد جيش صلاح الدين؟")
    assert not r.abstained and "30 ألف" in r.answers[0].text


def test_a_hollow_verb_matches_its_root():
    """"من قاد الجيش؟": قاد is ق-و-د, as in "بقيادة الملك"; ISRI leaves قاد as it is and gives قيد for قيادة."""
    from qa.answer import holds_predicate
    from qa.normalize import tokens

    assert holds_predicate("قاد", tokens("بقيادة الملك غي دي لوزينيان"))
    assert holds_predicate("زار", tokens("خلال زيارته الأولى"))
    assert not holds_predicate("قاد", tokens("وبلغ عدد جيش صلاح الدين"))


def test_a_pronoun_the_stem_could_not_lose_keeps_the_first_letters(s16_engine):
    """والدها is والد + ها, not و + ال + دها: the article never takes a pronoun, and a stem of one letter is none. So
    "من هو والد زها حديد؟" finds "كان والدها محمد حديد" (it had been abstained on: والد stemmed الد, والدها دها).
    وزنها is وزن + ها and بيتها بيت + ها; ومنها، وفيها and وإلى keep the stems they had."""
    from qa.normalize import normalize, stem

    for word, expected in (("والد", "والد"), ("والدها", "والد"), ("الوالد", "والد"), ("وزنها", "وزن"), ("بيتها", "بيت"),
                           ("وإلى", "الي"), ("ومنها", "منه"), ("والسد", "سد"), ("وقتها", "وقت")):
        assert stem(normalize(word)) == expected, word
    r = s16_engine.ask("من هو والد زها حديد؟")
    assert not r.abstained and "محمد حديد" in r.answers[0].text


def test_a_question_term_is_read_in_the_form_the_collection_uses(s16_engine):
    """The stemmer keeps ب or ل before three letters (بمرض, لمرض) and takes it from longer words: "ما البروتينات
    المرتبطة بمرض ألزهايمر؟" looks for بمرض, which the collection never writes; its مرض is what it uses."""
    from qa.retrieve import collection_form, query_terms

    ix = s16_engine.index
    (absent, used), _ = ix.store.doc_freq(["بمرض", "مرض"])
    assert absent == 0 and used > 0
    assert collection_form(ix, "بمرض") == "مرض" and collection_form(ix, "مرض") == "مرض"
    assert "بمرض" in query_terms("ما البروتينات المرتبطة بمرض ألزهايمر؟")
    assert "مرض" in query_terms("ما البروتينات المرتبطة بمرض ألزهايمر؟", ix)
    assert collection_form(ix, "كلمةلاتوجد") == "كلمةلاتوجد"  # a word in no form stays as it is
