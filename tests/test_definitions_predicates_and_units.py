"""Definitions, predicates, counted nouns and units: behaviours found on three collections (``eval/corpus_s20``,
``eval/corpus_s20b``, ``eval/corpus_s20c``) written before the system ran on them, checked on the other gold sets."""
import pytest

from conftest import answers_with, engine_over, eval_articles, first_passage


@pytest.fixture(scope="module")
def s20_engine(tmp_path_factory, embedder):
    """A real index of nine articles: Kuwait's 2024 power cuts, the loss of the Rashid rover and the Arbaat dam
    collapse (dateline reports), al-Zahrawi, al-Farabi and Ibn Jubayr (headings), the bisht, dabke and kabsa (titles
    with a colon)."""
    return engine_over(tmp_path_factory, embedder, "s20", eval_articles("corpus_s20", "corpus_s20b", "corpus_s20c"))


def test_what_is_x_is_answered_by_the_sentence_that_defines_x(s20_engine):
    """"ما هو البشت؟": "البشت عباءة رجالية ..." defines it; "للبشت ألوان ..." (a preposition before it) only speaks
    of it, and had been quoted first."""
    from qa.answer import _defines, definition_subject
    from qa.normalize import tokens

    assert answers_with(s20_engine.ask("ما هو البشت؟"), "عباءة رجالية واسعة")
    bisht, insulin = (definition_subject(f"ما هو {x}؟") for x in ("البشت", "الإنسولين"))
    assert _defines(bisht, tokens("البشت عباءة رجالية"), "البشت")
    assert not _defines(bisht, tokens("للبشت ألوان أشهرها الأسود"), "للبشت")
    assert _defines(insulin, tokens("ويعد الإنسولين هرمونا"), "ويعد")


def test_the_participle_after_the_noun_is_the_predicate(s20_engine):
    """"ما الجهات المستثناة من قطع الكهرباء؟" reads as "ما الجهات التي تستثنى ...": the sentence saying what is
    "مستثناة من القطع" answers, not the one that shares "الجهات" (government offices closing early)."""
    from qa.answer import predicate_term

    assert predicate_term("ما الجهات المستثناة من قطع الكهرباء؟") != predicate_term("ما الجهات؟")
    assert answers_with(s20_engine.ask("ما الجهات المستثناة من قطع الكهرباء؟"), "المستشفيات والمراكز الصحية")


def test_the_verb_of_a_relative_clause_after_ma_ism_is_the_predicate(s20_engine):
    """"ما اسم المركبة التي حملت المستكشف راشد؟": the lander that carried the rover (تحمل), not the sentence naming
    the next rover "راشد 2", which had been quoted first."""
    assert answers_with(s20_engine.ask("ما اسم المركبة التي حملت المستكشف راشد؟"), "هاكوتو-آر")


def test_the_role_follows_a_superlative(s20_engine):
    """"من هو أشهر صانع بشوت ...؟" asks for a maker (صانع), not for whatever is "أشهر": the sentence saying al-Ahsa
    "تشتهر" for its bishts names no maker and does not answer. "ما اسم أشهر كتب الزهراوي؟" asks for a book's name."""
    from qa.answer import role_term

    assert role_term("من هو أشهر صانع بشوت في الأحساء؟") == "صانع"
    assert s20_engine.ask("من هو أشهر صانع بشوت في الأحساء؟").abstained
    assert answers_with(s20_engine.ask("ما اسم أشهر كتب الزهراوي؟"), "التصريف لمن عجز عن التأليف")


def test_a_role_the_stemmer_reads_as_a_function_word(s20_engine):
    """"من هو والي ولاية البحر الأحمر؟": the stemmer reads والي as و + إلى, which had left the question with no role;
    the sentence quoting "مسؤول في حكومة ولاية البحر الأحمر" names no governor and does not answer."""
    from qa.answer import role_term

    assert role_term("من هو والي ولاية البحر الأحمر؟") == "والي"
    assert s20_engine.ask("من هو والي ولاية البحر الأحمر؟").abstained


def test_a_feminine_counted_noun_must_be_counted(s20_engine):
    """"كم محطة …؟" counts stations as "كم سدا …؟" counts dams (a feminine accusative writes no alef): the dateline
    giving a date counts no stations. Its plural counts it ("سبع حبات" for "كم حبة")."""
    from qa.answer import _counts

    assert s20_engine.ask("كم محطة توليد جديدة افتتحت في الكويت عام 2024؟").abstained
    assert _counts("حبه", "هرب سبع حبات من البن")
    assert _counts("محطه", "افتتحت محطتين")
    assert not _counts("محطه", "الكويت 20 يونيو 2024")


def test_a_first_waw_or_fa_the_stemmer_took_is_put_back():
    """The stemmer reads a first و or ف as a conjunction (فقدان: قدان, وصلت: صلت, فتحت: تحت); the question's verb
    still finds its root in them, and an imperfect that drops its root's و (يقع) finds الواقع."""
    from qa.answer import holds_predicate, predicate_term
    from qa.normalize import tokens

    assert holds_predicate(predicate_term("متى فقد الاتصال بالمستكشف؟"), tokens("أعلنت الشركة فقدان الاتصال بالمركبة"))
    assert holds_predicate("وصل", tokens("وصلت المساعدات إلى القرى"))
    assert holds_predicate(predicate_term("متى فتحت القناة؟"), tokens("حفل افتتاح القناة"))
    assert holds_predicate(predicate_term("أين يقع السد؟"), tokens("انهار السد الواقع شمال المدينة"))
    assert not holds_predicate("فقد", tokens("قدم الفريق عرضا"))
    assert not holds_predicate("يمن", tokens("ومن هنا جاء اسمه"))  # no stop word read back (ومن)


def test_the_predicate_finds_the_dateline(s20_engine):
    """"متى فقد الاتصال بالمستكشف راشد؟": the dateline sentence holding "فقدان الاتصال" and the date answers; the
    sentence naming the rover, holding no date, had been quoted first and abstained on. "أين يقع سد أربعات؟": the
    sentence saying where it lies ("الواقع ... شمال مدينة بورتسودان")."""
    assert answers_with(s20_engine.ask("متى فقد الاتصال بالمستكشف راشد؟"), "26 أبريل 2023")
    assert answers_with(s20_engine.ask("أين يقع سد أربعات؟"), "شمال مدينة بورتسودان")


def test_money_in_fils_and_rain_in_millimetres(s20_engine):
    """Fils are money ("بسعر مدعوم لا يتجاوز فلسين"); "كم ملم من الأمطار …؟" asks for millimetres, which no article
    gives (the dateline's "أمطار غزيرة استمرت ثلاثة أيام" had answered it)."""
    from qa.answer import _MONEY, unit_asked

    assert _MONEY.search("لا يتجاوز فلسين للكيلوواط")
    assert answers_with(s20_engine.ask("كم سعر الكيلوواط ساعة للمواطنين في الكويت؟"), "فلسين")
    assert unit_asked("كم ملم من الأمطار هطلت على بورتسودان؟").search("25 ملم")
    assert s20_engine.ask("كم ملم من الأمطار هطلت على بورتسودان؟").abstained


def test_a_heading_with_a_word_of_time_is_no_dateline(s20_engine):
    """The heading "الدبكة اليوم" holds "اليوم" (today), no date: it is not quoted for "When did UNESCO list the dabke
    as heritage?" as a dateline's date would be."""
    assert first_passage(s20_engine.ask("When did UNESCO list the dabke as heritage?")).strip() != "الدبكة اليوم"


def test_a_question_about_a_time_to_come_wants_one(s20_engine):
    """"متى سيطلق المستكشف راشد 2؟" and "When will the new power plants be finished?" ask about the future: a past date
    ("وأطلقت المركبة في 11 ديسمبر 2022", the report's own dateline) does not answer them. A word of the future ("من
    المقرر", "بحلول") or a year after the article's own does ("When will Expo 2030 close?" over a report of 2023)."""
    from qa.answer import _misses_future
    from qa.load import Article

    assert s20_engine.ask("متى سيطلق المستكشف راشد 2؟").abstained
    assert s20_engine.ask("When will the new power plants be finished?").abstained
    report = Article("expo.txt", "الرياض تفوز بإكسبو 2030", "باريس - 28 نوفمبر 2023: فازت الرياض ...", "")
    assert not _misses_future("When will Expo 2030 close?", "في الفترة من أول أكتوبر 2030 إلى 31 مارس 2031", report)
    assert not _misses_future("متى ستفتتح المحطة؟", "ومن المقرر أن تفتتح المحطة في الصيف", report)
    assert _misses_future("When will the plant open?", "افتتحت المحطة في مارس 2021", report)
    assert not _misses_future("When was the plant opened?", "افتتحت المحطة في مارس 2021", report)


def test_an_english_area_or_population_is_a_measure():
    """"What is the surface area of Lake Nasser?" asks for an area: "يبلغ طولها نحو 500 كيلومتر" (a length) does not
    give it, "تغطي 68 ألف كيلومتر مربع" does; "the population of" asks for inhabitants (سكان، نسمة)."""
    from qa.answer import Weights, _lacks_what_is_asked, measure_term, question_type

    q = "What is the surface area of Lake Nasser?"
    assert "مساح" in measure_term(q)
    assert _lacks_what_is_asked(q, question_type(q), False, "بحيرة ناصر يبلغ طولها نحو 500 كيلومتر", Weights())
    assert not _lacks_what_is_asked(q, question_type(q), False, "تغطي البحيرة 68 ألف كيلومتر مربع", Weights())
    p = "What is the population of Amman?"
    assert _lacks_what_is_asked(p, question_type(p), False, "تستهلك عمان 500 مليون متر مكعب", Weights())
    assert not _lacks_what_is_asked(p, question_type(p), False, "ويبلغ عدد سكان عمان أربعة ملايين نسمة", Weights())


def test_was_born_names_no_father():
    """"من هو والد ابن ماجد؟": "ولد أحمد بن ماجد في جلفار" (was born; والد shares its root) names no father, and
    "كان والده ماجد بن محمد" does."""
    from qa.answer import _names_holder, role_term
    from qa.normalize import normalize

    role = role_term("من هو والد ابن ماجد؟")
    assert not _names_holder(role, normalize("ولد أحمد بن ماجد في جلفار نحو سنة 1432"))
    assert _names_holder(role, normalize("وكان والده ماجد بن محمد ربانا"))
