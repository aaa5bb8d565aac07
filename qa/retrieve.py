"""Hybrid retrieval of chunks: dense (FAISS) plus BM25 on normalized Arabic, fused by the question's script.

BM25 cannot match an English question against Arabic text, and fusing it
blindly drowns the dense ranking in noise; so lexical evidence joins the fusion
only for Arabic-script questions. Other questions are retrieved by the dense
ranking alone: fusing in a ranking by names transliterated into Arabic
(arabnamer, matched fuzzily) lowered English recall@3 from 0.94 to 0.88 on the
33 answerable English gold items (measured with the earlier matcher, which
stemmed the spellings); the names only break near-ties between sentences
(``answer.Weights.names``, where the unstemmed matcher is worth one held-out item).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .index import Index
from .normalize import PROCLITICS, normalize, root, script, tokens

RRF_K = 60
# Question words, particles and prepositions: they carry no topic, so lexical matching ignores them.
STOP_AR = set(tokens(
    "ما ماذا من متى كم كيف أين اين لماذا هل أي اي في على إلى الى عن مع من منذ بعد قبل حول خلال ذلك تلك هذا هذه "
    "التي الذي الذين و او أو ثم قد لقد كان كانت يكون هو هي هم بين وفق بحسب حسب عند لدى لم لن ان أن إن ما "
    "لمن بمن لما بما فيما مما عما بأي بأية أية ماهي ماهو اسم عدد يبلغ بلغ بلغت تقريبا نحو حوالي كل جميع "
    "قال قالت ذكر ذكرت أعلن اعلن أعلنت بهذا بهذه لهذا لهذه وهذا وهذه بذلك لذلك وذلك كذلك هذان هاتان "
    "المذكور المذكورة الوارد الواردة الخبر المقال المقالة النص فيم عم مم علام بم"))
STOP_EN = set(
    "a an the of in on at to for from by with about and or is are was were be been did do does what which who whom whose "
    "when where why how many much that this these those it its their his her they he she as into during after before "
    "according said say says tell name named there will would can could should shall may might must has have had "
    "having not no nor also than then so but if any some each other such own same very just "
    "we you your our us i me my him them being doing done mentioned article articles text "
    "become became becomes take took taken takes make made makes get got gets happen happened happens go went gone".split())


@dataclass
class Hit:
    chunk: int
    score: float  # fused score used for ranking
    dense: float  # cosine of question and chunk


# "ما الاسم الكامل/الحقيقي لـ X؟" asks for the name: the adjective is no word an answer holds
FULL_NAME = re.compile(r"\b((?:ال)?اسم) (?:ال)?(?:كامل|رسمي|حقيقي)\b")


def query_terms(question: str, ix: Index | None = None) -> list[str]:
    """Normalized, stemmed content words of an Arabic question, each once.

    With ``ix``, a term the collection never uses is read with or without a first ب or ل where only that form is used:
    the stemmer cannot tell a preposition from a word's own letter (it keeps the ب of بمرض, since مرض is too short to
    lose it, and takes the ب of بروتين, but not of البروتينات)."""
    q = FULL_NAME.sub(r"\1", normalize(question))
    terms = list(dict.fromkeys(t for t in tokens(q) if t not in STOP_AR and len(t) > 1))
    if ix is None or not terms:
        return terms
    dfs, _ = ix.store.doc_freq(terms)
    return list(dict.fromkeys(t if df else collection_form(ix, t) for t, df in zip(terms, dfs)))


def collection_form(ix: Index, term: str) -> str:
    """``term``, or the form with or without a first ب or ل that the collection uses where it never uses ``term``,
    or an imperfect verb in the feminine (يطبخ for the collection's تطبخ: the stemmer keeps an imperfect's prefix)."""
    alts = ([term[1:]] if term[0] in "بل" and len(term) > 3 else []) + ["ب" + term, "ل" + term]
    alts += ["ت" + term[1:]] if term[0] == "ي" and len(term) > 3 else []  # (not ت to ي: ترأس is no تـ + رأس)
    dfs, _ = ix.store.doc_freq([term] + alts)
    if dfs[0]:
        return term
    return next((a for a, df in zip(alts, dfs[1:]) if df and a not in STOP_AR), term)


def idf_weights(ix: Index, terms: list[str]) -> list[float]:
    """Each term's IDF over the chunks, as coverage and the word bridge weigh the question's words."""
    dfs, n = ix.store.doc_freq(terms)
    return [float(np.log(1 + max(1, n) / (df + 0.5))) for df in dfs]


def coverage(ix: Index, terms: list[str], chunk_ids: list[int], sentence: int | None = None) -> tuple[float, float]:
    """IDF-weighted share of the question's terms found in these chunks, and in one sentence of them.

    Low coverage with a middling similarity is the mark of a question the
    articles are near to but do not answer (same topic, missing the asked-for thing).
    """
    if not terms:
        return 1.0, 1.0
    present: set[str] = set()
    for c in chunk_ids:
        present.update(ix.tokens(ix.chunks, c))
    in_sentence = set(ix.tokens(ix.sentences, sentence)) if sentence is not None else set()
    idf = idf_weights(ix, terms)
    total = sum(idf)
    if not total:
        return 1.0, 1.0
    return (sum(w for t, w in zip(terms, idf) if t in present) / total,
            sum(w for t, w in zip(terms, idf) if t in in_sentence) / total)


def title_share(ix: Index, terms: list[str], sids: np.ndarray) -> np.ndarray:
    """Per sentence, the IDF-weighted share of the question's terms that its article's title holds and it does not.

    A sentence names its subject once the title has ("يستقر التلسكوب ..." under "تلسكوب جيمس ويب"),
    so the title's words count for each sentence of the article; otherwise the lead sentence, which
    repeats the title's names, outranks the sentence that answers. A section heading counts as a title for the
    sentences under it ("من أرضعت حي بن يقظان؟": "فترضعه ظبية" under the heading "حي بن يقظان"; +3 −1 over 43 sets).
    """
    if not terms or not len(sids):
        return np.zeros(len(sids))
    idf = idf_weights(ix, terms)
    total = sum(idf) or 1.0
    out = np.zeros(len(sids))
    for i, sid in enumerate(sids):
        title = ix.title_tokens(int(ix.sentences[sid][0])) | ix.section_tokens(int(sid))
        own = set(ix.tokens(ix.sentences, int(sid)))
        out[i] = sum(w for t, w in zip(terms, idf) if t in title and t not in own) / total
    return out


def off_subject(ix: Index, terms: list[str], sids: np.ndarray) -> np.ndarray:
    """Per sentence, the IDF-weighted share of the question's terms that name one article's subject and that the
    sentence's own article never uses: "أين يقع متحف أم كلثوم؟" asks about the article titled أم كلثوم, not where
    another museum lies. A term names one article's subject where, of the articles these sentences come from, that
    one alone uses it, in its title too (a word of the collection's topic, "الاضطرابات", is in several). Only the
    retrieved articles are read: a large collection's are not all tokenized for each question."""
    if not terms or not len(sids):
        return np.zeros(len(sids))
    docs = sorted({int(ix.sentences[sid][0]) for sid in sids})
    used = {}
    for d in docs:
        words = ix.article_tokens(d) | ix.title_tokens(d)
        roots = {root(t) for t in words}  # "اعتقل" is used where the article writes "الاعتقالات"
        used[d] = {t for t in terms if t in words or root(t) in roots}
    subject = [sum(t in used[d] for d in docs) == 1 and any(t in ix.title_tokens(d) for d in docs) for t in terms]
    if not any(subject):
        return np.zeros(len(sids))
    idf = idf_weights(ix, terms)
    total = sum(idf) or 1.0
    missing = {d: sum(w for t, w, s in zip(terms, idf, subject) if s and t not in used[d]) / total for d in docs}
    return np.array([missing[int(ix.sentences[sid][0])] for sid in sids])


@lru_cache(maxsize=1)
def _transliterator(engine: str):
    import arabnamer

    return arabnamer.Transliterator(engine=engine)


TRANSLIT_ENGINE = "rules"  # arabnamer's rules: as good here as its XGBoost model (English hit@1 0.667 both), 5x faster


@lru_cache(maxsize=8192)
def _translit(word: str) -> tuple[str, ...]:
    """Arabic spellings of an English name (arabnamer), normalized; with and without a leading ال, and a
    demonym's without its final ي."""
    try:
        arabic = _transliterator(TRANSLIT_ENGINE).translit(word).arabic
    except Exception:  # a transliterator failure must never fail the question
        return ()
    a = normalize(arabic).replace(" ", "")
    if not a:
        return ()
    out = (a, a[2:]) if a.startswith("ال") and len(a) > 4 else (a,)
    # An adjective of a place (Yemeni يمني, Iraqi عراقي) also names the place: اليمن, العراق
    out += tuple(sp[:-1] for sp in out if word[-1:] in "iy" and sp.endswith("ي") and len(sp) >= 4)
    # A final a is often a ta marbuta (Rajwa رجوا: رجوة, normalized رجوه); not -ia, -ya: a country's يا (Tunisia
    # تنيسيا), whose ية would match its adjective (التونسية)
    ta = word.lower().endswith(("a", "ah")) and not word.lower().endswith(("ia", "ya"))
    return out + tuple(sp[:-1] + "ه" for sp in out if ta and sp.endswith("ا"))


_ARTICLE_EN = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|az|ud|ul)-(?=[A-Z])")  # "Ibn al-Nafis": Nafis is the name
# Parts of Arabic names that are no name alone: "Ibn" (بن) matches every "محمد بن إبراهيم" of an article.
NAME_PARTICLES = {"ibn", "bin", "ben", "bint", "abu", "abou", "abd", "umm", "bani", "banu", "al", "el"}


def name_terms(question: str) -> list[tuple[str, ...]]:
    """For a Latin-script question, the Arabic spellings of its capitalized words (likely names)."""
    out = []
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", question):
        w = _ARTICLE_EN.sub("", re.sub(r"['’]s$", "", w)).strip("'’-")  # Tokayev's -> Tokayev; al-Nafis -> Nafis
        if w and w[0].isupper() and w.lower() not in STOP_EN and w.lower() not in NAME_PARTICLES and len(w) > 2:
            t = _translit(w)
            if t:
                out.append(t)
    return out


def name_forms(normalized_words: list[str]) -> set[str]:
    """Each normalized word as written and without its proclitics (والمتي -> المتي, متي)."""
    out = set()
    for w in normalized_words:
        out.add(w)
        for p in PROCLITICS:
            if w.startswith(p) and len(w) - len(p) >= 3:
                out.add(w[len(p):])
    return out


def fuzzy_hits(spellings: tuple[str, ...], forms: set[str] | list[str], threshold: float = 80.0) -> bool:
    """Is a spelling in ``forms``, exactly (short names) or fuzzily (80% similar, e.g. المتي ~ الماتي)?"""
    from rapidfuzz import fuzz

    for sp in spellings:
        if sp in forms:
            return True
        if len(sp) >= 4 and any(abs(len(sp) - len(t)) <= 2 and fuzz.ratio(sp, t) >= threshold for t in forms):
            return True
    return False


def corpus_forms(ix: Index) -> list[str]:
    """Every word form of the collection (``name_forms``), computed once per index, for the name bridge."""
    if ix._name_forms is None:  # each distinct word normalized once (not the texts: a tenth of the time)
        written = {w for a in ix.articles for w in a.text.split()}
        ix._name_forms = sorted(name_forms({t for w in written for t in re.findall(r"\w+", normalize(w))}))
    return ix._name_forms


NAME_BRIDGE_MARGIN = 8.0  # a name's spellings in the collection: those within this of the closest (توكايف 91,
# توكاييف 83 for تكايف)


def name_bridge(ix: Index, names: list[tuple[str, ...]]) -> list[dict[str, float]]:
    """Per transliterated name, the stems of the collection's words that spell it (its closest spellings, fuzzily):
    "al-Hawi" (حاوي) finds الحاوي, so BM25 and the bridge can match a name the encoder does not know. Each counts as
    a translation at cosine 0.9, as the lexicon's do."""
    from rapidfuzz import fuzz, process

    forms = corpus_forms(ix)
    known = set(forms)
    out = []
    for spellings in names:
        found: dict[str, float] = {}
        for sp in spellings:
            hits = [sp] if sp in known else []
            if len(sp) >= 4:  # the closest spellings (الماتي 91 for المتي, not المستوي 83), no function word (التي 89);
                # a short one within one letter added or dropped (85: one changed is 80, طبيون for بيرون)
                cutoff = 80 if len(sp) >= 6 else 85
                found_ = process.extract(sp, forms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8)
                close = [(f, score) for f, score, _ in found_
                         if abs(len(f) - len(sp)) <= 2 and f not in FUNCTION_AR and f not in STOP_AR]  # (nor stop word)
                hits += [f for f, score in close if score >= close[0][1] - NAME_BRIDGE_MARGIN]
            for f in hits:
                for t in tokens(f):
                    found[t] = 0.9
        if found:
            out.append(found)
    return out


def name_matches(names: list[tuple[str, ...]], docs: list[set[str]]) -> np.ndarray:
    """Per doc, the share of informative names it mentions (fuzzily).

    A name found in most of the candidates (the country the corpus is about)
    says nothing about which one answers, so it is left out.
    """
    if not docs:
        return np.zeros(0)
    hits = np.array([[fuzzy_hits(sp, toks) for toks in docs] for sp in names], dtype=float)
    informative = hits.mean(axis=1) <= 0.5
    if not informative.any():
        return np.zeros(len(docs))
    return hits[informative].mean(axis=0)


BRIDGE_MIN = 0.6  # an English word's translation: a corpus word at least this close (USE cosine) ...
BRIDGE_MARGIN = 0.1  # ... and within this of the closest one
BRIDGE_TOP = 3
BRIDGE_GAP = 0.03  # ... and standing out from its 8 closest: a word the encoder does not know (Almaty, Curie)
BRIDGE_POOL = 8  # lands near many corpus words at once (إحكام 0.72، أنجزت 0.72، إجلاء 0.71 …) and is left out
BRIDGE_ROOT = 0.8  # a sentence holding a translation's root, not its stem, counts this much of its cosine
EXPANSION_MAX_SHARE = 0.35  # a bridged word expands the question (``Bridge.words``) only if in at most this
# share of the passages (الرئيس، كازاخستان over the seeds): its English items 0.857 -> 0.929 at weight 0.5


# Function words of the corpus's vocabulary (as written, hamzas kept: ماء is water), left out of the bridge:
# single English words land near them ("die": فيه، فيها، عليها 0.81).
FUNCTION_AR = set((
    "في من على إلى الى عن مع ما لا لم لن أن إن أو ثم قد بل حتى إذ إذا كما مثل بين حيث هذا هذه ذلك تلك هناك هنا "
    "التي الذي الذين وهو وهي وهم هو هي هم كان كانت يكون وكان وكانت وقد فقد لقد وفي وعلى ومن وإلى وعن ومع ولا "
    "فيه فيها فيهم عليه عليها عليهم منه منها منهم عنه عنها عنهم إليه إليها إليهم له لها لهم به بها بهم معه معها "
    "أنه أنها أنهم إنه إنها إنهم فإن وإن وأن بأن لأن كأن لكن ولكن أيضا غير سوى كل بعد قبل عند لدى نحو أي "
    "الى فى اذ اذا انه انها ان او مما فيما بما لما عما إلا الا دون منذ خلال ذات عبر").split())


def _content_words(ix: Index) -> np.ndarray:
    """Which words of the index's bridge vocabulary are not function words (computed once per index)."""
    if ix._bridge_content is None or len(ix._bridge_content) != len(ix.bridge_words):
        ix._bridge_content = np.array([w not in FUNCTION_AR for w in ix.bridge_words], dtype=bool)
    return ix._bridge_content


@dataclass
class Bridge:
    """What a Latin-script question's words are in the corpus's language (``bridge``)."""

    terms: list[dict[str, float]]  # per word, the stems of its likely translations with their cosines
    words: list[str]  # per word, its nearest corpus word as written, for query expansion (not the commonest)


def typed_in_lower_case(question: str) -> bool:
    """No capital after a Latin-script question's first word: its names, if any, were typed in lower case too."""
    return not any(w[:1].isupper() for w in re.findall(r"[A-Za-z]+", question)[1:])


# English words the encoder places near nothing they mean, with the stems that do ("die" lands on يعد، فاه; the
# past tense "died" on توفي, but reading every verb after "did" in the past lost unanswerable questions, twice)
_LEXICON = {w: ("توف", "فاه", "فات") for w in ("die", "died", "dies", "death")}


def bridge(ix: Index, question: str) -> Bridge:
    """For each content word of a Latin-script question, its likely translations in the corpus.

    The corpus words nearest to the word by ``qa.embed.Universal`` (trees → الأشجار، شجرة), each stem
    with its cosine; and the word itself (cosine 1) where the corpus has it (a tweet quoted in English,
    "AFP"). Words with neither are left out.
    """
    from .embed import universal

    # encoded as written: the encoder knows "Sina" (سينا 0.71) and "Ibn" (ابن), not "sina" (مالحة)
    first: dict[str, str] = {}  # each content word once, lowercased -> as first written
    for w in re.findall(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’]+", question):
        if w.lower() not in STOP_EN and len(w) > 2:
            first.setdefault(w.lower(), w)
    qwords, cased = list(first), list(first.values())
    # numbers are written alike in both scripts ("COP29", "in 1960"): each is its own translation
    numbers = list(dict.fromkeys(tokens(" ".join(re.findall(r"[0-9٠-٩]+", question)))))
    if not qwords and not numbers:
        return Bridge([], [])
    dfs, _ = ix.store.doc_freq(qwords + numbers)
    out = [{n: 1.0} for n, df in zip(numbers, dfs[len(qwords):]) if df]
    nearest: list[str] = []
    if not qwords:
        return Bridge(out, nearest)
    # einsum, not a BLAS product: BLAS threads wait on ONNX Runtime's spinning workers just after a question
    # is encoded (with a 500-word vocabulary the bridge cost 11 ms a question that way, 3.5 ms this way)
    # A question typed without capitals may hold names all the same: each word is read capitalized too, and the
    # closer reading counts (English questions typed in lower case: hit@1 0.914 -> 0.935 over sixteen sets)
    lower = typed_in_lower_case(question)
    vecs = universal().encode(cased + ([w[:1].upper() + w[1:] for w in cased] if lower else []))
    sims = np.einsum("vd,qd->vq", ix.bridge_vectors, vecs)  # (vocabulary, question words [, capitalized])
    if lower:
        sims = np.maximum(sims[:, :len(cased)], sims[:, len(cased):])
    sims[~_content_words(ix)] = -1.0  # "die" lands nearest فيه، فيها، عليها (0.81): they translate nothing
    for j, word in enumerate(qwords):
        terms: dict[str, float] = {word: 1.0} if dfs[j] else {}
        lexicon = _LEXICON.get(word, ())
        if lexicon:  # (those the collection uses)
            terms.update({t: 0.9 for t, df in zip(lexicon, ix.store.doc_freq(list(lexicon))[0]) if df})
        col = sims[:, j]
        if len(col):
            top = np.argpartition(-col, min(BRIDGE_POOL, len(col)) - 1)[:BRIDGE_POOL]
            top = top[np.argsort(-col[top])]
            best = float(col[top[0]])
            if best - float(col[top].mean()) >= BRIDGE_GAP and best >= BRIDGE_MIN:
                nearest.append(ix.bridge_words[int(top[0])])
                for i in top[:BRIDGE_TOP]:
                    c = float(col[i])
                    if c >= BRIDGE_MIN and c >= best - BRIDGE_MARGIN:
                        for t in tokens(ix.bridge_words[int(i)]):
                            terms[t] = max(terms.get(t, 0.0), c)
        if terms:
            out.append(terms)
    out += name_bridge(ix, name_terms(question))
    if nearest:  # a word in many passages says what the collection is about, not which sentence answers
        firsts = [(tokens(w) or [w])[0] for w in nearest]
        word_dfs, n = ix.store.doc_freq(firsts)
        nearest = [w for w, df in zip(nearest, word_dfs) if df <= EXPANSION_MAX_SHARE * max(1, n)]
    return Bridge(out, nearest)


def bridge_matches(ix: Index, translations: list[dict[str, float]], docs: list[set[str]]) -> np.ndarray:
    """Per doc (a set of stems), the weighted share of the question's words it holds a translation of.

    A word weighs its IDF over the collection times its IDF over these docs: the subject of the question
    ("Riyadh Metro") is in most of the sentences compared, through their article's title too, and tells them
    apart less than the word asked about ("stations"). English hit@1 over eighteen sets 0.899 -> 0.906, on
    one index of 47 articles 0.856 -> 0.861; typed in lower case 0.920 -> 0.928.
    """
    if not translations or not docs:
        return np.zeros(len(docs))
    all_terms = sorted({t for b in translations for t in b})
    idf = dict(zip(all_terms, idf_weights(ix, all_terms)))
    n = len(docs)
    weight = [max(idf[t] for t in b) * float(np.log(1 + n / (sum(1 for doc in docs if not doc.isdisjoint(b)) + 0.5)))
              for b in translations]
    total = sum(weight) or 1.0
    # A translation holds by its root too, a little less (تأسست ~ وأسس, الملاحة ~ للملاحة): the encoder gives one
    # form of a word and the article uses another (English +2 over 23 sets, none lost)
    translations = [{**{"√" + root(t): c * BRIDGE_ROOT for t, c in b.items() if len(t) >= 4 and root(t) != t}, **b}
                    for b in translations]
    docs = [doc | {"√" + root(t) for t in doc} for doc in docs]
    return np.array([sum(wt * max((c for t, c in b.items() if t in doc), default=0.0) for b, wt in zip(translations, weight))
                     for doc in docs]) / total


def _rrf(rank: np.ndarray) -> np.ndarray:
    return 1.0 / (RRF_K + rank)


def retrieve(ix: Index, qvec: np.ndarray, question: str, k: int = 8, translations: list[dict[str, float]] | None = None,
             translation_weight: float = 0.0) -> list[Hit]:
    """Top ``k`` chunks for a question whose embedding is ``qvec``.

    Arabic questions: the dense ranking fused with BM25 on their stems (reciprocal rank). Latin-script
    questions: BM25 cannot match their words, so it runs on the Arabic words they bridge to
    (``translations``, from ``bridge``), fused at ``translation_weight``: e5 alone across languages finds the
    right article less often as a collection grows (on one index of 47 articles, English hit@3 0.904 -> 0.957).
    """
    n = ix.store.n_chunks
    if n == 0:
        return []
    depth = min(n, max(50, 4 * k))
    ids, scores = ix.store.search(qvec, depth)
    dense = {int(i): float(s) for i, s in zip(ids, scores)}
    fused = {c: _rrf(r) for r, c in enumerate(dense)}
    if script(question) == "ar":
        terms, weight = query_terms(question, ix), 1.0
    else:
        terms, weight = list(dict.fromkeys(t for b in translations or [] for t in b)), translation_weight
    if terms and weight:
        top, _ = ix.store.chunk_lexical(terms, depth)
        for r, c in enumerate(int(c) for c in top):
            fused[c] = fused.get(c, 0.0) + weight * _rrf(r)
    best = sorted(fused, key=lambda c: -fused[c])[:k]
    missing = [c for c in best if c not in dense]  # found by BM25 only: their cosine, for the k kept
    if missing:
        for c, s in zip(missing, ix.store.chunk_vectors(missing) @ qvec):
            dense[c] = float(s)
    return [Hit(c, fused[c], dense[c]) for c in best]
