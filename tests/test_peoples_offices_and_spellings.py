"""A people's members are counted as its citizens; an office is told apart by its complement; an English name's final
a may be a ta marbuta. Found on collections (``eval/corpus_s23``, ``corpus_s23b``) written before the system ran on
them; checked on the other gold sets (README, session 23)."""
import pytest

from conftest import answers_with, engine_over, eval_articles


@pytest.fixture(scope="module")
def sudan_engine(tmp_path_factory, embedder):
    """A real index of four articles: the evacuations from Sudan in April 2023 and the Jeddah talks (dateline reports
    that count people of many nations and quote two foreign ministers), the bride of Jordan's crown prince and their
    wedding."""
    files = [f for f in eval_articles("corpus_s23", "corpus_s23b")
             if f.name in ("evacuation.txt", "jeddah_talks.txt", "bride_profile.txt", "wedding_ceremony.txt")]
    return engine_over(tmp_path_factory, embedder, "s23", files)


def test_a_peoples_members_are_counted_as_its_citizens(sudan_engine):
    """"كم مصريا …؟" and "How many Egyptians …?" are answered by "أكثر من عشرة آلاف من مواطنيها": the count gates had
    found no Egyptians counted, and abstained."""
    from qa.answer import _counts, _counts_en
    from qa.normalize import normalize

    quote = "وأعلنت مصر أنها أجلت أكثر من عشرة آلاف من مواطنيها برا عبر معبر أرقين الحدودي."
    assert _counts("مصري", normalize(quote))
    assert not _counts("مصري", normalize("ونقلت السفن أكثر من عشرة آلاف طن من المساعدات"))
    assert not _counts("كتاب", normalize(quote))  # a noun that names no people is not counted by citizens
    assert _counts_en(["egyptians"], quote, 0.4, people=True)
    assert answers_with(sudan_engine.ask("كم مصريا اجلت مصر من السودان؟"), "عشرة آلاف")
    assert answers_with(sudan_engine.ask("How many Egyptians did Egypt evacuate?"), "عشرة آلاف")


def test_another_office_of_the_same_title_names_no_holder(sudan_engine):
    """"من هو وزير الدفاع السوداني؟": the quote naming "وزير الخارجية الأمريكي أنتوني بلينكن" names a minister of
    another office, and is abstained on; the office asked, where the quote writes it, still names its holder."""
    from qa.answer import _names_holder, _role_complement
    from qa.normalize import normalize

    complement = _role_complement(normalize("من هو وزير الدفاع السوداني"))
    assert complement == "دفاع"
    assert not _names_holder("وزير", normalize("وقال وزير الخارجية الأمريكي أنتوني بلينكن إن"), complement=complement)
    assert _names_holder("وزير", normalize("وقال وزير الدفاع ياسين إبراهيم إن"), complement=complement)
    assert _names_holder("وزير", normalize("وقال الوزير ياسين إبراهيم إن"), complement=complement)  # no office written
    assert _role_complement(normalize("من هو رئيس كازاخستان")) is None
    assert sudan_engine.ask("من هو وزير الدفاع السوداني؟").abstained
    assert answers_with(sudan_engine.ask("من هو وزير الخارجية السعودي؟"), "فيصل بن فرحان")


def test_a_final_a_may_be_a_ta_marbuta(sudan_engine):
    """"Rajwa" is transliterated رجوا; the articles write رجوة (normalized رجوه), one letter changed in a short name,
    which the name bridge had not matched. Its ta-marbuta spelling is looked for too."""
    from qa.retrieve import _translit, name_bridge, name_terms

    assert "رجوه" in _translit("Rajwa")
    assert all(not sp.endswith("ه") for sp in _translit("Burhan"))
    found = name_bridge(sudan_engine.index, name_terms("Where was Rajwa born?"))
    assert any("رجو" in stems_ for stems_ in found)  # the stem of رجوه
    result = sudan_engine.ask("What did Rajwa study at Syracuse University?")
    assert answers_with(result, "الهندسة المعمارية")


def test_a_prime_minister_is_written_as_the_head_of_government():
    """"Who was the civilian prime minister …?" asks for a رئيس الوزراء or the head of a government (برئاسة), not a
    وزير: the English role gate had abstained on "الحكومة المدنية برئاسة عبد الله حمدوك"."""
    from qa.answer import kin_asked
    from qa.normalize import normalize

    prime = kin_asked("Who was the civilian prime minister ousted in the 2021 coup?")
    assert prime.search(normalize("أطاح بالحكومة المدنية برئاسة عبد الله حمدوك"))
    assert prime.search(normalize("واستقال رئيس الوزراء حسان دياب"))
    assert not prime.search(normalize("وقال وزير الخارجية أنتوني بلينكن"))
    assert kin_asked("Who is the foreign minister?").search(normalize("وقال وزير الخارجية أنتوني بلينكن"))


@pytest.fixture(scope="module")
def deal_engine(tmp_path_factory, embedder):
    """A real index of one dateline report: Egypt's Ras El Hekma deal with the UAE, dated by its payments' delays."""
    files = [f for f in eval_articles("corpus_s23d") if f.name == "ras_elhekma.txt"]
    return engine_over(tmp_path_factory, embedder, "s23d", files)


def test_a_time_from_then_answers_when(deal_engine):
    """"متى تصل الدفعة الأولى …؟" is answered by "ستصل خلال أسبوع": the date gate had found no date in it."""
    from qa.answer import _holds
    from qa.normalize import normalize

    assert _holds("date", normalize("على أن تصل الدفعة الثانية خلال شهرين"))
    assert _holds("date", normalize("وغادر بعد يومين"))
    assert not _holds("date", normalize("ستصل الدفعة الأولى قريبا"))
    assert answers_with(deal_engine.ask("متى تصل الدفعة الاولى من اموال الصفقة؟"), "خلال أسبوع")


@pytest.fixture(scope="module")
def cop_engine(tmp_path_factory, embedder):
    """A real index of one dateline report: COP16 in Riyadh, chaired by the Saudi minister of the environment, water
    and agriculture."""
    files = [f for f in eval_articles("corpus_s23e") if f.name == "cop16.txt"]
    return engine_over(tmp_path_factory, embedder, "s23e", files)


def test_an_english_role_question_needs_its_office(cop_engine):
    """"Who is the Saudi energy minister?" had been answered with the environment minister: the quote names a
    minister, but no word for energy (the collection has none). The office asked, where the quote names it, answers."""
    from qa.answer import office_words_en

    assert office_words_en("Who is the Saudi energy minister?") == ["energy"]
    assert office_words_en("Who is the minister of health?") == ["health"]
    assert office_words_en("Who is the current president?") == []
    assert office_words_en("Who is Kenya's agriculture minister?") == ["agriculture"]
    assert cop_engine.ask("Who is the Saudi energy minister?").abstained
    assert answers_with(cop_engine.ask("Who is the Saudi environment minister?"), "عبدالرحمن الفضلي")


def test_a_far_translation_names_no_office(engine):
    """Over the seeds, "energy" lands on قوة (force, 0.65): the quote naming the Russian defence minister and a
    peacekeeping force had answered "Who is Kazakhstan's energy minister?". Only a close translation names an office;
    the defence minister, whose office the seeds name, is still answered."""
    assert engine.ask("Who is Kazakhstan's energy minister?").abstained
    assert answers_with(engine.ask("Who is the Russian defense minister?"), "سيرغي تشويغو")
