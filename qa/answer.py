"""Extractive answers: quote the sentences of the top chunks that answer the question, or abstain.

Every sentence of the retrieved chunks is scored by its own embedding
similarity to the question, its chunk's similarity, lexical overlap on
normalized stems (its article's title counting for it: the title names what
the article's sentences are about), and whether it holds what the question asks
for (a number for "how many", a date for "when", a place for "where", a cause
for "why"; for "what is X?", beginning with X) and, for an Arabic question, whether it holds the
question's verb or a word of its root (the event asked about, where the names recur in every
sentence). The best sentence is quoted from the original text with exact offsets; a neighbour joins
it when it scores as well, or when only the neighbour holds what is asked for, and so does a fragment
of a few words that follows it.
A question asking for a quantity or a date (how many, how much, how long, how far, when) whose quote
holds none of that kind is not answered.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from .embed import universal
from .index import Index
from .load import Article
from .normalize import ascii_digits, normalize, root, script, stems, tokens
from .retrieve import (FULL_NAME, STOP_AR, STOP_EN, Bridge, Hit, bridge, bridge_matches, collection_form, corpus_forms,
                       coverage, name_forms, name_matches, name_terms, off_subject, query_terms, title_share,
                       typed_in_lower_case)

MAX_ANSWER = 400
NOT_FOUND = "The articles do not answer this question."
UNSURE = "The articles may not answer this question; these are the closest passages."
NEAR = 2  # closest passages kept with an abstention
SHORT_TAIL = 3  # a following sentence of at most this many words joins the quote


@dataclass(frozen=True)
class Weights:
    """How the sentence features combine; fitted on our own gold items (see ``qa eval``)."""

    sentence: float = 1.0
    chunk: float = 0.5
    chunk_cross: float = 0.0  # across languages the sentence alone ranks best (English hit@1 0.76 -> 0.91 from 1.0)
    lexical: float = 0.12  # BM25 of the sentence (Arabic-script questions)
    title: float = 0.2  # Arabic: IDF share of the question's terms only a sentence's article title holds ...
    title_cap: float = 0.4  # ... up to this share: past it the question is about the title's subject, and every
    # sentence under the title would outrank the one that names the subject and answers ("ما كلفة برنامج الإعمار؟")
    # (English: bridged words and names are looked for in the sentence's title too; see ``retrieve.title_share``)
    names: float = 0.02  # share of the question's transliterated names a sentence mentions (a tie-breaker: more hurt)
    bridge: float = 0.08  # other scripts: IDF share of the question's words whose translation a sentence holds
    # (0.06 -> 0.08 once the bridge knew dictionary forms: English +2 unanswerable abstentions over 26 sets, hit@1
    # unchanged; +3 answers on the 47-article index)
    qtype: float = 0.03
    off_subject: float = 0.2  # Arabic: minus the IDF share of the question's terms that one retrieved article alone
    # uses and titles, and that a sentence's article never uses ("أين يقع متحف أم كلثوم؟", not another museum): +1
    # over 24 sets, +2 on the 47-article index, none lost (0.1: +1, +2; 0.3 as 0.2)
    same_script: float = 0.03  # for a non-Arabic question, the pull of a sentence in its own language
    fragment: float = 0.05  # penalty for titles and headings
    novelty: float = 0.03  # a sentence that only restates the question (a headline) does not answer it
    join_margin: float = 0.01
    join_margin_cross: float = 1.0  # across languages the best sentence is less sure: quote its best neighbour too
    join_kind_margin: float = 0.05  # a neighbour holding what the question asks for (a number, a date...) joins within this
    role_first: float = 0.03  # other scripts: "Who is the health minister?", the best sentence naming the role asked
    # is quoted before a better one that does not, within this
    name_first: float = 0.03  # "ما اسم X؟": the best sentence that names is quoted before a better one that does not,
    # within this (when only it passes the gate)
    counted_first: float = 0.04  # "كم هدفا سجل؟": the best sentence counting the noun is quoted before a better one
    # that does not, within this
    holder_first: float = 0.07  # "من هو وزير الداخلية؟": the best sentence naming the role's holder is quoted before a
    # better one that does not, within this
    join_reason_margin: float = 0.1  # Arabic "why" and "how" questions: a neighbour joins within this a best sentence
    # that gives no cause ("لماذا رفضت السلطات ...؟": it refused, then why), or any for "كيف" (+3 over twenty sets, none lost)
    coverage: float = 0.1  # confidence += coverage weight * (IDF share of question terms found - 0.5)
    sentence_coverage: float = 0.02  # ... and this weight * (their share in the quoted sentence itself - 0.5)
    abstain_below: float = 0.83  # Arabic-script questions: confidence below this, the articles do not say
    second_opinion: float = 0.3  # other scripts: confidence += this * a second model's similarity of question and quote
    abstain_below_cross: float = 0.807  # other scripts: their confidence (e5 + second opinion) runs on its own scale
    expansion: float = 0.3  # other scripts: weight of the embedding of the question's bridged Arabic words, added to
    # the question's own to rank its sentences (``Engine.ask``): English hit@1 0.889 -> 0.907 over 216 items, wrongly
    # abstained 0.032 -> 0.019 (threshold 0.813 -> 0.807); 0.5 gave 0.912 here but lost answers on a 34-article
    # index of nine topics (0.3: 0.817 -> 0.824 there). The confidence stays the question's own similarity.
    translated_retrieval: float = 0.35  # other scripts: RRF weight of BM25 over their bridged words in retrieval
    # (``retrieve``): English hit@1 0.909 -> 0.922 over fifteen sets, 0.809 -> 0.852 on one 47-article index
    unsure_margin: float = 0.02  # answers this close above the threshold carry the UNSURE message
    near_band: float = 0.06  # Arabic questions abstained on within this of the threshold keep their closest passages
    near_band_cross: float = 0.014  # ... and other scripts' (above 0.793: far off-topic English questions score
    # lower, "What is the capital of France?" over the seeds 0.788)
    also_margin: float = 0.04  # other articles quoted when this close to the best
    define: bool = True  # "ما هو X؟" prefers the sentence that begins with X (``definition_subject``)
    predicate: float = 0.065  # Arabic: a sentence holding the question's first content word (``predicate_term``),
    # or a word of its root (دخل ~ الدخول): the verb names the event asked about (gold 0.923 -> 0.947; 0.05-0.08 alike)
    need_counted: bool = True  # "كم كتابا ...؟": abstain when no number in the best quote counts the noun
    counted_cross: float = 0.4  # other scripts: "How many X ...?", abstain when no word a number of the best quote
    # counts is this close to X by the second model (``_counts_en``)
    need_kind: bool = True  # abstain when the best quote holds none of the quantity or date asked for (kept as near)
    need_role: bool = True  # ... and for "من هو رئيس الهيئة ...؟" when it never names the role (unanswerable +3) nor
    # anyone holding it ("وأعلن وزير الداخلية أن ..."), or
    # "Who was X's father/wife/architect?" when it names no such kin or maker (English unanswerable +6, none lost), or
    # "Who is Kenya's agriculture minister?" when it names no minister (English unanswerable +2), nor a translation
    # of the office ("agriculture": ``_lacks_office``; +2, none lost), nor names another people's office ("Who is
    # Brazil's coach?": "المدير الفني للهلال البرتغالي …", ``_other_people_en``; +2 over 58 sets, none lost)
    need_number: bool = True  # ... and when it lacks a number the question gives ("Who won the prize in 1989?")
    need_measure: bool = True  # ... and for "ما عمق البحيرة؟" when it never names the measure (unanswerable +6), or
    # "How much water does a date palm need?" when it gives no unit of volume, mass or energy (English +2, none lost)


@dataclass
class Answer:
    text: str
    doc_id: str
    title: str
    start: int
    end: int
    score: float
    passage: str
    highlight: list[int] = field(default_factory=list)  # [start, end] in the article of the best-matching part
    paragraph: int = 0  # 1-based paragraph number of ``start`` in the article

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    question: str
    abstained: bool
    answers: list[Answer]
    message: str = ""
    confidence: float = 0.0  # how well the best sentence matches; abstention compares it with a threshold
    # With an abstention just below the threshold: the closest passages, which may not answer (never in ``answers``).
    near: list[Answer] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"question": self.question, "abstained": self.abstained,
                "answers": [a.as_dict() for a in self.answers], "message": self.message,
                "confidence": round(self.confidence, 4), "near": [a.as_dict() for a in self.near]}


# Number words from ten down, as normalized text has them (ئ is ي: مئة is ميه, مائة مايه, مئتان ميتان).
_NUMBER_STEMS = "عشر|عشرات|ميات|ميه|مايه|ميتا|ميتي|اثن|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع"
_TIMES_DUAL = "دقيقت|ساعت|يوم|اسبوع|شهر|سنت|عام|قرن"  # units of time before a dual ين/ان (ساعتين، سنتين)
# (ست and the thousands with their own endings only: not الستار, الافق)
_NUM = re.compile(r"[0-9٠-٩]|\b(?:و|ب|ل)?(?:ال)?(?:" + _NUMBER_STEMS.replace("|ست|", "|") + r"|مليون|ملايين|مليار"
                  r"|نصف|ربع|ثلث)\w{0,2}\b|\b(?:و|ب|ل)?(?:ال)?(?:ست(?:ه|ين|ون|ي)?|(?:الف|الاف)(?:ا|ان|ين|ي)?)\b|\b(?:و|ب|ل)?(?:مرتين|مرتان)\b"
                  # the dual of a unit or of a time is two of it ("نحو غرامين", "بعد يومين"; not ميلان, Milan)
                  r"|\b(?:و|ب|ل)?(?:ال)?(?:(?:كيلو)?(?:غرام|جرام|متر)|طن|لتر|دولار|ريال|درهم|دينار|جنيه|فلس|قرش|هكتار"
                  r"|هدف|" + _TIMES_DUAL + r")(?:ين|ان)\b|\bبهدف (?:نظيف|وحيد)\b"  # (a score: "بهدفين دون رد")
                  r"|\b(?:و|ب|ل)?(?:ال)?واحد\w{0,2}\b(?! من)")  # "واحدة من" is "one of", not a quantity
# The months as normalized text writes them (آب, also "father", is matched apart), and in English. A date is also a
# weekday, a part of the day or a season ("متى تنمو الكمأة؟": "بعد هطول أمطار الخريف").
_MONTHS_AR = ("يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|"
              "كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|ايلول|تشرين")
_MONTHS_EN = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b|\b(?:و|ب|ل|ف|في)?(?:ال)?(?:" + _MONTHS_AR + "|سبت|ثلاثا|اربعا|خميس|جمعه|امس|يوم|"
    r"صباح|مساء|عام|سنه|قرن|ربيع|صيف|خريف|شتا|شتاء|" + _MONTHS_EN + r")\b"
    r"|\b(?:و|ب|ل|ف|في)?ال(?:احد|اثنين)\b|(?<!\w)اب(?!\w)")  # not "أحد أكبر" (one of), "باب" or "الأب" (father)
# A year or a month: a date that says which day or year, where "يوم الثلاثاء" or "العام الماضي" says it only near the
# day the article was written ("متى وصل الإعصار؟": "مساء الأحد 3 أكتوبر 2021", not the report's "يوم الثلاثاء").
_CALENDAR = re.compile(r"\b(?:19|20)\d\d\b|\b(?:و|ب|ل|ف|في)?(?:(?:" + _MONTHS_AR + ")|" + _MONTHS_EN + r")\b|(?<!\w)اب(?!\w)"
                       r"|\b(?:و|ب|ل|ف|في)?(?:ال)?(?:عام|عامي|سنه)\s\d{3,4}\b|\b\d{3,4}\s?(?:م|ه|للميلاد|للهجره)\b")  # عام 980
# A place: "in the region/city/village of", a province, a point of the compass.
_PLACE = re.compile(r"\b(?:و|ب|ف|في|من|الي)?(?:ال)?(?:منطقه|مدينه|بلده|قريه|اقليم|محافظه|ولايه|عاصمه|شمال|جنوب|شرق|غرب|"
                    r"وسط|مقر|حي|ساحه|قاره|دوله|جزيره|بحيره|نهر|جبال|قرب|ضواحي|ضاحيه|اطراف|ساحل|سواحل)\b")
# A cause or purpose: because (of), against, in protest at, as a result of, in order to.
_REASON = re.compile(r"\b(?:و|ف)?(?:بسبب|لان|لانه|لانها|نتيجه|جراء|اثر|خلفيه|ضد|احتجاجا|بهدف|لاجل|اجل|بغيه|كي|لكي|لدوره|"
                     r"تقديرا|تكريما|بفضل|سبب|دافع|[يت]?تسبب|تسببت|[يت]سبب|ادي|ادت|[يت]ودي|"  # and "causes, leads to"
                     # a purpose: "إجراء هدفه حماية الأمن", "حرصا على", "تجنبا لـ", "ردا على"
                     r"(?:ال)?هدف(?:ه|ها|هم)?|[يت]هدف|سعيا|حرصا|حفاظا|منعا|تجنبا|تفاديا|ردا|خوفا|خشيه)\b")

# Question openings that ask for a quantity: how many / how much (with a proclitic: بكم، وكم), the
# number or amount of, and measures (length, height, area, depth, distance, share, cost, strength).
# (and an age: "في أي سن …؟", "ما عمر …؟")
_ASK_NUMBER_AR = re.compile(r"(?:^|\s)(?:و|ف|ب)?كم\b|\b(?:في )?(?:اي|ايه) (?:سن|عمر)\b|^(?:و|ف)?ما (?:هو )?عمر\b"
                            r"|\b(?:ال)?(?:عدد|مقدار|نسبه(?! الي\b)|كميه|طول|ارتفاع|مساحه|عمق|مسافه|كلفه|"
                            r"تكلفه|قيمه|حجم|وزن|سرعه|قوه|حصيله|مبلغ)\b")
_ASK_NUMBER_EN = re.compile(r"\bhow (?:many|much|far|long|old|big|large|high|tall|deep|wide|strong|fast|often)\b"
                            r"|\b(?:at|by) what age\b"
                            r"|\b(?:number|amount|percentage|share|proportion|cost|size|height|length|magnitude|area|volume|weight"
                            r"|speed|capacity|temperature) of\b"
                            r"|\bpercent|\bwhat (?:percentage|share|proportion|magnitude)\b")
_ASK_PLACE = re.compile(r"(?:^|\s)(?:و|ف)?اين\b|\bwhere\b|\bin which (?:city|country|region|town|village|province)\b"
                        r"|\b(?:اي|ايه) (?:مدينه|دوله|منطقه|بلد|بلده|قريه|اقليم|محافظه)\b")
_ASK_REASON = re.compile(r"(?:^|\s)(?:و|ف)?لماذا\b|\b(?:ما|وما) (?:سبب|اسباب|الذي دفع|دوافع)\b|\bwhy\b"
                         r"|\bwhat (?:caused|led to|was the reason|were the reasons|is the reason)\b")
_ASK_DATE = re.compile(r"^(?:and |so |but )?when\b|\b(?:since|until|till|from) when\b|\bwhat (?:date|year|day|month|time|century)\b|\b(?:which|in what) (?:date|year|day|month|century)\b"
                       r"|\b(?:ب|و|ف|منذ )?متي\b|\bتاريخ\b|\b(?:اي|ايه|اية) (?:عام|سنه|يوم|شهر|تاريخ|قرن)\b")
# What time of day: an hour ("11:11", "الساعة العاشرة") or a part of the day.
_ASK_TIME = re.compile(r"\b(?:اي|ايه|اية) (?:ساعه|وقت من)\b|\bما الساعه\b|\bwhat time\b|\bat what hour\b")
_TIME = re.compile(r"\b\d{1,2}:\d\d\b|\b(?:و|ب|في)?الساعه\b|\b(?:صباحا|مساء|ليلا|ظهرا|عصرا|فجرا|منتصف الليل|"
                   r"a\.?m\.?|p\.?m\.?|o'clock)(?!\w)")
# What a question asks for, tested in this order, and what a sentence holding it looks like.
# Questions about a price or cost want an amount of money (a currency), not just any number.
_ASK_MONEY = re.compile(r"\b(?:ال|و|ب)?(?:كلفه|تكلفه|تكاليف|ثمن|رسوم|ميزانيه)\b|(?:^|\s)(?:و|ف|ب)?كم (?:\S+ )?(?:س?[يت])?كلف|^(?:و|ف)?(?:كم|ما) (?:\S+ )?(?:قيمه|(?:ال)?(?:سعر|اسعار))\b(?! (?:ال)?(?:فايده|صرف|خصم|اقراض|عايد))|\bcost|\bprice|\bmoney\b|\bfees?\b|\bbudget\b"
                        r"|\b(?:ال|و|ب)?(?:راتب|رواتب)|\bearn(?:s|ed)?\b|\bsalar(?:y|ies)\b|\bwages?\b|\bpaid\b|\bpay\b"
                        r"|^(?!.*\b(?:how many|how long|time)\b).*\bspen[dt]\b")  # not "How many days has she spent in space?"
_MONEY = re.compile(r"\b(?:و|ب|ل)?(?:ال)?(?:(?:دولار|جنيه|ريال|درهم|دينار|روبل|فرنك|فلس|قرش)(?:ا|ات|ين|ان)?|يورو|دراهم|"
                    r"دنانير|ليره|ليرات|استرليني|فلوس|قروش)\b|\b(?:ال)?ين\b|[$€£]")  # "25 دينارا" (not بين)
# Questions about how long something took or lasts want a length of time.
_ASK_DURATION = re.compile(r"\b(?:كم|وكم) (?:استغرق|استغرقت|يستغرق|تستغرق|دام|دامت|يدوم|تدوم|يبقي|تبقي|بقي|بقيت|يظل|"
                           r"تظل|ظل|ظلت|يوما|يوم|ساعه|دقيقه|ثانيه|اسبوعا|شهرا|سنه|عاما|يعيش|تعيش|عاش|عاشت)\b|\b(?:ما|وما) (?:مده|المده)\b|\bfor how long\b|\bhow long (?:did|does|do|"
                           r"will|would|has|have|had|can|could)\b.*\b(?:take|last|lasted|stay|remain|live|lived|survive|rule|ruled|"
                           r"reign|reigned|serve|served)\b|\bhow many (?:[a-z]+ )?(?:seconds|minutes|hours|days|"
                           r"weeks|months|years)\b")
_DURATION = re.compile(r"\b(?:و|ب|ل)?(?:ال)?(?:ثانيه|ثوان|ثواني|دقيقه|دقائق|ساعه|ساعات|يوم|يوما|ايام|اسبوع|اسبوعا|اسابيع|"
                       r"شهر|شهرا|اشهر|شهور|سنه|سنوات|سنين|عام|عاما|اعوام|قرن|قرون|عقد|عقود|"
                       r"(?:ثانيت|عقد|" + _TIMES_DUAL + r")(?:ين|ان)|seconds?|minutes?|hours?|"
                       r"days?|weeks?|months?|years?|decades?|centur(?:y|ies))\b")
# How many (people, ships, wells...) wants a count: a number that is not a measure, a sum, a share or a date.
_NAME_PARTICLES_AR = {"ابن", "بن", "بنت", "ابو", "ابي", "ام"}  # parts of names (نسب، كنى), never counted things
_COUNT_OF = re.compile(r"^(?:و|ف)?(?:كم|ما) (?:يبلغ |بلغ |كان )?عدد (\S+)")  # "كم عدد X؟": X, which the quote names
_ASK_COUNT = re.compile(r"\bhow many\b|\bpopulation of\b|(?:^|\s)(?:و|ف)?(?:ما|كم) (?:يبلغ )?عدد\b")
_MONTHS = set(normalize("يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر").split())
_MEASURE = set(normalize(
    "متر مترا أمتار مليمتر ملليمتر كيلومتر كيلومترا كيلومترات ميل ميلا سنتيمتر سنتيمترا كيلوغرام كيلوغراما كيلوغرامات غرام غراما طن "
    "أطنان درجة درجات ثانية ثوان دقيقة دقائق ساعة ساعات يوم يوما أيام أسبوع أسابيع شهر شهرا أشهر سنة سنوات عام عاما "
    "أعوام قرن في بالمئة").split()) | _MONTHS
_MULTIPLIER = set(normalize("ألف آلاف مليون ملايين مليار مليارات تريليون").split())
# (with a number's own endings only: ستدعم is "will support", تسعي "strives", الاربعا and الثلاثا are days)
_NUMBER_WORD = re.compile(r"^(?:و|ب|ل)?(?:ال)?(?:(?:ثلاث|اربع|خمس|ست|سبع|تسع)(?:ه|ين|ون|مايه|ميه)?"
                          r"|ثمان(?:يه|ي|ين|ون|مايه|ميه)?|اثن(?:ين|ان|تين|تان|ا|ي|تا|تي)|عشر(?:ه|ين|ون|ات)?"
                          r"|(?:ميات|ميه|مايه|ميتا|ميتي)\w{0,3})$")
_ORDINAL_UNIT = re.compile(r"^(?:ال)?(?:حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع)ه?$")
_COUNTED = re.compile(r"^(?:و|ف)?[\u0621-\u064a]{2,}ا$")  # an accusative noun after a number: what it counts
_THOUSANDS = re.compile(r"^(?:و|ب)?(?:الفي|الفين|الفان|الاف|مليوني|مليونين|ملايين)$")  # "ألفي صنف" (not ألف: also ألّف)


def _holds_count(normalized: str) -> bool:
    """A number in the text that counts something: not a year, and not followed by a unit, a currency or a month."""
    words = re.findall(r"[\w.,%$€£]+", normalized)
    for i, w in enumerate(words):
        # (digits may follow و: "مليون و833 ألف حاج")
        number = re.match(r"^و?[0-9٠-٩][0-9٠-٩.,]*$", w) or _NUMBER_WORD.match(w) or _THOUSANDS.match(w)
        if not number:
            continue
        j = i + 1
        while j < len(words) and words[j] in _MULTIPLIER:
            j += 1
        after = words[j].rstrip(".,") if j < len(words) else ""  # "828 مترا." ends a sentence
        # A year, unless an accusative noun follows it as what it counts ("2012 قتيلا"; not "عام 2012 أيضا")
        if re.match(r"^(?:19|20)\d\d$", w) and not (j == i + 1 and _COUNTED.match(after) and after not in STOP_AR
                                                     and after not in _MEASURE and not (i and words[i - 1] in _MONTHS)):
            continue
        if i and re.match(r"^(?:و|ب|ل|في|منذ)?(?:ال)?(?:عام|سنه|قرن)$", words[i - 1]):  # "نحو عام 780", "القرن العشرين"
            continue
        if re.match(r"^(?:ال|بال|لل)(?:ميه|مايه)$", w):  # في المئة, بالمئة: a share, not a count
            continue
        if i and _ORDINAL_UNIT.match(words[i - 1]):  # "القرن الثاني عشر", "الحادي والعشرين": an ordinal
            continue
        if after == "من" and j + 1 < len(words) and words[j + 1] in _MONTHS:  # "الحادي عشر من ديسمبر": a date
            continue
        if after == "في" and not (j + 1 < len(words) and re.match(r"^(?:ال)?(?:ميه|مايه)", words[j + 1])):
            return True  # "1404 في حالة خطيرة" (but "5 في المئة" is a share)
        if not (after in _MEASURE or re.sub(r"^[وبل]", "", after) in _MEASURE or _MONEY.match(after) or "%" in w + after):
            return True
    return False


# How far, wide, deep... wants a distance or a size. (Not ارتفاع, also a rise; not عرض, also an offer; not قطر, Qatar.)
_ASK_LENGTH = re.compile(r"\b(?:ال|و|ب)?(?:طول|عمق|مسافه)\b|\bhow (?:far|wide|tall|high|deep|close)\b"
                         r"|\b(?:length|width|height|depth|distance|diameter)\b"
                         # "How long is the Al Boraq line?" (not "How long is a camel's pregnancy?": a time)
                         r"|\bhow long (?:is|was|are|were) (?:the |a |an )?(?:\S+ ){0,3}?(?:line|road|river|canal|railway|"
                         r"bridge|tunnel|wall|coast|coastline|border|runway|pipeline|track|route|path|trail|neck|street|"
                         r"highway|corridor|beach)s?\b")
_LENGTH = re.compile(r"\b(?:و|ب|ل)?(?:ال)?(?:متر|مترا|امتار|كيلومتر|كيلومترا|كيلومترات|ميل|ميلا|اميال|قدم|اقدام|سنتيمتر|"
                     r"سنتيمترا|مليمتر|ملليمتر|(?:متر|كيلومتر|ميل|قدم)(?:ين|ان)|km|kilometres?|kilometers?|metres?|meters?"
                     r"|miles?|feet|foot)\b")
# "ما حصة الطاقة من كلفة التشغيل؟" asks for a share of a sum, not a sum.
_ASK_SHARE = re.compile(r"(?:^(?:و|ف)?(?:ما|كم) (?:\S+ )?(?:ال)?(?:حصه|نسبه)\b|\bwhat (?:share|percentage|proportion)\b)"
                        r".*\b(?:ال|و|ب)?(?:كلفه|تكلفه|تكاليف|ثمن|سعر|اسعار|ميزانيه|cost|price|budget)")
_ASKS = (("time", _ASK_TIME), ("date", _ASK_DATE), ("reason", _ASK_REASON), ("place", _ASK_PLACE), ("number", _ASK_SHARE),
         ("money", _ASK_MONEY),
         ("duration", _ASK_DURATION), ("count", _ASK_COUNT), ("length", _ASK_LENGTH), ("number", _ASK_NUMBER_AR),
         ("number", _ASK_NUMBER_EN))
# "Which countries ... reduced Yemen's share of the market?" asks for a thing, whatever measure it names; so does
# "من دشن خط القطار فائق السرعة؟" (who), unless it asks how many ("من كم لاعبا يتكون الفريق؟")
_ASK_WHO_AR = re.compile(r"^(?:و|ف)?(?:من|لمن|بمن) (?!(?:اي|ايه|اين|بين|حيث|اصل)\b)")
_ASK_NUMBER_WORD_AR = re.compile(r"(?:^|\s)(?:و|ف|ب|من)?كم\b")
_ASK_ENTITY_EN = re.compile(r"^(?:in |from |to |by |for |of |at |on |with )?(?:which|who|whom|whose)\b")
_QUANTITIES = {"money", "duration", "count", "length", "number"}
# A year or a day named is a date, not a length of time ("توفي عام 1288", "يوم الثلاثاء", "اليوم"), and "per hour" a
# rate ("320 كيلومترا في الساعة" for "كم يعيش الصقر؟").
_NOT_DURATION = re.compile(r"\b(?:و|ب|ل|في|منذ)?(?:ال)?(?:عام|سنه)\s+\d{3,4}\b|\bاليوم\b|\b(?:في|بال)\s?(?:ال)?ساعه\b"
                           r"|\b(?:و|ف)?من\s+اشهر\b"  # "من أشهر أنواع الصقور": among the best known, not months
                           r"|\b(?:و|ب|ل)?(?:ال|لل)ثانيه\b"  # "للدرجة الثانية", "المرة الثانية": second, not a second
                           r"|\b(?:و|ب|ل|في)?(?:ال)?يوم\s+(?:ال)?(?:سبت|احد|اثنين|ثلاثا|اربعا|خميس|جمعه|\d)")
# The numbers of a date ("4 يوليو 1187", "عام 1906") give no quantity: "كم قتيلا سقط في المعركة؟" is not answered by
# the sentence dating the battle.
_MONTH = "(?:" + _MONTHS_AR + r"|اب)(?: (?:الاول|الثاني))?"  # "كانون الثاني"
_DATE_NUMBERS = re.compile(r"\b\d{1,2}\s+(?:من\s+)?" + _MONTH + r"(?:\s+\d{3,4})?\b|\b" + _MONTH + r"\s+\d{3,4}\b"
                           r"|\b(?:و|ب|ل|في|منذ)?(?:ال)?(?:عام|عامي|سنه)\s+\d{3,4}\b"
                           r"|\b(?:و|ب|ل|في|منذ)?(?:ال)?(?:قرن|قرنين)\s+\S+(?:\s+عشر)?\b|\b\S+\s+عشر\s+من\s+" + _MONTH)


# An age given as an ordinal: "وهو في العاشرة من عمره", "في الستين من عمرها", or as a stage of life ("في الطفولة")
_AGE = re.compile(r"\b(?:ال)?(?:حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|"
                  r"(?:عشر|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)ين)\w{0,3} (?:\S+ )?من عمر(?:ه|ها|هم)?\b"
                  r"|\b(?:في|منذ) (?:ال)?(?:طفوله|مراهقه|صبا|شباب|شيخوخه|كهوله)")  # or a stage of life


def _holds_number(normalized: str) -> bool:
    return bool(_NUM.search(_DATE_NUMBERS.sub(" ", normalized)) or _AGE.search(normalized))


# A time from now or from then answers "when" too: "ستصل خلال أسبوع" (will arrive within a week), "بعد يومين"
_WITHIN = re.compile(r"\b(?:خلال|بعد|قبل|غضون) (?:نحو |قرابه |حوالي )?(?:\S+ )?"
                     r"(?:ساعه|ساعات|ساعتين|يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر|عام|عامين|اعوام"
                     r"|سنه|سنتين|سنوات)\b")
_HOLDS = {"time": _TIME.search, "number": _holds_number, "money": _MONEY.search,
          "duration": lambda t: _DURATION.search(_NOT_DURATION.sub(" ", t)), "count": _holds_count,
          "length": _LENGTH.search,
          # (an hour: "متى وقع الزلزال؟", "قرابة الساعة الحادية عشرة")
          "date": lambda t: _DATE.search(t) or _TIME.search(t) or _WITHIN.search(t),
          "place": _PLACE.search, "reason": _REASON.search}
_GATED = set(_HOLDS) - {"place", "reason"}  # kinds a quote must hold to answer (a place or a cause may be paraphrased)


# "ما هو الإنسولين؟" (at most three words), "من هو نزارباييف؟" (one: "من هو رئيس كازاخستان؟" asks for a name):
# a question that names a thing and asks what it is.
_ASK_DEFINITION = re.compile(r"^(?:و|ف)?(?:ما (?:هو|هي|هم|هما) (\S+(?: \S+){0,2})|من (?:هو|هي) (\S+))$")


def definition_subject(question: str) -> list[str]:
    """The stems of what a "what is X?" question (Arabic) asks to define; [] for other questions.

    The sentence that defines a thing begins with it ("والإنسولين هرمون ينظم ..."), while the
    sentences that only mention it ("... الخلايا المنتجة للإنسولين") score as high on similarity.
    """
    m = _ASK_DEFINITION.match(normalize(question).strip(" ?؟.!"))
    return [t for t in tokens(m.group(1) or m.group(2)) if t not in STOP_AR] if m else []


_PREPOSED = re.compile(r"^(?:و|ف)?(?:لل|بال|كال|ل|ب|ك)(\w+)")  # a first word after a preposition ("للبشت ألوان")


def _defines(subject: list[str], sentence_tokens: list[str], first_word: str = "") -> bool:
    """Does the sentence begin with the subject (all its stems in its first words), not with a preposition before
    it ("للبشت ألوان أشهرها ..." is about the bisht's colours; "البشت عباءة ..." defines it)?"""
    head = set(sentence_tokens[:len(subject) + 1])
    preposed = _PREPOSED.match(first_word)
    if subject and preposed and subject[0] in stems(preposed.group(1)):
        return False
    return bool(subject) and all(t in head for t in subject)


# "من هو رئيس كازاخستان؟", "من كان أستاذ الجزري؟" (not "من هو نزارباييف؟")
_ASK_ROLE = re.compile(r"^(?:و|ف)?من (?:هو|هي|هم|كان|كانت) (\S+) \S+")
_ASK_NAME_OF = re.compile(r"^(?:و|ف)?ما (?:هو |هي )?اسم (\S+)")  # "ما اسم زوجة نجيب محفوظ؟"
# A quote that gives something's name: "يعرف باسم بحيرة النوبة", "يسمى الفطام", "أطلق عليه اسم ...", "المعروفة باسم"
# (أطلق only with على or اسم: alone it launches).
_NAMING = re.compile(r"\b(?:و|ف)?(?:ب|ل)?(?:ال)?(?:اسم|اسمه|اسمها|يسمي|تسمي|سمي|سميت|سماه|سماها|يعرف|تعرف|عرف|عرفت|معروف|معروفه"
                     r"|لقب|يلقب|تلقب|لقبه|لقبها|ملقب|ملقبه|يدعي|تدعي)\b"
                     r"|\b(?:و|ف)?(?:يطلق|تطلق|اطلق|اطلقت|اطلقوا)(?: \S+)? (?:عليه|عليها|علي|اسم)\b")
# "What was the name of the ship?", "What is X called?": a quote giving it names (a naming word, or a short name in
# quotation marks: "العاصفة "دانيال"", not a quoted saying)
_ASK_NAME_EN = re.compile(r"^what (?:is|was|are|were) (?:the )?(?:\w+ )?names? of\b"
                          r"|^what (?:is|was|are|were)\b.* called$")
_QUOTED = re.compile(r"[\"«“„][^\"«»“”„\s]+(?: [^\"«»“”„\s]+){0,4}[\"»”]")
_ORDINAL = re.compile(r"^(?:ال)?(?:اول|اولي|ثاني|ثانيه|ثالث|ثالثه|رابع|رابعه|خامس|خامسه|اخر|اخير|اخيره)$")
# "من هو أشهر صانع بشوت؟", "ما اسم أكبر ...؟": the role follows the superlative
_SUPERLATIVE = re.compile(r"^(?:ال)?(?:اشهر|اكبر|اصغر|اهم|ابرز|افضل|اقدم|احدث|اعظم|اكثر|اقل|اطول|اعلي|اغني)$")


def role_term(question: str) -> str | None:
    """The stem of the role or thing whose name an Arabic question asks for ("من هو رئيس الهيئة؟": رئيس,
    "ما اسم زوجة ابن سينا؟": زوج), which a quote that answers names; None for other questions."""
    q = FULL_NAME.sub("اسم", normalize(question).strip(" ?؟.!"))  # "ما الاسم الكامل لرئيس ...؟" asks as "ما اسم"
    m = _ASK_ROLE.match(q) or _ASK_NAME_OF.match(q)
    if not m:
        return None
    words_ = q[m.start(1):].split()
    # "ما اسم أول رائد فضاء ...؟", "من هو أشهر صانع بشوت؟": the role is رائد, صانع
    if len(words_) > 1 and (_ORDINAL.match(words_[0]) or _SUPERLATIVE.match(words_[0])):
        words_ = words_[1:]
    stems_ = [t for t in tokens(words_[0]) if t not in STOP_AR]
    if not stems_ and len(words_[0]) >= 4:  # "من هو والي ولاية ...؟": the stemmer reads والي as و + إلى
        return words_[0]
    if stems_ and words_[0].startswith("و"):  # and وزير as و + زير (which زيارة would name): read it as الوزير
        stems_ = [t for t in tokens("ال" + words_[0]) if t not in STOP_AR] or stems_
    return stems_[0] if stems_ else None


# Relative pronouns, which follow a role and are no complement of it ("من هو الراعي الذي ...؟")
_RELATIVE = {"الذي", "التي", "الذين", "اللذين", "اللذان", "اللتين", "اللتان", "اللاتي", "اللواتي"}


_NISBA = re.compile(r"^(?:ال)(\w{3,}?)(?:يه|ي)$")  # "السوداني", "الأمريكية": the stem of a people or place (سودان)


def _role_qualifiers(q: str) -> set[str]:
    """The stems of the nisbas after the first complement of the role a normalized "من هو X Y Z؟" asks about ("من هو
    وزير الدفاع السوداني": سودان), which say whose office it is."""
    m = _ASK_ROLE.match(q)
    after = q[m.end(1):].split()[1:4] if m and _role_complement(q) else []
    return {n.group(1) for word in after if (n := _NISBA.match(word))}


def _other_qualifier(quoted: list[str], asked: set[str]) -> bool:
    """Do a quoted role's nisbas (after its first complement) name another people than the question's ("وزير الصحة
    الأردني" for "وزير الصحة المصري")? Stems that begin one another agree (امريك، امريكي)."""
    said = {n.group(1) for word in quoted if (n := _NISBA.match(word))}
    return bool(asked) and bool(said) and not any(a.startswith(b) or b.startswith(a) for a in asked for b in said)


def _role_complement(q: str) -> str | None:
    """The stem of the first complement of the role a normalized "من هو X Y؟" asks about, where Y is one (وزير الدفاع:
    دفاع; none for "من هو رئيس كازاخستان؟")."""
    m = _ASK_ROLE.match(q)
    after = q[m.end(1):].split() if m else []
    if not after or not re.match(r"^(?:ال|لل)", after[0]) or after[0] in STOP_AR or after[0] in _RELATIVE:
        return None
    return next(iter(tokens(after[0])), None)


# "Who was Ibn Battuta's father?": a kin or a maker asked about in English, and how an Arabic quote that names them
# writes it (the word bridge finds no translation of these: father, husband, architect land nowhere near والد، زوج).
_PREFIX = r"\b(?:و|ف|ب|ل)?(?:ال)?"
_HIS_FATHER = r"(?:ابو|ابي|ابا)(?:ه|ها|هم)"  # "أبوه", "أباها" (not أبو، أبي alone, which begin names)
_KIN = {
    "father": r"والد(?:ه|ها|هم|يه|يها|ان|ين)?\b|" + _PREFIX + r"اب\b|\b(?:و|ف|ب|ل)?" + _HIS_FATHER + r"\b",
    "mother": r"والد(?:ه|ها|هم|يه|يها|ان|ين|ت\w{1,2})?\b|" + _PREFIX + r"ام(?:ه|ها|هم)?\b",
    "husband": "زوج", "wife": "زوج", "son": _PREFIX + "(?:ابن|نجل|ولد)", "daughter": _PREFIX + "(?:ابن|بنت)",
    "brother": _PREFIX + "(?:اخ|شقيق)", "sister": _PREFIX + "(?:اخت|شقيق)", "architect": "مهندس|معمار|صمم",
    # not ولد (also "was born"), nor a bare ابن or بنت: a part of a name ("جزيرة ابن عمر", "ألف ابن رشد")
    "children": _PREFIX + "(?:ابن(?:ا|ه|ها|هم|ت)|بنت(?:ه|ها|ان|ين)|بنات|اولاد|اطفال|انجب|ذري)",
    "teacher": _PREFIX + "(?:استاذ|اساتذ|معلم|مدرس|شيخ|شيوخ)|تتلمذ|تلمذ|\bعلي يد",
    "student": "تلميذ|تلاميذ|تتلمذ|طالب|طلاب|طلب"}
_KIN["designed"] = _KIN["architect"] + "|تصميم"  # "Who designed the dam?": a maker, or the design named
_ASK_KIN = re.compile(r"\b(" + "|".join(_KIN) + r")s?\b")
_ASK_CHILDREN = re.compile(r"\bhow many children (?:did|does|do|had|has|have)\b|['’]s children\b")
_TITLED = r"\b(?:called|known as|dubbed|nicknamed|considered|regarded as) (?:the )?"  # "called the father of chemistry"
# "Who is Kenya's agriculture minister?": a role asked about in English, and how an Arabic quote naming its holder
# writes it (the bridge finds none of minister, governor: they land nowhere near وزير، والي).
_ROLE = {"prime minister|premier":  # the head of a government: "رئيس الوزراء", "الحكومة المدنية برئاسة فلان"
         r"رييس(?:ه)? (?:ال)?(?:وزرا|حكوم)|رياس\w* (?:ال)?(?:وزرا|حكوم)|حكوم\w* (?:\S+ )?برياس"
         r"|وزير(?:ا)? (?:ال)?اول\b",  # (the Maghreb's "الوزير الأول")
         "minister": "وزير", "president": "رييس", "governor": "والي|محافظ|حاكم", "mayor": "عمده|بلدي",
         "director": "مدير", "head": "رييس|مدير|قايد", "chairman": "رييس", "chair": "رييس|تراس", "king": "ملك|عاهل",
         "queen": "ملك", "emir": "امير", "prince": "امير", "coach": "مدرب|مدير\\w* (?:ال)?فني",  # (المدير الفني)
         "manager": "مدير|مدرب", "ambassador": "سفير", "commander": "قايد|قاد",
         "spokes(?:man|woman|person)": "متحدث|ناطق", "founder": "موسس|اسس", "secretary": "امين|وزير", "agent": "وكيل|وكلا"}
_ROLE_WORD_EN = re.compile("|".join(_ROLE))
_ASK_ROLE_EN = re.compile(r"^who (?:is|was|will be|has been|had been)\b.*?\b(" + "|".join(_ROLE) + r")\b")
# "Who heads the commission?", "Who coached the team?": the role as a verb, and how a quote naming its holder writes it
_ROLE_VERB = {"head(?:s|ed)": "رييس|راس|مدير|قياد|قايد|يقود|تقود|قاد", "le(?:ads|d)": "قياد|قايد|يقود|تقود|قاد|تزعم|زعيم|راس",
              "(?:chair|preside)(?:s|d|ed)": "تراس|يتراس|رييس|راس", "coach(?:es|ed)": "مدرب|درب",
              "command(?:s|ed)": "قايد|قياد|يقود|تقود|قاد", "(?:govern|rule)(?:s|d|ed)": "حاكم|حكم|والي",
              "(?:run|ran|runs|manage[sd]?|direct(?:s|ed))": "مدير|ادار|يدير|تدير|اداره|رييس"}
_ASK_ROLE_VERB_EN = re.compile(r"^who (" + "|".join(_ROLE_VERB) + r")\b")
# "Which company built the Orion capsule?": a kind of body, which a quote naming one writes (not a team, named by its
# country alone: "فازت الإكوادور على قطر"; nor a country or city)
_BODIES = (  # (English, Arabic as asked, how a quote naming one writes it)
    ("compan(?:y|ies)|firms?", "شركه|شركات", "شرك|مجموع"), ("hospitals?", "مستشفي|مستشفيات", "مستشف|بيمارستان"),
    ("schools?", "مدرسه|مدارس", "مدرس|مدارس"), ("universit(?:y|ies)", "جامعه|جامعات", "جامع"),
    ("stadiums?", "ملعب|ملاعب|استاد", "ملعب|ملاعب|استاد|ستاد"), ("airlines?", "شركه طيران", "طيران|خطوط|ناقل"),
    ("banks?", "بنك|بنوك|مصرف|مصارف", "بنك|بنوك|مصرف|مصارف"), ("mosques?", "مسجد|مساجد", "مسجد|مساجد|جامع"),
    ("museums?", "متحف|متاحف", "متحف|متاحف"), ("newspapers?", "صحيفه|صحف|جريده", "صحيف|صحف|جريد"),
    ("agenc(?:y|ies)", "وكاله|وكالات", "وكال|هيي"), ("organi[sz]ations?", "منظمه|منظمات", "منظم|هيي|موسس"),
    ("hotels?", "فندق|فنادق", "فندق|فنادق"), ("factor(?:y|ies)", "مصنع|مصانع", "مصنع|مصانع|معمل|معامل|مصبن"))
_BODY = {en: quote for en, _, quote in _BODIES}
_BODY_AR = {ar: quote for _, ar, quote in _BODIES}
_ASK_BODY_EN = re.compile(r"^(?:in |at |from |by |for |to |with )?(?:which|what) (?:\w+ )?(" + "|".join(_BODY) + r")\b")
# "في أي مدرسة درّس ابن الهيثم؟", "ما الشركة التي صنعت …؟"
_ASK_BODY_AR = re.compile(r"^(?:و|ف)?(?:(?:في|من|علي|الي|ب|ل)\s?)?(?:اي |ايه |ما (?=ال))(?:ال)?("
                          + "|".join(_BODY_AR) + r")\b")


def _written_as(table: dict[str, str], asked: re.Match) -> re.Pattern:
    """How a quote writes what the question asked for (``asked.group(1)``, matching one of ``table``'s keys)."""
    return re.compile(next(v for k, v in table.items() if re.fullmatch(k, asked.group(1))))


def kin_asked(question: str) -> re.Pattern | None:
    """For an English question about someone's father, wife, architect ..., who holds a role ("Who is the
    Saudi energy minister?") or which body did something ("Which company …?"; in Arabic too: "أي شركة …؟"), how a
    quote naming them writes it."""
    if script(question) == "ar":
        m = _ASK_BODY_AR.search(normalize(question))
        return _written_as(_BODY_AR, m) if m else None
    # a capitalized kin word inside the question is a name's ("How many employees did Zaha Hadid Architects have?")
    lower = typed_in_lower_case(question)
    asked = question.lower() if lower else question[:1].lower() + question[1:]
    m = _ASK_KIN.search(asked)
    if m and m.group(1) == "children" and not _ASK_CHILDREN.search(asked):
        m = None  # "How many children were killed?" asks for a count, not anyone's children
    # "the father of chemistry" is a title, not a kin: "called the father of", or "father of" a field (a word in lower
    # case where the question writes names capitalized), not of a person
    if m and not (re.search(_TITLED + m.group(1) + r" of\b", asked)
                  or (not lower and re.match(r"\s+of\s+(?:the\s+)?(?!the\b)[a-z]", question[m.end():]))):
        return re.compile(_KIN[m.group(1)])
    for asks, roles in ((_ASK_ROLE_EN, _ROLE), (_ASK_ROLE_VERB_EN, _ROLE_VERB), (_ASK_BODY_EN, _BODY)):
        m = asks.search(question.lower())
        if m:
            return _written_as(roles, m)
    return None


# "ما عمق البحيرة؟", "كم يبلغ ارتفاع السد؟", "How deep is the lake?": a measure that a quote giving it names, by its
# word or its unit (not طول or "how long": "يمتد نحو 450 كيلومترا").
_ASK_MEASURE = re.compile(r"^(?:و|ف)?(?:ما|كم) (?:هو |هي |يبلغ |تبلغ |بلغ |بلغت |كان |كانت )?(?:متوسط |معدل )?"
                          r"(عمق|ارتفاع|عرض|سرعه|وزن|مساحه|حجم|قطر)\b")
_ASK_MEASURE_EN = ((re.compile(r"\bhow deep\b|\bdepth of\b"), "عمق"), (re.compile(r"\bhow (?:tall|high)\b|\bheight of\b"), "ارتفاع"),
                   (re.compile(r"\bhow fast\b|\bspeed of\b"), "سرعه"),
                   (re.compile(r"\bhow heavy\b|\bweight of\b|\bweigh(?:s|ed)?\b"), "وزن"),
                   (re.compile(r"\bpopulation of\b"), "سكان"),  # "What is the population of Amman?": inhabitants
                   (re.compile(r"\barea of\b|\bhow (?:large|big) an area\b"), "مساحه"))
_ASK_WEIGH = re.compile(r"^(?:و|ف)?كم (?:ي|ت)زن\b")  # "كم تزن التولة؟" asks for a weight, as "ما وزن التولة؟"
_LENGTH_MEASURES = {"عمق", "ارتفاع", "عرض", "قطر"}
_PER_CENT = re.compile(r"%|٪|\b(?:في|ب)\s?(?:ال)?(?:ميه|مايه)\b|بالميه")
_MEASURE_ALSO = {"مساح": {"مربع", "هكتار", "فدان", "دونم"}, "حجم": {"مكعب"}, "ارتفاع": {"علو", "طول"},
                 "وزن": {"غرام", "جرام", "كيلوغرام", "كيلوجرام", "كغ", "طن", "اطنان", "رطل"},
                 "سكان": {"نسم"}}  # its unit, or another word for it


# "كم طنا ...؟", "How many hectares ...?": a quantity in a unit, which a quote that gives it names.
_UNITS = {"طن": "طن|اطنان|tons?|tonnes?", "كيلوغرام": "كيلوغرام|كيلوجرام|كغ|kilograms?|kg", "كيلومتر": "كيلومتر|كلم|km|kilomet\\w*",
          "متر": "متر|امتار|met(?:er|re)s?", "ميل": "ميل|اميال|miles?", "هكتار": "هكتار|hectares?", "لتر": "لتر|lit(?:er|re)s?",
          "درج": "درج|degrees?", "ميغاواط": "ميغاواط|ميجاوات|ميغاوات|جيغاواط|megawatts?|gigawatts?",
          "برميل": "برميل|براميل|barrels?", "ملم": "ملم|مليمتر|ملليمتر|millimet\\w*|mm",
          "سنتيمتر": "سنتيمتر|سم\\b|centimet\\w*|cm", "غرام": "غرام|جرام|grams?"}
_ASK_UNIT = re.compile(r"(?:^|\s)(?:و|ف|ب)?كم (طن|كيلوغرام|كيلومتر|متر|ميل|هكتار|لتر|درج|ميغاواط|برميل"
                       r"|ملم|مليمتر|ملليمتر|سنتيمتر|غرام|جرام)\w{0,2}\b"
                       r"|\bhow many (tons?|tonnes?|kilograms?|kilomet\w*|met(?:er|re)s|miles|hectares|lit(?:er|re)s|degrees|"
                       r"megawatts|barrels|millimet\w*|centimet\w*|grams)\b")


# "How much water does a date palm need?": an amount of a substance, which a quote giving it measures in a unit of
# volume, mass or energy (not "How much money/aid ...", a sum).
_ASK_AMOUNT = re.compile(r"^how much (?!(?:[a-z]+ )?(?:money|aid|funding|investment|revenue|debt|support|compensation|time"
                         r"|damages?|loss|losses|value|profits?|income|tax|taxes|salary|wages|prize|capital)\b)(?:[a-z]+ ){1,2}"
                         r"(?:does|do|did|is|was|will|can|would|has|have|had|are|were)\b")
_AMOUNT = re.compile(r"لتر|ليتر|مكعب|غالون|برميل|براميل|\bطن|اطنان|غرام|جرام|ملغ|ملم|مليمتر|ملليمتر|واط|وات\b|سعر[اه]? حراري"
                     r"|lit(?:er|re)s?|gallons?|barrels?|tons?|tonnes?|grams?|kg|mg|mm|watts?|kwh|calories")


# "How much does a kilogram of henna cost?", "كم سعر لتر الزيت؟": a price per unit, which a quote giving it names.
_PER_UNIT = re.compile(r"\b(?:a|one|per|each) (kilo|kilogram|kg|gram|ton|tonne|litre|liter|barrel|gallon)s?\b"
                       r"|\b(?:سعر|ثمن|كلفه|تكلفه) (?:ال)?(كيلوغرام|كيلوجرام|كيلو|غرام|جرام|طن|لتر|ليتر|برميل|غالون)\b")
_PER_UNITS = {("kilo", "kilogram", "kg", "كيلوغرام", "كيلوجرام", "كيلو"): r"كيلو(?!متر)|كغ|kilo(?!met)|kg",
              ("gram", "غرام", "جرام"): "غرام|جرام|grams?",
              ("ton", "tonne", "طن"): r"\b(?:لل|ال|بال|وال)?(?:طن|اطنان)\b|tons?|tonnes?",  # not وطن, بطن
              ("litre", "liter", "لتر", "ليتر"): "لتر|ليتر|lit(?:er|re)s?", ("barrel", "برميل"): "برميل|براميل|barrels?",
              ("gallon", "غالون"): "غالون|جالون|gallons?"}


def unit_asked(question: str) -> re.Pattern | None:
    """For a question asking for a quantity in a unit ("كم طنا", "how many hectares") or a price per unit ("How much
    does a kilogram of henna cost?"), the unit's words, else None; for one asking for an amount of a substance ("How
    much water ...?"), the units of volume, mass and energy."""
    q = normalize(question)
    money = bool(_ASK_MONEY.search(q))
    if _ASK_AMOUNT.match(question.lower().strip()) and not money:
        return _AMOUNT
    per = _PER_UNIT.search(q) if money else None
    if per:
        return re.compile(next(units for words, units in _PER_UNITS.items() if (per.group(1) or per.group(2)) in words))
    m = _ASK_UNIT.search(q)
    if not m:
        return None
    asked = m.group(1) or m.group(2)
    key = next((k for k, words in _UNITS.items() if k == asked or re.fullmatch(words, asked)), None)
    return re.compile(_UNITS[key]) if key else None


# A measure's units: of two numbers, the one in them gives it ("كم يبلغ وزن حبة الكمأة؟": "ما بين 30 و300 غرام", not
# "20 في المئة من وزنها الجاف").
_MEASURE_UNITS = {"وزن": re.compile(r"غرام|جرام|\bكغ\b|\b(?:ال)?(?:طن|اطنان)\b|رطل|\b(?:kilo)?grams?\b|\bkg\b|\btons?\b|\btonnes?\b"),
                  "مساح": re.compile(r"مربع|هكتار|فدان|دونم|square|hectares?|acres?"),
                  "حجم": re.compile(r"مكعب|لتر|ليتر|cubic|lit(?:er|re)s?"),
                  "سرع": re.compile(r"(?:كيلومتر|كلم|ميل)\w* (?:في|بال)\s?(?:ال)?ساعه|عقده|km/h|mph|knots?")}


def measure_unit(question: str) -> re.Pattern | None:
    """The units of the measure a question asks for (``measure_term``): a length for a depth or height."""
    asked = measure_term(question)
    if asked & _LENGTH_MEASURES:
        return _LENGTH
    return next((units for m, units in _MEASURE_UNITS.items() if m in asked), None)


def measure_term(question: str) -> set[str]:
    """The stems that name the measure a question asks for ("ما عمق البحيرة؟", "How deep ...?": عمق), else none."""
    q = normalize(question).strip(" ?؟.!")
    m = _ASK_MEASURE.match(q)
    word = m.group(1) if m else "وزن" if _ASK_WEIGH.match(q) else \
        next((ar for pattern, ar in _ASK_MEASURE_EN if pattern.search(q)), None)
    if not word:
        return set()
    stem_ = tokens(word)[0]
    return {stem_} | _MEASURE_ALSO.get(stem_, set())


# (also "ما اسم المركبة التي حملت ...؟": the verb of the clause is what is asked about)
_ASK_WHICH_THAT = re.compile(r"^(?:و|ف)?(?:ما|من) (?:اسم )?ال\S+(?: \S+)? "
                             r"(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان) (.+)$")
# "ما الجهات المستثناة من القطع؟" is "ما الجهات التي تستثنى ...": the participle after the noun names the event
_ASK_WHICH_DESCRIBED = re.compile(r"^(?:و|ف)?(?:ما|من) ال\S+ ((?:ال|لل)م\S+.*)$")
_WHICH = {"اي", "ايه", "باي", "بايه", "لاي", "لايه", "فاي", "واي"}
_HOW = re.compile(r"^(?:و|ف)?كيف\b")
_PREPOSITIONS = {"في", "من", "علي", "الي", "لدي", "عند", "بين", "داخل", "خلال"}
_HOW_MANY = {"كم", "وكم", "فكم", "بكم"}


def predicate_term(question: str) -> str | None:
    """The stem of an Arabic question's first content word, skipping the noun after "أي" (which names
    the kind of answer: "في أي عام", "من أي دولة", "ما الدول التي ...") and the noun counted after "كم"
    ("كم سنة استغرق"), unless no verb follows it ("كم خطا في المترو؟").

    Arabic questions put the verb first ("متى تقاعد نجيب محفوظ؟", "من سجل هدف المغرب؟"): it names the
    event asked about, while the names after it recur in every sentence of the article.
    """
    q = FULL_NAME.sub("اسم", normalize(question))
    relative = _ASK_WHICH_THAT.match(q)
    if relative:  # "ما الشجرة التي تنافس البن؟" is "أي شجرة تنافس البن؟": the noun names the kind of answer
        q = relative.group(1)
    elif described := _ASK_WHICH_DESCRIBED.match(q):
        q = described.group(1)
    skip = False
    words_ = [w.strip("?!.,:;\"'()") for w in q.split()]
    for i, word in enumerate(words_):
        if word in _WHICH:
            skip = True
            continue
        if word in _HOW_MANY:
            skip = "noun"
            continue
        if skip == "noun" and not re.search(r"(?:[اه]|^عدد)$", word):
            skip = False  # "كم تكلف ...": a verb follows, not a counted noun
        stems_ = [t for t in stems(word) if t not in STOP_AR and len(t) > 1]
        if not stems_:
            continue
        if skip == "noun" and i + 1 < len(words_) and words_[i + 1] in _PREPOSITIONS:
            return stems_[0]  # "كم خطا في مترو الرياض؟": no verb follows; what is counted is what is asked
        if skip:
            skip = False
            continue
        return stems_[0]
    return None


def holds_predicate(predicate: str, sentence_tokens: list[str]) -> bool:
    """Does a sentence hold the question's predicate (``predicate_term``), or a word of its root (دخل ~ الدخول)?

    A verb ending in hamza (كافأ) loses its alef to the stemmer as an accusative ending would (كاف), but keeps
    it before a pronoun (وكافأه: كافا): that form counts too.
    """
    pred_root, hamza_form = root(predicate), predicate + "ا"
    # A doubled root's imperfect keeps its prefix (يغش، يمد; ISRI leaves stems of three letters): its two letters count
    doubled = predicate[1:] if len(predicate) == 3 and predicate[0] in "يتن" and predicate[1:] not in STOP_AR else None
    # An accusative keeps the ي that the stemmer takes from the bare word (راعيا: راعي; الراعي: راع)
    nisba = predicate + "ي"
    # A hollow verb's alef is a و or ي of its root (قاد: قود, as in قيادة; زار: زور، زيارة), which ISRI keeps
    # (or a doubled root's: حاج, حجج as in الحجاج)
    hollow = {predicate[0] + v + predicate[2] for v in "وي" + predicate[2]} \
        if len(predicate) == 3 and predicate[1] == "ا" else set()
    # A doubled root's participle (حاج, حجج as in الحجاج) keeps one of its last two letters: ISRI leaves it whole
    participle = lambda r: len(r) == 3 and r[1] == "ا" and r[0] + r[2] * 2 == pred_root
    if any(t == hamza_form or root(t) in (pred_root, predicate) or t == doubled or t == nisba or root(t) in hollow
           or participle(root(t)) for t in sentence_tokens):
        return True
    # The stemmer reads a first و or ف as a conjunction ("وصلت": صلت, "فقدان": قدان, "فتحت": تحت): a word, or the
    # question's predicate, that lost it matches with it put back (وصل ~ وصلت، فقد ~ فقدان، فتحت ~ افتتاح)
    lost = {pred_root, predicate} | {root(c + predicate) for c in "وف"}
    # an imperfect that drops its root's و (يقع، تصل: وقع، وصل; not يمن, which would be ومن)
    if len(predicate) == 3 and predicate[0] in "يت" and predicate[1:] not in STOP_AR:
        lost.add("و" + predicate[1:])
    return any(len(t) >= 3 and t not in STOP_AR and t[1:] not in STOP_AR
               and (root(t) in lost or root("و" + t) in lost or root("ف" + t) in lost) for t in sentence_tokens)


_KINS = "والد|والدت|زوج|زوجت|اخ|اخو|اخي|اخت|جد|جدت|عم|عمت|خال|خالت"  # kin words, as the stemmer leaves them
# A kin with a pronoun ("أبوه", "زوجتها"): after the question's verb, the one it tells of is not the one asked about
_KIN_OF = re.compile(r"\b(?:و|ف|ل)?(?:" + _KINS + r"|اب|ابو|ابا|ابي|ام|ابن|ابنت|بنت|اخا)(?:ه|ها|هم|هما)\b")
# ... and the question asks about a kin itself ("متى توفي والد ابن زيدون؟"; not ابن or أبو, which begin names)
_KIN_ASKED = re.compile(r"\b(?:و|ف|ل)?(?:ال)?(?:" + _KINS + r"|والده|زوجه|شقيق|شقيقه|شقيقت|جده|عمه|خاله|ابنه|ابنت)"
                        r"(?:ه|ها|هم|هما)?\b")


def _kin_did(predicate: str, normalized: str) -> bool:
    """Is each of the sentence's words holding the predicate followed by a kin of someone ("ولد ابن زيدون في قرطبة
    ..., وتوفي أبوه وهو في الحادية عشرة" tells of his father's death: "متى توفي ابن زيدون؟" is not answered)?"""
    words_ = normalized.split()
    at = [i for i, word in enumerate(words_) if holds_predicate(predicate, stems(word))]
    return bool(at) and all(i + 1 < len(words_) and _KIN_OF.fullmatch(words_[i + 1].strip("،,.")) for i in at)


def question_type(question: str) -> str | None:
    """'time', 'date', 'reason', 'place', 'money', 'duration', 'count', 'number' or None, from the question
    words (Arabic or English).

    Tested in that order: the question word first ("منذ متى" or "what year" asks for a date, "لماذا"
    or "what caused" a cause, even where a measure word follows: "ما سبب ارتفاع الأسعار؟"), then the
    narrower quantities before any number.
    """
    q = normalize(question)
    entity = _ASK_ENTITY_EN.match(q) or (_ASK_WHO_AR.match(q) and not _ASK_NUMBER_WORD_AR.search(q))
    kind = next((kind for kind, asks in _ASKS if asks.search(q) and not (entity and kind in _QUANTITIES)), None)
    return "number" if kind == "count" and _ASK_UNIT.search(q) else kind  # "how many kilograms" asks for a measure


def _holds(kind: str | None, normalized: str) -> bool:
    """Does already-normalized text hold what a question of this kind asks for?"""
    holds = _HOLDS.get(kind)
    return bool(holds and holds(normalized))


_COUNTED_NOUN = re.compile(r"(?:^|\s)(?:و|ف|ب)?كم ([\u0621-\u064a]{2,})ا\b")  # "كم سدا انهار؟": the noun counted, سد
# "كم محطة افتتحت؟" (a feminine noun's accusative writes no alef), but not a measure or "how many times"
_COUNTED_FEMININE = re.compile(r"(?:^|\s)(?:و|ف|ب)?كم (?!(?:مره|مده|نسبه|قيمه|كميه|مساحه|مسافه|اجره|درجه)\b)"
                               r"([\u0621-\u064a]{2,}ه)\b")


def _as_asked(question: str) -> Callable[[str], str]:
    """Normalized text as a quantity question reads it.

    The numbers the question itself writes are taken out: "متى اختتم إكسبو 2020؟" asks for a date, and the headline
    "إكسبو 2020 دبي يسدل الستار" gives none (2020 is the name's). The dual of the noun a "كم Xا" question counts is a
    number: "انهار سدان" answers "كم سدا انهار؟" (the sound plural's ين is left alone: غواصين counts no divers).
    """
    q = normalize(question)
    nums = sorted(set(re.findall(r"\d+(?:\.\d+)?", q)), key=len, reverse=True)
    # and its number words, read without their clitics ("كم بلغ نصف قطر الأرض؟": a sentence's نصف gives no radius)
    said = {re.sub(r"^(?:و|ب|ل)?(?:ال)?", "", m.group()) for m in _NUM.finditer(q) if not re.search(r"\d", m.group())} - {""}
    counted, feminine = _COUNTED_NOUN.search(q), _COUNTED_FEMININE.search(q)
    rewrites = []
    if nums:
        rewrites.append((re.compile(r"(?<![\d.])(?:" + "|".join(map(re.escape, nums)) + r")(?![\d]|\.\d)"), " "))
    if said:
        rewrites.append((re.compile(r"\b(?:و|ب|ل)?(?:ال)?(?:" + "|".join(map(re.escape, sorted(said))) + r")\b"), " "))
    if counted:
        rewrites.append((re.compile(r"\b(?:و|ف|ب|ل)?(?:ال)?" + re.escape(counted.group(1)) + r"ان\b"), " 2 "))
    elif feminine:  # "كم طائرة أرسلت؟": "أرسلت طائرتين" (a feminine dual: its ة written ت)
        dual = re.escape(feminine.group(1)[:-1]) + r"ت(?:ان|ين)"
        rewrites.append((re.compile(r"\b(?:و|ف|ب|ل)?(?:ال)?" + dual + r"\b"), " 2 "))

    def read(normalized: str) -> str:
        for pattern, by in rewrites:
            normalized = pattern.sub(by, normalized)
        return normalized
    return read


def _has(kind: str | None, text: str) -> bool:
    return _holds(kind, normalize(text))


def _after_title(ix: Index, sid: int) -> bool:
    """Does the sentence follow its article's title line (the article's first row, a heading)?"""
    first, d = sid - 1, int(ix.sentences[sid][0])
    return (first >= 0 and int(ix.sentences[first][0]) == d and (first == 0 or int(ix.sentences[first - 1][0]) != d)
            and ix.is_heading(first))


def _is_lead(ix: Index, sid: int) -> bool:
    """Is the sentence its article's first, after any title line?"""
    first_row = sid == 0 or int(ix.sentences[sid - 1][0]) != int(ix.sentences[sid][0])
    return (first_row or _after_title(ix, sid)) and not ix.is_heading(sid)


def _with_title(ix: Index, sid: int, s: int, e: int) -> int:
    """Where a quote opens with an article's lead sentence that leaves its subject to the title ("محمد بن موسى
    الخوارزمي" / "عالم رياضيات ... يُعدّ مؤسس علم الجبر"), the quote's start moved back to take in the title."""
    first = sid - 1
    if int(ix.sentences[sid][1]) != s or not _after_title(ix, sid):
        return s
    title_start = int(ix.sentences[first][1])
    if e - title_start > MAX_ANSWER or set(ix.tokens(ix.sentences, first)) & set(ix.tokens(ix.sentences, sid)):
        return s
    return title_start


def _paragraph(text: str, pos: int) -> int:
    """1-based number of the paragraph (non-empty line) holding ``pos``."""
    return max(1, sum(1 for line in text[:pos + 1].splitlines() if line.strip()))


def _highlight(text: str, s: int, e: int, terms: set[str], kind: str | None) -> list[int]:
    """The clause of ``text[s:e]`` that best matches: most question stems, then the asked-for kind."""
    best, best_score = [s, e], -1.0
    pos = s
    for m in list(re.finditer(r"[،,؛;:«»\"“”()]", text[s:e])) + [None]:
        end = e if m is None else s + m.start()
        a, b = pos, end
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not text[b - 1].isalnum():
            b -= 1
        if b - a >= 3:
            clause = text[a:b]
            sc = len(terms & set(tokens(clause))) + (0.5 if _has(kind, clause) else 0.0) + 0.001 * min(b - a, 100)
            if sc > best_score:
                best, best_score = [a, b], sc
        pos = end + 1
    return best


def extract(ix: Index, qvec: np.ndarray, question: str, hits: list[Hit], k: int = 3,
            w: Weights = Weights(), check: Callable[[str, str], float] | None = None,
            bridged_words: Bridge | None = None, own_qvec: np.ndarray | None = None) -> Result:
    """Quote the best sentences of ``hits`` (retrieved chunks), or abstain when none is good enough.

    ``check(question, sentence)`` is the second opinion asked of a question in another script than the
    articles' (default: ``qa.embed.universal().similarity``). ``bridged_words``: the question's ``bridge``
    where the caller has it. ``own_qvec``: where ``qvec`` is expanded (with the bridged words), the
    question's own vector, which measures the confidence on the scale the thresholds were set on.
    """
    if not hits or not _names_anything(question):
        return Result(question, True, [], NOT_FOUND)
    chunk_of: dict[int, float] = {}
    for h in hits:
        for sid in ix.chunk_sentences[h.chunk]:
            chunk_of[int(sid)] = max(chunk_of.get(int(sid), -1.0), h.dense)
    sids = np.array(sorted(chunk_of), dtype=np.int64)
    if len(sids) == 0:
        return Result(question, True, [], NOT_FOUND)
    svecs = ix.store.sentence_vectors(sids)
    dense = svecs @ qvec
    ctx = np.array([chunk_of[int(s)] for s in sids])
    kind = question_type(question)
    is_ar = script(question) == "ar"
    subject = definition_subject(question) if is_ar and w.define else []  # "ما هو X؟": X, else []
    bridged = np.zeros(len(sids))  # other scripts: the question's words whose translation each sentence holds
    translated: set[str] = set()  # ... and those translations, for the highlight
    if not is_ar and w.bridge:
        terms_ = (bridged_words or bridge(ix, question)).terms
        bridged = bridge_matches(ix, terms_, [set(ix.tokens(ix.sentences, s)) | ix.title_tokens(int(ix.sentences[s][0]))
                                              for s in sids])
        translated = {t for b in terms_ for t in b}
    if is_ar:
        terms = query_terms(question, ix)
        lex = ix.store.sentence_lexical(terms, sids, lambda s: ix.tokens(ix.sentences, s)) if terms else np.zeros(len(sids))
        lex = lex / lex.max() if lex.max() > 0 else lex
        # (not for "ما هو X؟": every sentence under the title "البتراء" is about it; one says what it is)
        titled = np.minimum(title_share(ix, terms, sids), w.title_cap) if w.title and not subject \
            else np.zeros(len(sids))
        elsewhere = off_subject(ix, terms, sids) if w.off_subject else np.zeros(len(sids))
    else:
        titled = elsewhere = np.zeros(len(sids))
        names = name_terms(question)
        lex = name_matches(names, [name_forms(re.findall(r"\w+", ix.normalized(ix.sentences, s) + " " +
                                                         ix.title_words(int(ix.sentences[s][0]))[0]))
                                   for s in sids]) if names else np.zeros(len(sids))
        terms = []
    texts = [ix.text(ix.sentences, s) for s in sids]
    own = _as_asked(question) if kind in _GATED else lambda n: n
    qn = normalize(question)
    named = is_ar and bool(_ASK_NAME_OF.match(qn))  # "ما اسم المهمة؟": "وتحمل المهمة اسم ..." names it
    normed = [ix.normalized(ix.sentences, int(s)) for s in sids] if kind or named else []
    if subject:  # what it asks for: a sentence (not a heading) that begins with X
        first_words = [(ix.normalized(ix.sentences, int(s)).split(maxsplit=1) or [""])[0] for s in sids]
        qt = np.array([_defines(subject, ix.tokens(ix.sentences, int(s)), first) and not ix.is_heading(int(s))
                       for s, first in zip(sids, first_words)], dtype=float)
        # and an article titled X says what X is in its lead ("تماضر بنت عمرو ..., الملقبة بالخنساء، شاعرة ..."), better
        # than any later sentence opening with a verb on X ("ولدت الخنساء في نجد"): three times the question-type
        # weight (+3 over 44 sets, none lost; twice: +2)
        leads = [_is_lead(ix, int(s)) and set(subject) <= ix.title_tokens(int(ix.sentences[s][0])) for s in sids]
        qt = np.maximum(qt, 3.0 * np.array(leads, dtype=float))
    elif kind == "date":  # a day, month or year; an hour alone answers "when" less well
        qt = np.array([1.0 if _CALENDAR.search(n) else 0.75 if _DATE.search(n) else 0.5 * bool(_TIME.search(n))
                       for n in map(own, normed)])
    elif kind:
        # "How many hectares …?": the quote must give hectares (the gate), so a number alone is not what is asked
        # (an amount of a substance, "How much water …?", names no unit: any of volume or mass)
        unit = unit_asked(question) if w.need_measure else None
        unit = None if unit is _AMOUNT else unit
        qt = np.array([_holds(kind, n) and (unit is None or bool(unit.search(n)))
                       for n in map(own, normed)], dtype=float) * (2.0 if unit else 1.0)
        measured = measure_unit(question) if w.need_measure and unit is None else None
        if measured is not None:  # a number in the measure's unit gives it
            qt = qt * (1.0 + np.array([bool(measured.search(n)) for n in normed]))
        counted = _COUNTED_NOUN.search(qn) if is_ar and unit is None and measured is None else None
        if counted:  # "كم ديوانا أصدر؟": "خمسة وثلاثين ديوانا" counts them, "ديوانه الأول عام 1944" does not
            accusative = re.compile(r"\b(?:ال)?" + re.escape(counted.group(1)) + r"ا\b")
            qt = qt * (1.0 + np.array([bool(accusative.search(n)) for n in normed]))
    elif named:  # or a name that follows the thing asked for ("ألف كتاب "الجامع ..."" for "ما اسم كتابه؟")
        role = role_term(question)
        qt = np.array([bool(_NAMING.search(n)) or bool(role and _names_holder(role, n, quoted=True)) for n in normed],
                      dtype=float)
    else:
        qt = np.zeros(len(sids))
    novel = np.zeros(len(sids))
    if is_ar:
        qset = set(tokens(question))
        novel = np.array([min(1.0, sum(1 for t in set(ix.tokens(ix.sentences, s)) if t not in qset and t not in STOP_AR) / 4)
                          for s in sids])
    wc = w.chunk if is_ar else w.chunk_cross
    base = (w.sentence * dense + wc * ctx) / (w.sentence + wc)
    # A title or heading names a topic; it does not state a fact (unless it holds the date asked for: a dateline's
    # date; not a length of time, "صناعة عمرها ألف عام" for "كم يوما يطبخ الصابون؟", nor a place: "بحيرة تشاد تنكمش"
    # for "where is the commission's seat?"; nor a word of time alone: the heading "الدبكة اليوم" for "When did UNESCO
    # list the dabke?").
    heads = np.array([ix.is_heading(int(s)) and not ((kind == "date" and q >= 1.0) or (kind == "time" and q))
                      for s, q in zip(sids, qt)], dtype=float)
    base = base - w.fragment * heads * (2 if kind == "reason" else 1)  # a title gives no cause
    # A sentence without a word the question lacks only restates it (a heading "صندوق الخسائر والأضرار" for
    # "ما الغرض من صندوق الخسائر والأضرار؟"): it answers nothing, however close, and is no evidence.
    base = base - (novel == 0) * float(is_ar)
    if not is_ar:  # a question and a sentence in one language look alike whatever they say: even that out
        qs = script(question)
        base = base - w.same_script * np.array([script(t) == qs for t in texts], dtype=float)
    score = (base + (w.lexical if is_ar else w.names) * lex + w.bridge * bridged + w.qtype * qt + w.novelty * novel
             + w.title * titled - w.off_subject * elsewhere)
    pred = predicate_term(question) if is_ar and w.predicate else None
    pred = collection_form(ix, pred) if pred else pred
    if pred:
        kin_asked_ = bool(_KIN_OF.search(qn) or _KIN_ASKED.search(qn))
        holds_pred = [holds_predicate(pred, ix.tokens(ix.sentences, int(s)))
                      and (kin_asked_ or not _kin_did(pred, ix.normalized(ix.sentences, int(s)))) for s in sids]
        score = score + w.predicate * np.array(holds_pred, dtype=float)
    order = np.argsort(-score)
    # A quote the gates would abstain on, where one close behind passes them (``_lacks_what_is_asked``):
    title = lambda j: ix.title_tokens(int(ix.sentences[sids[j]][0]))
    passes = lambda j: not _lacks_what_is_asked(question, kind, is_ar, texts[j], w, title(j))
    if named and not kind and not qt[order[0]]:
        # "ما اسم كتابه؟": the best sentence names nothing ("أتم فيها كتابه، 1206") and would be abstained on; one
        # naming, close behind, answers ("ألف كتاب "الجامع ..."")
        promoted = _promoted(order, score, w.name_first, lambda j: bool(qt[j]))
        if promoted is not order and passes(promoted[0]) and not passes(order[0]):
            order = promoted
    counted_ar = is_ar and (_COUNTED_NOUN.search(qn) or _COUNTED_FEMININE.search(qn))
    if is_ar and w.need_role and _ASK_ROLE.match(qn) and (role := role_term(question)):
        # "من هو وزير الداخلية؟": the best sentence names another office's holder ("وزير الخارجية فلان") or none and
        # would be abstained on; one naming the holder, close behind, answers ("وقال وزير الداخلية فلان إن ...")
        complement = _role_complement(qn.strip(" ?؟.!"))
        holds = lambda j: passes(j) and _names_holder(role, ix.normalized(ix.sentences, int(sids[j])),
                                                      complement=complement, matched=True)
        if complement and not passes(order[0]):
            order = _promoted(order, score, w.holder_first, holds)
    elif is_ar and w.need_counted and counted_ar and qt[order[0]] and not passes(order[0]):
        # "كم هدفا سجل مع منتخب البرازيل؟": the best sentence counts no goals ("سجل خلالها هدفا واحدا") and would be
        # abstained on; one counting them, close behind, answers ("برصيد 79 هدفا")
        order = _promoted(order, score, w.counted_first, passes)
    role_asked = not is_ar and w.need_role and (_ASK_ROLE_EN.search(question.lower())
                                                 or _ASK_ROLE_VERB_EN.search(question.lower()))
    kin = kin_asked(question) if role_asked else None  # (a role's words; not a kin's nor a body's)
    if kin:
        # "Who is the Saudi health minister?": the best sentence names no minister and would be abstained on; one
        # naming one, close behind, answers ("وقال وزير الصحة فهد الجلاجل …")
        names_role = lambda j: bool(kin.search(ix.normalized(ix.sentences, int(sids[j]))))
        order = _promoted(order, score, w.role_first, names_role)
    if own_qvec is not None:  # the same base, with the question's own similarity to each sentence
        base = base + w.sentence * (svecs @ own_qvec - dense) / (w.sentence + wc)
    confidence = float(base.max())
    if is_ar:
        in_chunks, in_sentence = coverage(ix, terms, [h.chunk for h in hits[:3]], int(sids[order[0]]))
        confidence += w.coverage * (in_chunks - 0.5) + w.sentence_coverage * (in_sentence - 0.5)
    elif w.second_opinion:  # across languages e5 alone rates near-topic questions it cannot answer too high
        confidence += w.second_opinion * (check or universal().similarity)(question, texts[order[0]])
    threshold = w.abstain_below if is_ar else w.abstain_below_cross
    abstain = confidence < threshold
    # Short questions ("من ارسل قوات؟") give the embedding little to go on and often land just under the
    # threshold, as do English questions whose quote the second opinion rates low; their closest passages are
    # kept (as ``near``, not answers) so a reader can judge. Far off-topic questions get the message alone.
    if abstain and confidence < threshold - (w.near_band if is_ar else w.near_band_cross):
        return Result(question, True, [], NOT_FOUND, confidence)
    if abstain:
        k = min(k, NEAR)
    term_set = set(terms) | translated
    pos = {int(s): i for i, s in enumerate(sids)}
    answers: list[Answer] = []
    used_docs: set[int] = set()
    taken: list[tuple[int, int, int]] = []
    top = float(score[order[0]])
    margin = w.join_margin if is_ar else w.join_margin_cross
    how = is_ar and bool(_HOW.match(qn))
    # First pass: the best sentence, then one from each other article that says about as much.
    for pass_ in (0, 1):
        for j in order:
            if len(answers) >= k:
                break
            sid = int(sids[j])
            d, s, e = (int(x) for x in ix.sentences[sid])
            if pass_ == 0 and answers and (d in used_docs or score[j] < top - w.also_margin):
                continue
            if any(d == td and s < te and e > ts for td, ts, te in taken):
                continue
            # A why-question's best sentence that gives no cause, or a how-question's, often restates the event; the
            # neighbour may say why or how ("كيف كافأ الأمير ابن سينا؟": the sentence saying he was called, then the reward)
            if how or (is_ar and kind == "reason" and not qt[j]):
                js, je = _join_neighbour(ix, sid, j, score, pos, max(margin, w.join_reason_margin), s, e)
            else:
                js, je = _join_neighbour(ix, sid, j, score, pos, margin, s, e,
                                         qt if kind and not qt[j] else None, w.join_kind_margin)
            if not any(d == td and js < te and je > ts for td, ts, te in taken):
                s, e = js, je  # joined only where the neighbour is not quoted already
            s = _with_title(ix, sid, s, e)
            taken.append((d, s, e))
            used_docs.add(d)
            answers.append(_answer(ix, d, s, e, float(score[j]), hits, term_set, kind))
    if not abstain and answers and (_lacks_what_is_asked(question, kind, is_ar, answers[0].text, w,
                                                         ix.title_tokens(taken[0][0]), own)
                                    or (w.need_number and (_misses_number(question, ix.articles[taken[0][0]])
                                                           or _other_year(question, answers[0].text,
                                                                          ix.articles[taken[0][0]])))
                                    or (w.need_kind
                                        and _misses_future(question, answers[0].text, ix.articles[taken[0][0]]))):
        abstain = True
    if not abstain and answers and role_asked and w.need_role and (
            _lacks_office(ix, question, answers[0].text)
            or (kin is not None and _other_people_en(ix, question, answers[0].text, kin))):
        abstain = True
    if not abstain and answers and is_ar and w.need_counted and _unknown_qualifier(ix, question):
        abstain = True  # a people the collection never names
    if abstain:
        return Result(question, True, [], NOT_FOUND, confidence, near=answers)
    unsure = confidence < threshold + w.unsure_margin
    return Result(question, False, answers, UNSURE if unsure else "", confidence)


def _promoted(order: np.ndarray, score: np.ndarray, margin: float, ok: Callable[[int], bool]) -> np.ndarray:
    """``order`` with the best sentence for which ``ok`` holds moved first, if it scores within ``margin`` of the
    best (``order`` itself, the same object, otherwise)."""
    held = next((j for j in order if score[j] >= score[order[0]] - margin and ok(j)), None)
    return order if held is None or held == order[0] else np.concatenate(([held], order[order != held]))


def _lacks_what_is_asked(question: str, kind: str | None, is_ar: bool, quote: str, w: Weights,
                         title: set[str] = frozenset(), as_asked: Callable[[str], str] | None = None) -> bool:
    """Does the quote lack what the question's form says it asks for, however close it scores?

    A quantity or date question, a quote holding none of that kind; "من هو رئيس الهيئة؟" (who holds a role), a quote
    never naming the role (رئيس); "ما عمق البحيرة؟" (a measure), one never naming it nor its unit (another number);
    "كم طنا …؟" (a unit), one without that unit; "Who was Ibn Battuta's father?" (a kin), one naming no father.
    ``title``: the stems of the quote's article title; ``as_asked``: ``_as_asked(question)``, where the caller has it.
    """
    norm, q = normalize(quote), normalize(question).strip(" ?؟.!")
    if w.need_kind and kind in _GATED and not _holds(kind, (as_asked or _as_asked(question))(norm)):
        return True
    if not is_ar and w.need_role and _ASK_NAME_EN.search(q) and not (_NAMING.search(norm) or _QUOTED.search(quote)):
        return True  # "What was the name of the ship?": a quote that calls nothing by a name gives none
    counted = _COUNT_OF.match(q) if is_ar and w.need_kind else None
    if counted:  # "كم بلغ عدد المتفرجين؟": a count of the spectators, not of the athletes
        nouns = [t for t in tokens(counted.group(1)) if t not in STOP_AR]
        # (not the ابن of a name: "ألف ابن رشد نحو مئة كتاب" counts no sons for "كم عدد أبناء ابن رشد؟")
        if nouns and not holds_predicate(nouns[0], [t for t in stems(norm) if t not in _NAME_PARTICLES_AR]):
            return True
    counted_noun = ((_COUNTED_NOUN.search(q) or _COUNTED_FEMININE.search(q))
                    if is_ar and w.need_kind and w.need_counted else None)
    # (a nisba after the noun is the people, and the noun no nisba: "كم جنديا روسيا": soldiers, not citizens)
    qualified = bool(counted_noun) and any(w.endswith("يا") for w in _nisbas_after(q, counted_noun)[:1])
    # ("كم كتابا ألف؟": "نحو 1400 صنف" counts no books)
    if counted_noun and not _counts(counted_noun.group(1), norm, nisba=not qualified):
        return True
    noun_en = counted_noun_en(question) if not is_ar and w.need_counted and kind in _QUANTITIES else []
    # (a capitalized plural is a people's name: "How many Egyptians …?")
    people = bool(noun_en) and bool(re.search(r"\b[A-Z]" + re.escape(noun_en[-1][1:]) + r"\b", question)) \
        and noun_en[-1].endswith("s")
    if noun_en and not _counts_en(noun_en, quote, w.counted_cross, people):
        return True
    unit = unit_asked(question) if w.need_measure else None
    kin = kin_asked(question) if w.need_role else None
    if (unit and not unit.search(norm)) or (kin and not kin.search(norm)):
        return True
    role = role_term(question) if is_ar and w.need_role else None
    if (kin and _other_ordinal(question, lambda word: bool(kin.search(word)), norm)) or \
            (role and _other_ordinal(question, lambda word: _names_role(role, word), norm)):
        return True
    measure = measure_term(question) if w.need_measure else set()
    if not (role or measure):
        return False
    quoted = stems(norm)
    quoted += [t[1:] for t in quoted if len(t) == 4 and t[0] in "بل"]  # "بوزن 3 أطنان" (the stem keeps ب; ISRI: بوز)
    quoted += [bare for t in quoted if (bare := _without_pronoun(t)) != t]  # "وجده أبو خليل" (stem: جده)
    named_of = bool(_ASK_NAME_OF.match(q))  # "ما اسم الكمأة في الخليج؟": "وتعرف في بلدان الخليج باسم الفقع" under its title
    if role == "والد":  # (a father by the stem alone, as ``_names_role`` reads him: "أبو الوليد" names none)
        held = any(_names_role(role, word) for word in re.findall(r"\w+", norm))
    elif role:
        held = holds_predicate(role, quoted + (sorted(title) if named_of and _NAMING.search(norm) else []))
    if role and (not held
                 or (_ASK_ROLE.match(q) and not _names_holder(role, norm, complement=_role_complement(q),
                                                              qualifiers=_role_qualifiers(q)))
                 or (named_of and not (_NAMING.search(norm) or _names_holder(role, norm)))):
        return True
    if measure and not any(holds_predicate(m, quoted) for m in measure):
        return True
    # A depth, width or diameter is a length; a height too, or a rise in per cent ("ارتفاع الأسعار"): "درجات الحرارة
    # المرتفعة" names the root of ارتفاع and gives no height
    lengths = measure & _LENGTH_MEASURES
    return bool(lengths) and not (_LENGTH.search(norm) or ("ارتفاع" in lengths and _PER_CENT.search(norm)))


_PERSONS = {"شخص", "فرد", "نسم"}  # counted as people by any noun ("مئة ألف من سكان النوبة")
# A people's members ("كم مصريا …؟", "How many Egyptians …?") are counted as its citizens or as persons: "أكثر من عشرة
# آلاف من مواطنيها"
_PEOPLE_COUNTED = re.compile(r"^(?:و|ب|ل)?(?:ال)?(?:مواطن|رعايا|اشخاص|شخص|افراد|فرد|نسمه)")


_PLURAL_OF = {"امرا": ("نسا", "نسو"), "مرا": ("نسا", "نسو")}  # a plural of another root: "ست نساء" for "كم امرأة"


def _unknown_qualifier(ix: Index, question: str) -> bool:
    """Does an Arabic count question qualify its noun by a nisba the collection never writes ("كم حاجا مغربيا توفي؟"
    over articles that never name Morocco)? Its stem (مغرب) begins no word of the collection."""
    q = normalize(question).strip(" ?؟.!")
    counted = _COUNTED_NOUN.search(q) or _COUNTED_FEMININE.search(q)
    stems_ = [word[:-2] for word in _nisbas_after(q, counted)] if counted else []
    return any(not any(f.startswith(st) for f in corpus_forms(ix)) for st in stems_)


def _nisbas_after(q: str, counted: re.Match) -> list[str]:
    """The nisbas, as written, right after the noun a normalized count question counts, up to two ("كم حاجا مصريا
    نظاميا توفي": مصريا، نظاميا): whose the counted are."""
    out = []
    for word in q[counted.end():].split()[:2]:
        if not re.fullmatch(r"\w{3,}(?:يا|يه)", word):
            break
        out.append(word)
    return out


def _skeleton(word: str) -> str:
    """A word without its long vowels: a broken plural's letters in its singular's order (اقاليم، اقليم: قلم)."""
    return re.sub("[اويى]", "", word)


def _counts(noun: str, normalized: str, nisba: bool = True) -> bool:
    """Does a number in the text count the noun (the next two words after any ألف، مليون or من hold its root or its
    letters: "سبعة أقاليم", "ثلاثة من ملوكهم"), or its dual stand for two? A unit of time is counted by any length of
    time ("ثلاثة أيام" for "كم يوما"), and people by any noun. ``nisba``: a noun in ي may be a people's (مصري), whose
    citizens count it."""
    if _DURATION.fullmatch(noun):  # يوم، اسبوع، شهر، عام، قرن ("كم يوما": a length of time)
        return bool(_DURATION.search(normalized))
    # (the stemmer reads مواطنا as مواط + نا; a feminine noun is counted in its plural too: "سبع حبات" for "كم حبة")
    asked = {t for w in (noun, noun + "ا") + ((noun[:-1] + "ات",) if noun.endswith("ه") else ()) for t in tokens(w)}
    asked |= {p for t in asked for p in _PLURAL_OF.get(t, ())}
    if asked & _PERSONS:
        return True
    skeletons = {s for s in map(_skeleton, asked) if len(s) >= 3}
    words_ = re.findall(r"[\w.,%]+", normalized)
    people = nisba and len(noun) >= 4 and noun.endswith("ي")  # a nisba: مصري، سعودي
    # (a noun of three letters, in its plurals أفعال and فعول: "تسعة أصوات" for "كم صوتا", "ثلاثة بيوت" for "كم بيتا")
    plural = re.compile(rf"(?:و|ب|ل)?(?:ال)?(?:ا{noun[0]}{noun[1]}ا{noun[2]}|{noun[0]}{noun[1]}و{noun[2]})") \
        if len(noun) == 3 else None

    def names_it(word: str) -> bool:
        forms = tokens(word)
        return any(holds_predicate(a, forms) for a in asked) or bool({_skeleton(f) for f in forms} & skeletons) \
            or bool(people and _PEOPLE_COUNTED.match(word)) or bool(plural and plural.fullmatch(word))

    if any(names_it(words_[i].strip(".,")) for i in _counted_at(words_) + _count_of_at(words_)):
        return True
    dual = re.escape(noun[:-1]) + "ت" if noun.endswith("ه") else re.escape(noun)  # محطتين، سدين
    return bool(re.search(r"\b(?:و|ب|ل)?(?:ال)?" + dual + r"(?:ان|ين)\b", normalized))


def _count_of_at(words_: list[str]) -> list[int]:
    """Where the words stand in normalized words whose count a number gives: the next five after عدد, where a number
    follows ("عدد الوفيات بين الحجاج المصريين بلغ 31 حالة")."""
    at = []
    for i, word in enumerate(words_):
        if re.fullmatch(r"(?:و|ب|ل)?(?:ال)?(?:عدد|اعداد)", word) and \
                any(re.match(r"^[0-9٠-٩]", w) or _NUMBER_WORD.match(w) for w in words_[i + 2:i + 10]):
            at += range(i + 1, min(i + 6, len(words_)))
    return at


_YEAR_WORD = re.compile(r"(?:و|ب|ل|في|منذ)?(?:ال)?(?:عام|سنه)")  # before a year ("عام 2019 خلفا لـ" counts nothing)


def _counted_at(words_: list[str]) -> list[int]:
    """Where the words a number counts stand in normalized words: the next two after the number (and any ألف،
    مليون or من: "ثلاثة من ملوكهم")."""
    at = []
    words_ = [word.strip(".,") for word in words_]
    for i, word in enumerate(words_):
        before, after = (words_[i - 1] if i else ""), " ".join(words_[i + 1:i + 3])
        # (a share counts nothing: "56.12 في المئة من أصوات الناخبين" gives no number of votes; nor a year: "يوليو 2024،
        # فوز الرئيس")
        if (re.match(r"^(?:في|ب)?(?:ال)?(?:ميه|مايه)$", word) and before in ("في", "ب")) or "%" in word or "٪" in word \
                or re.match(r"^(?:في (?:ال)?(?:ميه|مايه)|بالميه|[%٪])", after) \
                or (_YEAR.fullmatch(word) and (before in _MONTHS or _YEAR_WORD.fullmatch(before))):
            continue
        if re.match(r"^و?[0-9٠-٩]", word) or _NUMBER_WORD.match(word) or _THOUSANDS.match(word) or word in _MULTIPLIER:
            at += [j for j in range(i + 1, min(i + 5, len(words_))) if words_[j] not in _MULTIPLIER
                   and words_[j] != "من"][:2]
    return at


# "How many tugboats …?": the counted noun, up to three words before an auxiliary, a preposition or a verb in -ed
# ("How many crew members were …", "How many regular Egyptian pilgrims died …")
_HOW_MANY_EN = re.compile(r"\bhow many ((?:[a-z'-]+ ){0,2}[a-z'-]+)")
_NOT_COUNTED_EN = set("of the a an did does do were was are is have has had in will can could would should on at to "
                      "for from by with per each every there".split())


def counted_noun_en(question: str) -> list[str]:
    """The words of the noun an English "how many" question counts (none for another question)."""
    m = _HOW_MANY_EN.search(question.lower())
    words_ = []
    for i, word in enumerate(m.group(1).split() if m else []):
        # (a third word only in the plural: "regular Egyptian pilgrims", not "fish species live")
        if word in _NOT_COUNTED_EN or (words_ and word.endswith("ed")) or (i == 2 and not word.endswith("s")):
            break
        words_.append(word)
    return words_


_PERSONS_EN = {"people", "persons", "individuals"}  # counted by any noun, as _PERSONS


def _counts_en(noun: list[str], quote: str, threshold: float, people: bool = False) -> bool:
    """Does a number in the Arabic quote count something close to the English noun, by the second model (tugboats:
    قاطرة 0.55)? The words counted are compared as written: the encoder reads ة, not ه. ``people``: the noun is a
    people's name ("Egyptians"), counted also as citizens or persons (``_PEOPLE_COUNTED``)."""
    if noun[0] in _PERSONS_EN:
        return True
    raw = re.findall(r"[\w.,%]+", quote)
    # (not the words after عدد, as the Arabic noun is: "عدد المزارع" is near "workers", 0.45; nor a function word: "في"
    # after a number is as near "hospitals" as 0.40)
    counted = [w for i in _counted_at([normalize(w) for w in raw])
               if not (w := raw[i].strip(".,"))[:1].isdigit() and normalize(w) not in STOP_AR]
    if not counted:
        return False
    if people and any(_PEOPLE_COUNTED.match(normalize(w)) for w in counted):
        return True
    vecs = universal().encode(list(dict.fromkeys([" ".join(noun), noun[-1]])) + counted)  # and its head word
    n = len(vecs) - len(counted)
    return float((vecs[n:] @ vecs[:n].T).max()) >= threshold


_ORDINALS_EN = {"first": "اول", "second": "ثان", "third": "ثالث", "fourth": "رابع", "fifth": "خامس", "last": "اخير"}


def _ordinal_of(word: str) -> str | None:
    """The ordinal a word says, one key for its forms (الأولى, الأول, first: اول), else None."""
    m = re.match(r"^(?:و|ف)?(?:ال)?(اول|ثان|ثالث|رابع|خامس|اخير)(?:ي|يه|ه)?$", word)
    return m.group(1) if m else _ORDINALS_EN.get(word.lower())


def _other_ordinal(question: str, names_it: Callable[[str], bool], quote: str) -> bool:
    """Does the quote number the kin or role asked about otherwise than the question does ("زوجته الثانية" for "من هي
    زوجته الأولى؟", "his first wife")? Only an ordinal right after the word counts: "أول رائد" names the role first."""
    asked = {o for o in map(_ordinal_of, re.findall(r"\w+", normalize(question))) if o}
    if len(asked) != 1:
        return False
    words_ = re.findall(r"\w+", quote)
    said = {o for i, word in enumerate(words_) if names_it(word) for o in map(_ordinal_of, words_[i + 1:i + 3]) if o}
    return bool(said) and not asked & said


_QNUM = re.compile(r"(?<![\d.])\d{2,}(?:\.\d+)?(?!\.?\d)")  # a number of two digits or more, as written in digits


# "When will the vaccine reach Kenya?", "متى سيطلق ...؟": a time to come, which a quote gives with a word of the future
# ("من المقرر", "العام المقبل", "بحلول") or with a year after its article's own (a report of 2023 on an expo in 2030).
_ASK_FUTURE = re.compile(r"^(?:when|what year|in what year|by when) will\b"
                         r"|^(?:و|ف)?(?:متي|في اي عام|في اي سنه) س[يتن]\S")
_FUTURE = re.compile(r"\b(?:و|ف)?(?:سوف|(?:ال)?(?:مقبل|مقبله|قادم|قادمه|مقرر|متوقع)|يتوقع|تتوقع|بحلول|تعتزم|يعتزم|تخطط|"
                     r"يخطط|مرتقب|مرتقبه|تستهدف|يستهدف|يرتقب)\b")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _misses_future(question: str, quote: str, article: Article) -> bool:
    """Does a question about a time to come get a quote that gives none (a past date: "وأطلقت المركبة في 11 ديسمبر
    2022" for "متى سيطلق المستكشف راشد 2؟")? The article's year is the first one it writes (its dateline's)."""
    if not _ASK_FUTURE.search(normalize(question).lower()):
        return False
    norm = ascii_digits(normalize(quote))
    if _FUTURE.search(norm):
        return False
    own = _YEAR.search(ascii_digits(article.title + " " + article.text[:300]))
    return not (own and any(int(y) > int(own.group()) for y in _YEAR.findall(norm)))


def _other_year(question: str, quote: str, article: Article) -> bool:
    """Does the quote date itself by another year than the one the question gives ("ما النسبة التي حصل عليها في
    انتخابات 2019؟": a quote on the 2024 election's result)? A year its article's title writes names the subject
    ("إكسبو 2020 دبي", opened in 2021) and dates nothing."""
    asked = set(_YEAR.findall(ascii_digits(normalize(question)))) - set(_YEAR.findall(ascii_digits(article.title)))
    said = set(_YEAR.findall(ascii_digits(normalize(quote))))
    return bool(asked) and bool(said) and not asked & said


def _misses_number(question: str, article: Article) -> bool:
    """Does the quote's article never write a number the question gives ("Who won the prize in 1989?" over an
    article on the 1988 prize)? Days of the month (often written as words) and decades ("the 1960s") aside."""
    asked = {n for n in _QNUM.findall(re.sub(r"\b(\d{2,4})'?s\b", " ", normalize(question).replace(",", "")))
             if float(n) > 31}
    if not asked:
        return False
    written = set(_QNUM.findall(re.sub(r"(?<=\d),(?=\d{3})", "", ascii_digits(article.title + " " + article.text))))
    return bool(asked - written)


def _without_pronoun(stem_: str) -> str:
    """A stem without the pronoun the light stemmer leaves on short words (جده: جد, "his grandfather")."""
    return re.sub(r"(?<=\w\w)(?:ه|ها|هم|هما)$", "", stem_)


def _names_role(role: str, word: str) -> bool:
    """Does a word name the role, by stem or root? Read with the article too (the stemmer takes ب from an indefinite
    بحيرة, حير, not from البحيرة), and without a pronoun the stemmer leaves on a short word (وجده: جد)."""
    if role == "والد":  # "وكان أبوه إسحاق" (not أبو بكر); else by the stem: the root ولد is in "أبو الوليد" and in
        # names ("محمد ولد الشيخ")
        return bool(re.fullmatch(r"(?:و|ف)?" + _HIS_FATHER, word) or re.match(r"^(?:و|ف|ب|ل)?(?:ال)?والد", word))
    forms = stems(word) + stems("ال" + word)
    return holds_predicate(role, forms + [_without_pronoun(t) for t in forms])


_BORN = re.compile(r"^(?:و|ف)?ولد(?:ت)?$")  # "ولد ابن ماجد في جلفار" (was born) names no father (والد, root ولد)
_NOT_A_NAME = re.compile(r"^(?:و|ب|ف|في)?(?:سنه|عام|يوم|شهر|قرن)$")


def _names_holder(role: str, quote: str, quoted: bool = False, complement: str | None = None,
                  matched: bool = False, qualifiers: set[str] = frozenset()) -> bool:
    """Does a quote name whoever holds the role asked about ("من هو وزير الداخلية الجزائري؟")? It does where a word
    that is no function word follows the role and its complements ("وزير الداخلية الجزائري إبراهيم مراد"), not
    where the role is the subject of what follows ("وأعلن وزير الداخلية أن ...", "وقال وزير التربية في ندوة ...").
    ``quoted``: only a name in quotes after the role counts ("ألف كتاب "الجامع ...""). ``complement``: the stem of
    the role's first complement as asked (الدفاع: دفاع), which a role written with complements must hold ("وزير
    الخارجية الأمريكي أنتوني بلينكن" names no defence minister); ``matched``: and only a role written with it counts
    (not "وزيرا أول" nor a bare "الوزير"). ``qualifiers``: the stems of the nisbas that follow it as asked (السوداني:
    سودان), which one following it in the quote must agree with ("وزير الصحة الأردني" names no Egyptian minister)."""
    found = list(re.finditer(r"\w+", quote))
    words_ = [m.group() for m in found]
    for i, word in enumerate(words_):
        if not _names_role(role, word) or (root(role) == "ولد" and _BORN.match(word)):
            continue
        before = words_[i - 1] if i else ""
        if re.match(r"^[0-9٠-٩]", before) or _NUMBER_WORD.match(before):
            continue  # a number of them ("وتضم 30 وزيرا") names no one
        j = i + 1
        # (ف before ال opens a clause, not a complement: "صاروخ فالكون 9" names the rocket)
        while j < len(words_) and re.match(r"^(?:و|ب)?(?:ال|لل)", words_[j]) and words_[j] not in STOP_AR:
            j += 1
        if complement and j > i + 1 and not any(root(t) == root(complement) for k in range(i + 1, j)
                                                 for t in tokens(words_[k])):
            continue  # another office of the same title
        if _other_qualifier(words_[i + 2:j], qualifiers):
            continue  # or of another people
        # or a name the role follows in apposition ("وقالت ريم الهاشمي، المديرة العامة للمعرض، إن ..."), or as what
        # it was made ("عين سيد أحمد ولد محمد وزيرا للطاقة": the role in the accusative)
        gap = quote[found[i - 1].end():found[i].start()].strip() if i else ""
        if word.endswith("ا") and not re.match(r"^(?:و|ف|ب)?(?:ال|لل)", word):
            # (what follows is its complement, or an adjective: "وزيرا أول" for "الوزير الأول", not a name)
            said = [t for k in range(i + 1, min(max(j, i + 2), len(words_))) for t in tokens(words_[k])]
            of_it = not complement or any(root(t) == root(complement) for t in said)
            if not gap and before and before not in STOP_AR and not _NOT_A_NAME.match(before) and of_it and not quoted:
                return True
            if complement:
                continue
        if matched and j == i + 1:
            continue  # (only a holder of the office as asked: "وزير الداخلية فلان")
        if gap in ("،", ",") and words_[i - 1] not in STOP_AR and not words_[i - 1].isdigit() and not quoted:
            return True
        if j < len(words_) and re.search(r"[\"«“]", quote[found[i].end():found[j].start()]):
            return True  # a name in quotes ("ديوانه الأول "قالت لي السمراء"", "كتاب "الجامع ..."")
        # (a date that follows names no one: "ولد البيروني سنة 973" for "من هو والد البيروني؟")
        # (nor does a kin: "كان أبوه وجده ربانين" for "من هو والد ابن ماجد؟")
        if (not quoted and j < len(words_) and words_[j] not in STOP_AR and not words_[j].isdigit()
                and not _NOT_A_NAME.match(words_[j]) and not _KIN_OF.fullmatch(words_[j])):
            return True
    return False


# Words before a role that say which one it is not ("the current minister", "the first president")
_NOT_OFFICE_EN = set("the a an current former new first last then acting interim late previous next future deputy "
                     "vice chief general senior national".split())
_OFFICE_OF_EN = re.compile(r"\b(?:minister|secretary|director|head|chair(?:man|woman)?|president) of (?:the )?([a-z]+)")


OFFICE_MIN = 0.7  # an office word's translation this close at least (managing: مدير 0.71; energy: قوة 0.65, force)


def office_words_en(question: str) -> list[str]:
    """The words that say which office an English role question asks about: "Who is the Saudi energy minister?":
    energy; "Who is the minister of health?": health (not a capitalized nationality, nor "the current …")."""
    m = _ASK_ROLE_EN.search(question.lower())
    if not m:
        return []
    before = re.findall(r"[A-Za-z'’]+", question[:m.start(1)])
    words_ = [before[-1]] if before and before[-1].islower() and before[-1] not in _NOT_OFFICE_EN \
        and before[-1] not in STOP_EN and not before[-1].endswith(("'s", "’s")) else []
    of = _OFFICE_OF_EN.search(question.lower()[m.start(1):])
    if of and of.group(1) not in STOP_EN and not question[m.start(1) + of.start(1)].isupper():
        words_.append(of.group(1))
    return words_


def _lacks_office(ix: Index, question: str, quote: str) -> bool:
    """Does the quote fail to name the office asked about ("Who is the Saudi energy minister?": a quote naming the
    minister of the environment, where the collection has no word for energy)? Each office word must have a
    translation in the collection (the word bridge), held by the quote."""
    held = set(tokens(quote))
    for word in office_words_en(question):
        # (a close translation only: where the collection has no word for energy, "energy" lands on قوة, force)
        terms = [close for t in bridge(ix, word).terms if (close := {s: c for s, c in t.items() if c >= OFFICE_MIN})]
        if not terms or not bridge_matches(ix, terms, [held])[0]:
            return True
    return False


def _other_people_en(ix: Index, question: str, quote: str, role: re.Pattern) -> bool:
    """Does the quote name the office of another people than an English role question's ("Who is Cabo Verde's health
    minister?": "وزير الصحة الأردني فراس الهواري")? Where its capitalized words have close translations in the
    collection (the word bridge) and the quote holds none of them, a nisba just after the role must agree with one."""
    norm = normalize(quote)
    # (a masculine nisba: a feminine one is mostly the office, "وزير الشؤون الخارجية")
    said = {n.group(1) for m in role.finditer(norm) for word in norm[m.end():].split()[:3]
            if (n := _NISBA.match(word.strip(".,"))) and not word.strip(".,").endswith("يه")}
    if not said:
        return False
    names = [w for w in re.findall(r"[A-Z][A-Za-z'’-]+", question)[1:] if not _ROLE_WORD_EN.fullmatch(w.lower())]
    stems_ = {t for w in names for b in bridge(ix, re.sub(r"['’]s$", "", w)).terms for t, c in b.items()
              if c >= OFFICE_MIN}
    if not stems_ or bridge_matches(ix, [{t: 1.0} for t in stems_], [set(tokens(quote))]).any():
        return False
    return not any(a.startswith(b[:3]) or b.startswith(a[:3]) for a in said for b in stems_)


def _names_anything(question: str) -> bool:
    """Does a question hold a word to look for? "كم؟" or "How many?" alone names nothing an article could answer."""
    if script(question) == "ar":
        return bool(query_terms(question))
    return any(w.lower() not in STOP_EN for w in re.findall(r"[^\W\d_]{2,}|\d+", question))


def _join_neighbour(ix: Index, sid: int, j: int, score: np.ndarray, pos: dict[int, int], margin: float,
                    s: int, e: int, holds: np.ndarray | None = None, kind_margin: float = 0.0) -> tuple[int, int]:
    """Extend the quote to the previous or next sentence of the same article when it scores as well,
    and to a fragment of a few words that follows it.

    ``holds`` (given when the best sentence lacks what the question asks for) marks the
    sentences that hold it; such a neighbour joins within the wider ``kind_margin``.
    """
    d = ix.sentences[sid][0]
    best = None
    for nb in (sid - 1, sid + 1):
        if 0 <= nb < len(ix.sentences) and ix.sentences[nb][0] == d and nb in pos:
            m = max(margin, kind_margin) if holds is not None and holds[pos[nb]] else margin
            if score[pos[nb]] >= score[j] - m and (best is None or score[pos[nb]] > score[pos[best]]):
                best = nb
    last = sid
    if best is not None:
        ns, ne = int(ix.sentences[best][1]), int(ix.sentences[best][2])
        between = ix.articles[d].text[min(e, ne):max(s, ns)]
        same_block = "\n" not in between or ("\n\n" not in between.replace("\r", "")
                                              and not ix.is_heading(best) and not ix.is_heading(sid))
        if max(e, ne) - min(s, ns) <= MAX_ANSWER and same_block:  # no title or heading glued on
            s, e, last = min(s, ns), max(e, ne), max(sid, best)
    # A fragment of a few words that follows in the same paragraph ("... للمشكلة. ما هذه الحماقة!") does not
    # stand alone: it goes with the quote.
    nxt = last + 1
    if nxt < len(ix.sentences) and ix.sentences[nxt][0] == d:
        ns, ne = int(ix.sentences[nxt][1]), int(ix.sentences[nxt][2])
        text = ix.articles[d].text
        if "\n" not in text[e:ns] and len(text[ns:ne].split()) <= SHORT_TAIL and ne - s <= MAX_ANSWER:
            e = ne
    return s, e


def _answer(ix: Index, d: int, s: int, e: int, score: float, hits: list[Hit], terms: set[str],
            kind: str | None) -> Answer:
    art = ix.articles[d]
    passage = ""
    for h in hits:  # the best retrieved chunk that contains the quote
        cd, cs, ce = ix.chunks[h.chunk]
        if cd == d and cs <= s and ce >= e:
            passage = art.text[cs:ce]
            break
    if not passage:
        passage = art.text[s:e]
    return Answer(text=art.text[s:e], doc_id=art.doc_id, title=art.title, start=s, end=e, score=round(score, 4),
                  passage=passage, highlight=_highlight(art.text, s, e, terms, kind),
                  paragraph=_paragraph(art.text, s))
