"""Arabic normalization for matching only; shown and cited text is always the original.

``normalize_map`` keeps, for every normalized character, the index of the
original character it came from, so a match found in normalized text maps back
to exact offsets in the article.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks; tatweel.
# A lone hamza (ء) is dropped too, so الطوارئ, الطوارىء and الطواري meet.
_DROP = set(range(0x0610, 0x061B)) | set(range(0x064B, 0x0660)) | {0x0670, 0x0640, 0x0621} | set(range(0x06D6, 0x06EE))
# Invisible format characters (bidi marks and overrides, zero-width chars, BOM): matching ignores them.
_DROP |= {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x2060} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ى": "ي", "ئ": "ي", "ؤ": "و", "ی": "ي", "ک": "ك",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "،": ",", "؛": ";", "؟": "?",
}
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _norm_char(ch: str) -> str:
    if ord(ch) in _DROP:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if ord(c) in _DROP:
            continue
        c = _MAP.get(c, c)
        out.append(c.lower())
    return "".join(out)


# What ``normalize`` does to digits and the Arabic comma, alone: for scanning a long text for its numbers.
_DIGITS = str.maketrans({k: v for k, v in _MAP.items() if v.isdigit() or v == ","})


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic digits as ASCII ones and "،" as ",", as ``normalize`` writes them, at the cost of
    one ``str.translate`` (normalizing a whole article costs about 0.5 ms a kilobyte)."""
    return text.translate(_DIGITS)


def normalize_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, per output character, its source index in ``text``.

    Whitespace runs collapse to one space; leading/trailing space is dropped.
    """
    out: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp"):
            if out and out[-1] != " ":
                out.append(" ")
                src.append(i)
            continue
        for c in _norm_char(ch):
            if c.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                    src.append(i)
                continue
            out.append(c)
            src.append(i)
    if out and out[-1] == " ":
        out.pop()
        src.pop()
    return "".join(out), src


def normalize(text: str) -> str:
    """NFKC, no diacritics or tatweel, one alef, ه for ة, ي for ى, lower case, single spaces."""
    return normalize_map(text)[0]


LEXICAL_VERSION = 10  # bump when tokens(), the bridge vocabulary or the BM25 parameters change: indexes store them (6: ال
# before two letters, the accusative -ا; 7: ك; 8: the bridge lists dictionary forms; 9: والد، وزنها keep their first letter;
# 10: no stem is a particle (الكمأة: كماه, not كما); sentences' BM25 k1 1.0)
_TOKEN = re.compile(r"\w+", re.UNICODE)
# Proclitics stripped for lexical matching: conjunctions, prepositions and the article.
PROCLITICS = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل")  # not ك alone: كلفته, كبيرة are no كـ + noun
_ARTICLE = ("ال", "لل", "وال", "بال", "فال", "وبال")  # proclitic groups ending in the article (كال: كالدي is a name)
_PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه", "ي")
_BEFORE_HA = ("من", "عن", "في", "ي", "ل", "ب", "ال", "عل", "لد")  # ومنها، وفيها، وعليها: a preposition and its pronoun
_PARTICLES = {"كما", "لما", "مما", "عما", "بما", "انما", "ربما"}  # a word's stem is never one ("الكمأة" is no "كما")
_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "نا", "ها", "ات", "ون", "ين", "ان", "وا", "ه", "ي", "ا")


def stem(token: str) -> str:
    """Light Arabic stem: strip one proclitic group and one suffix, keeping at least 3 letters (2 after ال).

    Light stemming (not a root extractor) because it keeps names and loanwords
    intact, and it is what makes ``والمحتجين`` match ``المحتجون`` (and ``يوما`` match ``اليوم``:
    the accusative ending -ا goes last).
    """
    if not _ARABIC.match(token):
        return token
    if len(token) == 4 and token.startswith("وال") and token[1:] != "الي":  # والد is no و + ال + د (but وإلى is و + إلى)
        return token
    for p in PROCLITICS:
        # و and ف (conjunctions) leave a 3-letter stem; ب ل ك need 4, or بلغت would lose its ب; the article
        # ال (and لل) leaves 2, so السد matches سد ("ما اسم السد الذي انهار؟" found no سد in "انهار سد أبو منصور").
        if token.startswith(p) and len(token) - len(p) >= (4 if p in "بلك" else 2 if p in _ARTICLE else 3):
            rest = token[len(p):]
            # ها that the rest is too short to lose is a pronoun on the whole word, not what follows a proclitic: ال
            # never takes one, and والدها is والد + ها (as الوالد), وزنها وزن + ها (ومنها، وفيها keep their stems)
            if p[0] in "وفب" and rest.endswith("ها") and len(rest) < 5 and rest[:-2] not in _BEFORE_HA:
                token = token[:-2]
                break
            token = rest
            break
    for s in _SUFFIXES:
        if token.endswith(s) and len(token) - len(s) >= 3 and token[: -len(s)] not in _PARTICLES:
            token = token[: -len(s)]
            # Before a pronoun the stem is the bare word's: ة is written ت (مساحتها، حكومته: مساح, as مساحة),
            # a final ه goes as from the bare word (مياهها: ميا, as المياه), and so does a plural ات
            # (انتخاباتها: انتخاب; قواتها keeps it, as القوات does)
            if s in _PRONOUNS and token.endswith("ات"):
                token = token[:-2] if len(token) >= 5 else token
            elif s in _PRONOUNS and token.endswith(("ت", "ه")) and len(token) >= 4:
                token = token[:-1]
            break
    return token


@lru_cache(maxsize=1)
def _isri():
    from nltk.stem.isri import ISRIStemmer  # no NLTK data needed: the ISRI rules are code

    return ISRIStemmer()


@lru_cache(maxsize=1 << 17)
def root(stem_: str) -> str:
    """The ISRI root of a stem (دخول → دخل, افتتاح → فتح, متقاعد → قاعد), for matching a word across its
    derived forms where the light ``stem`` keeps them apart. Stems of three letters and non-Arabic ones
    are kept as they are."""
    if len(stem_) <= 3 or not _ARABIC.match(stem_):
        return stem_
    return _isri().stem(stem_)


def words(text: str) -> list[str]:
    """Normalized word tokens of ``text`` (no stemming), e.g. for token F1."""
    return _TOKEN.findall(normalize(text))


def stems(normalized: str) -> list[str]:
    """Lightly stemmed word tokens of text that is already ``normalize``d."""
    return [stem(t) for t in _TOKEN.findall(normalized)]


def tokens(text: str) -> list[str]:
    """Normalized, lightly stemmed word tokens of ``text`` for lexical matching."""
    return stems(normalize(text))


def script(text: str) -> str:
    """'ar' when Arabic letters dominate, 'latin' when Latin ones do, else 'other'."""
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    if ar == 0 and la == 0:
        return "other"
    return "ar" if ar >= la else "latin"


_MARKS = re.compile(r"[\u0640\u064B-\u065F\u0670]")  # tatweel and diacritics
_ARABIC_WORD_MARKED = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF\u0640\u064B-\u065F\u0670]{2,}")  # digits split
_BOUND_TA = re.compile(r"^(\w{2,})ت(?:هما|هم|هن|ها|ه|كم|نا)$")  # ة written ت before a pronoun


def vocabulary(texts: list[str], limit: int) -> list[str]:
    """Distinct Arabic words of ``texts`` as written (hamzas kept; diacritics and tatweel dropped) and in their
    ``bare_forms``, most frequent first (a form counts each word it comes from).

    Kept unnormalized for the word bridge: the encoder learnt words as people write them.
    """
    from collections import Counter

    counts = Counter(f for t in texts for w in _ARABIC_WORD_MARKED.findall(t) for f in bare_forms(w))
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def bare_forms(word: str) -> list[str]:
    """A word as written (no marks) and the forms a dictionary lists it under, which an encoder knows better
    ("capital" is 0.87 from عاصمة, 0.42 from عاصمته): without و/ف, with ال for لل, with its ة before a pronoun
    (عاصمته: عاصمة), and without the accusative alef it bears with tanween (قتيلاً: قتيل). Not without ال: the
    encoder puts unknown lower-case words (almaty 0.76) near such forms (ماضي)."""
    plain = _MARKS.sub("", word)
    if len(plain) < 2:
        return []
    forms = [plain]
    if len(plain) >= 4 and re.search("\u064b\u0627$|\u0627\u064b$", word):
        forms.append(plain[:-1])
    for f in list(forms):
        if f[0] in "وف" and len(f) >= 4:
            forms.append(f[1:])
    for f in list(forms):
        if f.startswith("لل") and len(f) >= 5:
            forms.append("ال" + f[2:])
    for f in list(forms):
        m = _BOUND_TA.match(f)
        if m:
            forms.append(m.group(1) + "ة")
    return list(dict.fromkeys(forms))
