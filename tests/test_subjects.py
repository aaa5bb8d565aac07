"""Where an article names its subject, and what a question asks about: behaviours found on two collections
(``eval/corpus_s11``, ``eval/corpus_s11b``) written before the system ran on them."""
import dataclasses

import numpy as np
import pytest

from conftest import engine_over, eval_articles


@pytest.fixture(scope="module")
def news_engine(tmp_path_factory, embedder):
    """A real index of six articles: a dateline report without a title (the Riyadh Metro), a title that asks a
    question (honey bees), titles with headings (Lake Chad) and the rest."""
    return engine_over(tmp_path_factory, embedder, "s11", eval_articles("corpus_s11", "corpus_s11b"))


def _doc(ix, name: str) -> int:
    return next(d for d, a in enumerate(ix.articles) if a.doc_id == name)


def test_a_report_without_a_title_is_about_the_words_its_lead_repeats(news_engine):
    """"الرياض - افتتح مترو الرياض ..." names the metro once; the report goes on about "المترو" and "الرياض":
    those words count for each of its sentences (as a title's do), "افتتح" (the event of the lead) does not."""
    ix = news_engine.index
    d = _doc(ix, "riyadh_metro.txt")
    head = ix.title_tokens(d)
    assert {"مترو", "رياض"} <= head and "افتتح" not in head
    assert ix.heading(_doc(ix, "honey_bees.txt")) == "نحل العسل في خطر: لماذا تختفي الطوائف؟"  # a headline may ask


def test_the_lead_does_not_outrank_the_answer_for_naming_the_subject(news_engine):
    """"كم تكلف مشروع مترو الرياض؟": the lead names the metro, the answer ("قيمة المشروع تجاوزت 22 مليار دولار")
    does not; without the lead's words as a title the lead was quoted, and, holding no sum, abstained on."""
    q = "كم تكلف مشروع مترو الرياض؟"
    r = news_engine.ask(q)
    assert not r.abstained and "22 مليار دولار" in r.answers[0].text
    ix = news_engine.index
    d = _doc(ix, "riyadh_metro.txt")
    saved = ix._titles[d]
    try:
        ix._titles[d] = ("", set())  # no title, as before
        r = news_engine.ask(q)
        assert r.abstained or "22 مليار دولار" not in r.answers[0].text
    finally:
        ix._titles[d] = saved


def test_the_verb_after_the_counted_noun_names_the_event(news_engine):
    """"كم سنة استغرق حفر القناة؟": the verb (استغرق), not the counted noun (سنة), is the predicate; the
    sentence "واستغرق العمل عشر سنوات" is quoted, not the one that dates the digging."""
    from qa.answer import predicate_term

    assert predicate_term("كم سنة استغرق حفر القناة؟") == "استغرق"
    assert predicate_term("كم عاملا شارك في البناء؟") == "شارك"
    assert predicate_term("كم تكلف المشروع؟") == "تكلف"  # a verb after كم stays
    r = news_engine.ask("كم سنة استغرق حفر القناة؟")
    assert not r.abstained and "عشر سنوات" in r.answers[0].text


def test_ta_marbuta_and_final_ha_before_a_pronoun_stem_as_the_bare_word():
    from qa.normalize import tokens

    assert tokens("مساحتها") == tokens("مساحة") and tokens("حكومته") == tokens("الحكومة")
    assert tokens("مياهها") == tokens("المياه")
    assert tokens("انتخاباتها") == tokens("الانتخابات") and tokens("قواتها") == tokens("القوات")  # a plural ات
    assert tokens("صوتها") == tokens("صوت")  # a radical ت of a three-letter word stays


def test_a_dual_is_a_length_and_a_heading_is_no_place(news_engine):
    """"ما متوسط عمق البحيرة؟" is answered by "على مترين" (a dual of متر); the title "بحيرة تشاد تنكمش" holds a
    place word but says nothing about where the commission sits."""
    from qa.answer import _has

    assert _has("length", "لا يزيد عمقها في المتوسط على مترين") and not _has("length", "مرتين")
    r = news_engine.ask("ما متوسط عمق البحيرة؟")
    assert not r.abstained and "مترين" in r.answers[0].text
    r = news_engine.ask("Where is the headquarters of the Lake Chad Basin Commission?")
    assert not r.abstained and "نجامينا" in r.answers[0].text


def test_the_word_asked_about_weighs_more_than_the_subject_every_sentence_holds(news_engine):
    """An English question's bridged words are weighed by how well they tell the compared sentences apart:
    "Riyadh Metro" is in every sentence of its report (its lead's words are its title), "stations" in one."""
    from qa.retrieve import bridge_matches, idf_weights

    ix = news_engine.index
    subject, asked = {"مترو": 1.0}, {"محط": 1.0}
    docs = [{"مترو"}] * 5 + [{"محط"}]
    got = bridge_matches(ix, [subject, asked], docs)
    by_collection = np.divide(*idf_weights(ix, ["محط", "مترو"]))  # the two words' weights over the collection alone
    assert got[5] / got[0] > 2 * by_collection
    r = news_engine.ask("How many stations does the Riyadh Metro have?")
    assert not r.abstained and "85 محطة" in r.answers[0].text


def test_who_holds_a_role_is_not_answered_by_a_quote_without_the_role(news_engine, engine):
    """"من هو رئيس الهيئة الملكية لمدينة الرياض؟": the report quotes the commission but never its head; the quote
    that does not name the role (رئيس) says nobody, and is kept as a near passage only."""
    q = "من هو رئيس الهيئة الملكية لمدينة الرياض؟"
    r = news_engine.ask(q)
    assert r.abstained and r.near and "رئيس" not in r.near[0].text
    lax = dataclasses.replace(news_engine, weights=dataclasses.replace(news_engine.weights, need_role=False))
    assert not lax.ask(q).abstained  # it was answered with that quote
    r = engine.ask("من هو وزير الدفاع الروسي؟")  # a quote that names the role still answers
    assert not r.abstained and "وزير الدفاع" in r.answers[0].text
