"""Build, persist, check and open the index: vectors and BM25 in a store, spans, articles and a manifest.

An index is a folder written whole into a temporary sibling and renamed into
place, so a crash never leaves a half-written index. The manifest records what
the index was built from (model, chunking, corpus file hashes, versions) and the
sha256 of every file in it, so a stale or damaged index is detected on open.

Vectors and the lexical indexes live in a *store*: FAISS + bm25s files inside the
folder (the default), or collections in Milvus (``qa.milvus``) for corpora that
outgrow one machine. Embedding is checkpointed batch by batch beside the
folder, so a killed build resumes without re-embedding what it finished.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .chunk import ChunkSettings, Span, chunk_spans, sentence_spans
from .load import Article, Skipped, _key, corpus_files, load_corpus, read_articles, title_of
from .normalize import normalize, stems, tokens, vocabulary

FORMAT = 4  # 2: vectors and BM25 behind a store (FAISS or Milvus); 3: the word bridge; 4: stems before a pronoun
BRIDGE_WORDS = 20_000  # the most frequent words of the corpus that the word bridge knows (40 MB; 12–18 ms a question)
CHECKPOINT = int(os.environ.get("ARQA_CHECKPOINT", "1024"))  # texts embedded between two checkpoints


_DATELINE = re.compile(r"^(\w+(?: \w+){0,2}?)(?: \([^)]*\))? ?[-–—] ")  # "تونس - ", "درنة (ليبيا) - "


class IndexError_(Exception):
    """The index is missing, damaged, or was built from something else; the message says which."""


@dataclass
class Index:
    """Spans and articles in memory; vectors and lexical indexes behind ``store`` (FAISS files or Milvus)."""

    path: Path
    manifest: dict
    articles: list[Article]
    chunks: np.ndarray  # (n, 3) int64: article, start, end
    sentences: np.ndarray  # (m, 3) int64: article, start, end
    store: "FaissStore"  # or qa.milvus.MilvusStore: the same methods
    chunk_sentences: list[np.ndarray] = field(default_factory=list)  # sentence ids overlapping each chunk
    _norm: dict = field(default_factory=dict, repr=False)  # (table id, row) -> normalized text, filled as needed
    _tokens: dict = field(default_factory=dict, repr=False)  # (table id, row) -> stems, filled as needed
    _titles: dict = field(default_factory=dict, repr=False)  # article -> its title normalized and stemmed, as needed
    _words: dict = field(default_factory=dict, repr=False)  # article -> the stems of its sentences, as needed
    _sections: dict = field(default_factory=dict, repr=False)  # sentence -> its section heading's row, as needed
    # The word bridge: the corpus's words and their vectors from ``qa.embed.Universal`` (see ``retrieve.bridge``).
    bridge_words: list[str] = field(default_factory=list)
    bridge_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), dtype=np.float32))
    _bridge_content: np.ndarray | None = field(default=None, repr=False)  # which bridge words are no function words
    _name_forms: list | None = field(default=None, repr=False)  # the corpus's words (``retrieve.corpus_forms``), as needed

    def text(self, table: np.ndarray, i: int) -> str:
        d, s, e = table[i]
        return self.articles[d].text[s:e]

    def normalized(self, table: np.ndarray, i: int) -> str:
        """Normalized text of a chunk or sentence, computed once (normalizing is the slow part of a query)."""
        key = (id(table), int(i))
        got = self._norm.get(key)
        if got is None:
            got = self._norm[key] = normalize(self.text(table, i))
        return got

    def heading(self, d: int) -> str:
        """An article's title where it has one: a given title, or a first line that reads as a title (a
        headline may ask a question); else the words of its lead sentence that recur in its other sentences.

        A first line that is a sentence (closing punctuation, or over 20 words) is the lead of an article
        without a title, not a name for what the article is about. The lead of a news report names its
        subject once ("الرياض - افتتح مترو الرياض ...") and the report goes on about it ("المترو"): those
        recurring words name the subject as a title would, and the other words of the lead (the event it
        reports) do not (it must not outrank the sentences that answer for holding the subject alone).
        """
        art = self.articles[d]
        if art.title != title_of(art.text):
            return art.title  # given with the record
        t = art.title.strip()
        if t and len(t.split()) <= 20 and t[-1] not in ".!…:":
            return t
        lead, end = _article_rows(self.sentences, d)
        later = {stem for i in range(lead + 1, end) for stem in self.tokens(self.sentences, i)}
        lead_text = self.normalized(self.sentences, lead)
        recurring = [w for w in lead_text.split() if set(stems(w)) & later] if end - lead > 1 else []
        # A dateline ("تونس - أعلنت الوزارة ...") names where the report is from, mostly what it is about
        dateline = _DATELINE.match(lead_text)
        if dateline and dateline.group(1).split()[0] not in recurring:
            recurring = dateline.group(1).split() + recurring
        return " ".join(recurring)

    def title_words(self, d: int) -> tuple[str, set[str]]:
        """An article's title (``heading``) normalized, and its stems; computed once."""
        got = self._titles.get(d)
        if got is None:
            norm = normalize(self.heading(d))
            got = self._titles[d] = (norm, set(stems(norm)))
        return got

    def title_tokens(self, d: int) -> set[str]:
        return self.title_words(d)[1]

    def is_heading(self, sid: int) -> bool:
        """A whole line without closing punctuation (a title, section heading or dateline)."""
        d, s, e = (int(x) for x in self.sentences[sid])
        text = self.articles[d].text
        line_start = s == 0 or text[:s].rstrip(" \t").endswith("\n") or not text[:s].strip()
        line_end = e == len(text) or text[e:].lstrip(" \t").startswith(("\n", "\r")) or not text[e:].strip()
        return line_start and line_end and text[e - 1] not in ".!?؟…:" and len(self.tokens(self.sentences, sid)) < 15

    def section_tokens(self, sid: int) -> set[str]:
        """The stems of the section heading a sentence stands under ("وفاته" over "قتل المتنبي سنة 965 ..."): a
        heading of at most five words after the article's first line, else none; computed once per article."""
        if sid not in self._sections:
            d = int(self.sentences[sid][0])
            lo, hi = _article_rows(self.sentences, d)
            current = None
            for i in range(lo, hi):
                if i > lo and self.is_heading(i) and len(self.tokens(self.sentences, i)) <= 5:
                    current = i
                self._sections[i] = current
        row = self._sections[sid]
        return set(self.tokens(self.sentences, row)) if row is not None and row != sid else set()

    def article_tokens(self, d: int) -> set[str]:
        """The stems of all of an article's sentences; computed once."""
        got = self._words.get(d)
        if got is None:
            lo, hi = _article_rows(self.sentences, d)
            got = self._words[d] = {t for i in range(lo, hi) for t in self.tokens(self.sentences, i)}
        return got

    def tokens(self, table: np.ndarray, i: int) -> list[str]:
        """Normalized stems of a chunk or sentence, computed once."""
        key = (id(table), int(i))
        got = self._tokens.get(key)
        if got is None:
            got = self._tokens[key] = stems(self.normalized(table, i))
        return got


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file():
                h.update(f.relative_to(path).as_posix().encode())
                h.update(_sha256(f).encode())
        return h.hexdigest()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _versions(extra: tuple[str, ...] = ()) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("arqa", "faiss-cpu", "sentence-transformers", "bm25s", "langchain-text-splitters") + extra:
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


# A sentence is short: a term it repeats says little more than one it names once, so its term frequency saturates
# sooner than a chunk's (Arabic hit@1 +3 over 31 gold sets, hit@3 -1; +1 on one 47-article index; 0.7 and 1.2 gain less)
SENTENCE_BM25_K1 = 1.0


def _bm25(docs: list[list[str]], k1: float = 1.5):
    import bm25s

    r = bm25s.BM25(k1=k1)
    r.index(docs, show_progress=False)
    return r


HNSW_FROM = 100_000  # chunks; exact search at 100k takes 16 ms p50 on 2 cores (bench/scale.py)
IVF_FROM = 500_000  # at 1M, HNSW (M 32) builds in 7 min and reaches recall@10 0.946 at efSearch 512; IVF-Flat
EF_SEARCH = 256  # builds in 30 s and reaches 0.968 in 7 ms p50 (bench/scale.py)


def index_type_for(n: int) -> str:
    """Exact search for small and mid-size corpora, HNSW graphs for large ones, inverted lists for the largest."""
    if n < HNSW_FROM:
        return "flat-ip"
    if n < IVF_FROM:
        return "hnsw32-ip"
    return "ivfflat-ip"


def ivf_lists(n: int) -> tuple[int, int]:
    """Number of inverted lists (4 sqrt n) and of lists probed per search (1/32 of them)."""
    nlist = int(4 * np.sqrt(n))
    return nlist, max(32, nlist // 32)


def _faiss_index(vectors: np.ndarray, kind: str = "flat-ip", step: int = 65536):
    """A FAISS index of ``vectors`` (added a slice at a time, so a memory-mapped array stays on disk)."""
    import faiss

    d = vectors.shape[1]
    if kind == "flat-ip":
        ix = faiss.IndexFlatIP(d)
    elif kind == "hnsw32-ip":
        ix = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
        ix.hnsw.efConstruction = 80
        ix.hnsw.efSearch = EF_SEARCH
    elif kind == "ivfflat-ip":
        nlist, nprobe = ivf_lists(len(vectors))
        ix = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), 64 * nlist), replace=False)
        ix.train(np.ascontiguousarray(vectors[np.sort(sample)], dtype=np.float32))
        ix.nprobe = nprobe
    else:
        raise ValueError(f"unknown index type {kind!r}")
    for lo in range(0, len(vectors), step):
        ix.add(np.ascontiguousarray(vectors[lo:lo + step], dtype=np.float32))
    return ix


class FaissStore:
    """Chunk vectors in FAISS, sentence vectors in numpy, BM25 in bm25s: files inside the index folder."""

    kind = "faiss"

    def __init__(self, fx, svec: np.ndarray, bm_chunks, bm_sents):
        self.fx, self.svec, self.bm_chunks, self.bm_sents = fx, svec, bm_chunks, bm_sents

    n_chunks = property(lambda self: int(self.fx.ntotal))
    n_sentences = property(lambda self: len(self.svec))
    dim = property(lambda self: int(self.fx.d))

    def search(self, qvec: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and cosines of the ``depth`` chunks nearest to the question."""
        scores, ids = self.fx.search(qvec.reshape(1, -1).astype(np.float32), depth)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def chunk_vectors(self, ids: list[int]) -> np.ndarray:
        return np.vstack([self.fx.reconstruct(int(c)) for c in ids])

    def chunk_lexical(self, terms: list[str], depth: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and BM25 scores of the best ``depth`` chunks with any of ``terms``."""
        bm = self.bm_chunks.get_scores(terms)
        top = np.argsort(-bm, kind="stable")[:depth]
        top = top[bm[top] > 0]
        return top, bm[top]

    def sentence_vectors(self, sids: np.ndarray) -> np.ndarray:
        return self.svec[sids]

    def sentence_lexical(self, terms: list[str], sids: np.ndarray, tokens_of=None) -> np.ndarray:
        return self.bm_sents.get_scores(terms)[sids]

    def doc_freq(self, terms: list[str]) -> tuple[list[int], int]:
        """How many chunks hold each term, and how many chunks there are (for IDF weights)."""
        bm = self.bm_chunks
        vocab, indptr = bm.vocab_dict, bm.scores["indptr"]
        out = []
        for t in terms:
            tid = vocab.get(t)
            out.append(int(indptr[tid + 1] - indptr[tid]) if tid is not None else 0)
        return out, int(bm.scores["num_docs"])

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        return self.fx.reconstruct_n(0, self.fx.ntotal), np.asarray(self.svec)

    @staticmethod
    def write(folder: Path, index_dir: Path, manifest: dict, cvec: np.ndarray, svec: np.ndarray,
              chunk_terms: Callable[[int], list[str]], sent_terms: Callable[[int], list[str]]) -> None:
        import faiss

        manifest["index_type"] = index_type_for(len(cvec))
        faiss.write_index(_faiss_index(cvec, manifest["index_type"]), str(folder / "chunks.faiss"))
        out = np.lib.format.open_memmap(folder / "sentence_vectors.npy", "w+", np.float32, (len(svec), svec.shape[1]))
        for lo in range(0, len(svec), 65536):
            out[lo:lo + 65536] = svec[lo:lo + 65536]
        out.flush()
        del out
        _bm25([chunk_terms(i) for i in range(len(cvec))]).save(str(folder / "bm25_chunks"), show_progress=False)
        _bm25([sent_terms(i) for i in range(len(svec))], SENTENCE_BM25_K1).save(str(folder / "bm25_sentences"), show_progress=False)

    @classmethod
    def open(cls, folder: Path, manifest: dict) -> "FaissStore":
        import bm25s
        import faiss

        fx = faiss.read_index(str(folder / "chunks.faiss"))
        if hasattr(fx, "hnsw"):
            fx.hnsw.efSearch = EF_SEARCH
        if hasattr(fx, "nprobe"):
            fx.nprobe = ivf_lists(fx.ntotal)[1]
        return cls(fx, np.load(folder / "sentence_vectors.npy"),
                   bm25s.BM25.load(str(folder / "bm25_chunks"), show_progress=False),
                   bm25s.BM25.load(str(folder / "bm25_sentences"), show_progress=False))

    @staticmethod
    def cleanup(index_dir: Path, manifest: dict) -> None:
        """Nothing lives outside the folder."""


def _store_class(spec: dict):
    kind = (spec or {}).get("kind", "faiss")
    if kind == "faiss":
        return FaissStore
    if kind == "milvus":
        from .milvus import MilvusStore

        return MilvusStore
    raise IndexError_(f"unknown store {kind!r}")


def manifest_store(manifest: dict) -> dict:
    """The store an index lives in as asked for (kind and URI), without what a build filled in (collection names)."""
    return {k: v for k, v in (manifest.get("store") or {"kind": "faiss"}).items() if k in ("kind", "uri")}


def store_spec(kind: str = "faiss", milvus_uri: str | None = None, index_dir: Path | None = None) -> dict:
    """What ``--store``/``--milvus-uri`` ask for; a Milvus file path defaults to ``<index>.milvus.db`` beside the index."""
    if kind == "faiss":
        return {"kind": "faiss"}
    if kind != "milvus":
        raise IndexError_(f"unknown store {kind!r} (use faiss or milvus)")
    from .milvus import resolve_uri

    return {"kind": "milvus", "uri": resolve_uri(milvus_uri, index_dir)}


def corpus_state(corpus: Path) -> dict[str, int]:
    """Cheap fingerprint of the corpus files (sizes and mtimes) to notice edits without hashing."""
    corpus = Path(corpus)
    return {_key(p, corpus): [p.stat().st_size, p.stat().st_mtime_ns] for p in corpus_files(corpus)}


def _spans(articles: list[Article], settings: ChunkSettings, first: int = 0) -> tuple[list[Span], list[Span]]:
    chunks: list[Span] = []
    sents: list[Span] = []
    for i, a in enumerate(articles, first):
        chunks.extend(chunk_spans(a.text, i, settings))
        sents.extend(sentence_spans(a.text, i))
    return chunks, sents


def _work_dir(index_dir: Path, embedder, settings: dict, articles: list[Article], checkpoint: int) -> Path:
    """Where a build keeps its finished batches: named by everything that decides the vectors."""
    h = hashlib.sha256(json.dumps([embedder.name, embedder.fingerprint, settings, checkpoint,
                                   [a.sha256 for a in articles]]).encode()).hexdigest()[:16]
    return index_dir.parent / f".{index_dir.name}.partial-{h}"


def _embed(embedder, articles: list[Article], chunks: list[Span], sents: list[Span], first: int, work: Path,
           progress: Callable[[str], None] | None, checkpoint: int = CHECKPOINT) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of the chunks and sentences of ``articles`` (article ``first`` is ``articles[0]``).

    Every ``checkpoint`` texts are saved to ``work`` as they are done, so a killed
    build picks up where it stopped; memory holds one batch, and the result is
    memory-mapped from disk.
    """
    work.mkdir(parents=True, exist_ok=True)
    plan = [(f"{p}-{b:06d}.npy", spans[lo:lo + checkpoint])
            for p, spans in (("c", chunks), ("s", sents)) for b, lo in enumerate(range(0, len(spans), checkpoint))]
    total = len(chunks) + len(sents)
    done = sum(len(batch) for name, batch in plan if (work / name).exists())
    bar = None
    if progress:
        if done:
            progress(f"resuming: {done} of {total} texts were embedded before")
        progress(f"embedding {len(chunks)} chunks and {len(sents)} sentences of {len(articles)} articles")
        from tqdm.auto import tqdm

        bar = tqdm(total=total, initial=done, unit="text", desc="qa: embedding", smoothing=0.1, dynamic_ncols=True)
    try:
        for name, batch in plan:
            part = work / name
            if part.exists():
                continue
            v = embedder.encode_passages([articles[x.doc - first].text[x.start:x.end] for x in batch])
            tmp = work / f"tmp-{name}"
            with open(tmp, "wb") as f:
                np.save(f, v)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, part)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    return (_concat(work, "c", len(chunks), embedder.dim, checkpoint),
            _concat(work, "s", len(sents), embedder.dim, checkpoint))


def _concat(work: Path, prefix: str, n: int, dim: int, checkpoint: int) -> np.ndarray:
    """The batches of one kind joined into one memory-mapped array (one batch in memory at a time)."""
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    path = work / f"all-{prefix}.npy"
    out = np.lib.format.open_memmap(path, "w+", np.float32, (n, dim))
    for b, lo in enumerate(range(0, n, checkpoint)):
        out[lo:lo + checkpoint] = np.load(work / f"{prefix}-{b:06d}.npy", mmap_mode="r")
    out.flush()
    del out
    return np.load(path, mmap_mode="r")


def _clear_work(index_dir: Path, keep: Path | None = None) -> None:
    """Drop checkpoints of earlier builds that can no longer be resumed (other corpus, model or chunking)."""
    for p in index_dir.parent.glob(f".{index_dir.name}.partial-*"):
        if p != keep:
            shutil.rmtree(p, ignore_errors=True)


def build(
    corpus: Path, index_dir: Path, embedder, settings: ChunkSettings = ChunkSettings(),
    progress: Callable[[str], None] | None = None, store: dict | None = None, checkpoint: int = CHECKPOINT,
) -> tuple[dict, list[Skipped]]:
    """Index every readable article of ``corpus`` into ``index_dir``; returns the manifest and skipped files.

    A build killed part way resumes from its last checkpoint when run again on the same input.
    """
    t0 = time.perf_counter()
    corpus, index_dir = Path(corpus), Path(index_dir)
    store = store or {"kind": "faiss"}
    state = corpus_state(corpus)
    articles, skipped = load_corpus(corpus)
    chunks, sents = _spans(articles, settings)
    work = _work_dir(index_dir, embedder, settings.as_dict(), articles, checkpoint)
    _clear_work(index_dir, keep=work)
    cvec, svec = _embed(embedder, articles, chunks, sents, 0, work, progress, checkpoint)
    manifest = {
        "format": FORMAT,
        "model": {"name": embedder.name, "fingerprint": embedder.fingerprint, "dim": embedder.dim},
        "chunking": settings.as_dict(),
        "store": dict(store),
        "corpus": {"path": str(corpus.resolve()), "state": state, "skipped": {s.path: s.reason for s in skipped}},
    }
    _write(index_dir, manifest, articles, _rows(chunks), _rows(sents), cvec, svec, t0, progress)
    shutil.rmtree(work, ignore_errors=True)
    return manifest, skipped


def add(index_dir: Path, files: list[Path], embedder, corpus: Path | None = None,
        progress: Callable[[str], None] | None = None) -> tuple[dict, list[Article], list[Skipped]]:
    """Add articles to a built index without re-embedding the ones it has; adding the same file twice is a no-op.

    A file inside ``corpus`` gets its path relative to it as id (so later staleness
    checks of the corpus see it as indexed); any other file gets its file name.
    """
    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    ix = open_index(index_dir)
    m = ix.manifest
    if m["model"]["name"] != embedder.name or m["model"]["fingerprint"] != embedder.fingerprint:
        raise IndexError_(f"the index was built with model {m['model']['name']!r}; add with that model")
    known = {a.doc_id: a.sha256 for a in ix.articles}
    pairs = []
    for f in map(Path, files):
        if not f.is_file():
            raise IndexError_(f"no such file: {f}")
        doc_id = f.name
        if corpus is not None:
            try:
                doc_id = f.resolve().relative_to(Path(corpus).resolve()).as_posix()
            except ValueError:
                pass
        pairs.append((f, doc_id))
    new, skipped = read_articles(pairs, seen={v: k for k, v in known.items()})
    clash = [a.doc_id for a in new if a.doc_id in known]
    if clash:
        raise IndexError_(f"{clash[0]} is indexed with other content; rebuild with qa index")
    if new:
        settings = ChunkSettings(m["chunking"]["size"], m["chunking"]["overlap"])
        first = len(ix.articles)
        chunks, sents = _spans(new, settings, first)
        work = _work_dir(index_dir, embedder, m["chunking"], ix.articles + new, CHECKPOINT)
        cvec, svec = _embed(embedder, new, chunks, sents, first, work, progress)
        m = {k: v for k, v in m.items() if k not in ("files", "counts", "built_at", "build_seconds")}
        m["store"] = manifest_store(m)
        if corpus is not None:
            m["corpus"]["state"].update({k: v for k, v in corpus_state(Path(corpus)).items()
                                         if k in {a.doc_id for a in new}})
        all_chunks = np.vstack([ix.chunks, _rows(chunks)])
        all_sents = np.vstack([ix.sentences, _rows(sents)])
        old_c, old_s = ix.store.all_vectors()
        _write(index_dir, m, ix.articles + new, all_chunks, all_sents, np.vstack([old_c, cvec]),
               np.vstack([old_s, svec]), t0, progress, dict(zip(ix.bridge_words, ix.bridge_vectors)))
        shutil.rmtree(work, ignore_errors=True)
    return read_manifest(index_dir), new, skipped


def _rows(spans: list[Span]) -> np.ndarray:
    return np.array([(x.doc, x.start, x.end) for x in spans], dtype=np.int64).reshape(-1, 3)


def _write(index_dir: Path, manifest: dict, articles: list[Article], chunks: np.ndarray, sents: np.ndarray,
           cvec: np.ndarray, svec: np.ndarray, t0: float, progress: Callable[[str], None] | None = None,
           known_words: dict[str, np.ndarray] | None = None) -> None:
    """Write a whole index into a temporary sibling folder (and new store collections), then swap it into place.

    ``known_words``: word-bridge vectors already computed (``add``), not encoded again.
    """
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-", dir=index_dir.parent))
    store = _store_class(manifest.get("store"))
    try:
        (tmp / "articles.json").write_text(json.dumps(
            [{"doc_id": a.doc_id, "title": a.title, "sha256": a.sha256, "text": a.text} for a in articles],
            ensure_ascii=False), encoding="utf-8")
        np.save(tmp / "chunks.npy", chunks)
        np.save(tmp / "sentences.npy", sents)

        def terms(table: np.ndarray) -> Callable[[int], list[str]]:
            return lambda i: tokens(articles[table[i][0]].text[table[i][1]:table[i][2]])

        if progress:
            progress("encoding the word bridge")
        _write_bridge(tmp, articles, known_words or {})
        if progress:
            progress(f"writing the {store.kind} store")
        store.write(tmp, index_dir, manifest, cvec, svec, terms(chunks), terms(sents))
        manifest["corpus"]["articles"] = {a.doc_id: a.sha256 for a in articles}
        manifest.update({
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "counts": {"articles": len(articles), "chunks": len(chunks), "sentences": len(sents)},
            "versions": _versions(("pymilvus", "milvus-lite") if store.kind == "milvus" else ()),
            "files": {p.name: _sha256(p) for p in sorted(tmp.iterdir()) if p.name != "manifest.json"},
            "sizes": {p.name: _size(p) for p in sorted(tmp.iterdir()) if p.name != "manifest.json"},
            "build_seconds": round(time.perf_counter() - t0, 3),
        })
        with open(tmp / "manifest.json", "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        _swap_into_place(tmp, index_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    store.cleanup(index_dir, manifest)


def _write_bridge(folder: Path, articles: list[Article], known: dict[str, np.ndarray]) -> None:
    """The corpus's most frequent words with their ``Universal`` vectors (float16), for English questions."""
    from .embed import universal

    words = vocabulary([a.text for a in articles], BRIDGE_WORDS)
    new = [w for w in words if w not in known]
    got = dict(zip(new, universal().encode(new))) if new else {}
    vecs = np.array([known[w] if w in known else got[w] for w in words], dtype=np.float16) if words \
        else np.zeros((0, 512), dtype=np.float16)
    np.save(folder / "bridge.npy", vecs)
    (folder / "bridge_words.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")


def _swap_into_place(tmp: Path, index_dir: Path) -> None:
    """Replace ``index_dir`` by ``tmp``: the old index stays whole until the new one is complete."""
    old = None
    if index_dir.exists():
        old = index_dir.with_name(f".{index_dir.name}.old-{os.getpid()}-{time.time_ns()}")
        os.rename(index_dir, old)
    try:
        os.rename(tmp, index_dir)
    except OSError:
        if old is not None:
            os.rename(old, index_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(index_dir: Path) -> None:
    """A crash between the two renames of a swap leaves only the old copy: put it back."""
    if index_dir.exists():
        return
    olds = sorted(index_dir.parent.glob(f".{index_dir.name}.old-*"))
    if olds:
        os.rename(olds[-1], index_dir)


def read_manifest(index_dir: Path) -> dict:
    index_dir = Path(index_dir)
    _recover(index_dir)
    path = index_dir / "manifest.json"
    if not path.is_file():
        raise IndexError_(f"no index at {index_dir} (run: qa index --index {index_dir})")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexError_(f"index manifest is unreadable ({e}); rebuild with qa index") from None


def staleness(manifest: dict, corpus: Path, embedder_name: str, fingerprint: str | None,
              settings: ChunkSettings, store: dict | None = None) -> str | None:
    """Why an index no longer fits the corpus, model, chunking or asked-for store; None when it still does."""
    if manifest.get("format") != FORMAT:
        return "index format changed"
    if manifest["model"]["name"] != embedder_name or (fingerprint and manifest["model"]["fingerprint"] != fingerprint):
        return f"index was built with model {manifest['model']['name']!r}, not {embedder_name!r}"
    if manifest["chunking"] != settings.as_dict():
        return "chunk settings changed"
    if store is not None:
        have = manifest_store(manifest)
        if have.get("kind") != store.get("kind") or have.get("uri") != store.get("uri"):
            return f"the index is in the {have.get('kind')} store, not the {store.get('kind')} one asked for"
    state = corpus_state(corpus)
    old = manifest["corpus"]["state"]
    if set(state) != set(old):
        return "articles were added or removed"
    changed = [k for k in state if state[k] != old[k]]
    if changed:
        known = {**manifest["corpus"]["articles"]}
        for k in changed:
            if k.endswith(".jsonl"):
                return f"records changed: {k}"
            p = Path(corpus) if Path(corpus).is_file() else Path(corpus) / k
            if known.get(k) != _sha256(p):
                return f"article changed: {k}"
    return None


FULL_CHECK_BYTES = int(float(os.environ.get("ARQA_VERIFY_MB", "256")) * 1024 * 1024)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def verify_files(index_dir: Path, manifest: dict, full: bool | None = None) -> None:
    """Check every file against the manifest: sizes always, sha256 too when the index is small enough.

    Hashing costs about a second per GB on every start, so above ``ARQA_VERIFY_MB``
    (256 MB) only sizes are checked at open; the loaders and the count checks of
    ``open_index`` catch the rest, and ``full=True`` forces the hashes.
    """
    sizes = manifest.get("sizes", {})
    for name in manifest.get("files", {}):
        p = Path(index_dir) / name
        if not p.exists():
            raise IndexError_(f"index is damaged: {name} is missing; rebuild with qa index")
        if name in sizes and _size(p) != sizes[name]:
            raise IndexError_(f"index is damaged: {name} has the wrong size; rebuild with qa index")
    if full is None:
        full = sum(sizes.values()) <= FULL_CHECK_BYTES if sizes else True
    if full:
        for name, digest in manifest.get("files", {}).items():
            if _sha256(Path(index_dir) / name) != digest:
                raise IndexError_(f"index is damaged: {name} does not match its checksum; rebuild with qa index")


def open_index(index_dir: Path, manifest: dict | None = None, verify: bool = True) -> Index:
    """Load a built index, checking its files, its store and their consistency."""
    index_dir = Path(index_dir)
    manifest = manifest or read_manifest(index_dir)
    if verify:
        verify_files(index_dir, manifest)
    store_cls = _store_class(manifest.get("store"))
    try:
        articles = [Article(a["doc_id"], a["title"], a["text"], a["sha256"])
                    for a in json.loads((index_dir / "articles.json").read_text(encoding="utf-8"))]
        chunks = np.load(index_dir / "chunks.npy")
        sentences = np.load(index_dir / "sentences.npy")
        bridge_words = json.loads((index_dir / "bridge_words.json").read_text(encoding="utf-8"))
        bridge_vectors = np.load(index_dir / "bridge.npy").astype(np.float32)
        if len(bridge_vectors) != len(bridge_words):
            raise ValueError("the word bridge's words and vectors differ in number")
        store = store_cls.open(index_dir, manifest)
    except IndexError_:
        raise
    except Exception as e:  # any unreadable piece means the same thing to the user
        raise IndexError_(f"index is damaged ({type(e).__name__}: {e}); rebuild with qa index") from None
    if store.n_chunks != len(chunks) or store.n_sentences != len(sentences) or store.dim != manifest["model"]["dim"]:
        raise IndexError_("index is inconsistent: vectors and chunk metadata differ; rebuild with qa index")
    ix = Index(index_dir, manifest, articles, chunks, sentences, store, bridge_words=bridge_words,
               bridge_vectors=bridge_vectors)
    ix.chunk_sentences = _chunk_sentences(chunks, sentences)
    return ix


def _article_rows(sentences: np.ndarray, d: int) -> tuple[int, int]:
    """The rows [lo, hi) of article ``d``'s sentences (sentences are sorted by article, start)."""
    return int(np.searchsorted(sentences[:, 0], d, "left")), int(np.searchsorted(sentences[:, 0], d, "right"))


def _chunk_sentences(chunks: np.ndarray, sentences: np.ndarray) -> list[np.ndarray]:
    """For each chunk, the ids of sentences that overlap it."""
    out = []
    for d, s, e in chunks:
        lo, hi = _article_rows(sentences, d)
        rows = sentences[lo:hi]
        hit = np.nonzero((rows[:, 1] < e) & (rows[:, 2] > s))[0] + lo
        out.append(hit)
    return out
