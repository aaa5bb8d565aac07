"""Build, persist, check and open the index: FAISS vectors, BM25, spans, articles and a manifest.

An index is a folder written whole into a temporary sibling and renamed into
place, so a crash never leaves a half-written index. The manifest records what
the index was built from (model, chunking, corpus file hashes, versions) and the
sha256 of every file in it, so a stale or damaged index is detected on open.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .chunk import ChunkSettings, Span, chunk_spans, sentence_spans
from .load import Article, Skipped, _key, corpus_files, load_corpus, read_articles
from .normalize import normalize, stems, tokens

FORMAT = 1
FILES = ("articles.json", "chunks.npy", "sentences.npy", "chunks.faiss", "sentence_vectors.npy", "bm25_chunks", "bm25_sentences")


class IndexError_(Exception):
    """The index is missing, damaged, or was built from something else; the message says which."""


@dataclass
class Index:
    """Everything a question needs, loaded in memory."""

    path: Path
    manifest: dict
    articles: list[Article]
    chunks: np.ndarray  # (n, 3) int64: article, start, end
    sentences: np.ndarray  # (m, 3) int64: article, start, end
    faiss: object
    sentence_vectors: np.ndarray  # (m, dim) float32, L2-normalized
    bm25_chunks: object
    bm25_sentences: object
    chunk_sentences: list[np.ndarray] = field(default_factory=list)  # sentence ids overlapping each chunk
    _norm: dict = field(default_factory=dict, repr=False)  # (table id, row) -> normalized text, filled as needed
    _tokens: dict = field(default_factory=dict, repr=False)  # (table id, row) -> stems, filled as needed

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


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("arqa", "faiss-cpu", "sentence-transformers", "bm25s", "langchain-text-splitters"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def _bm25(docs: list[list[str]]):
    import bm25s

    r = bm25s.BM25()
    r.index(docs, show_progress=False)
    return r


HNSW_FROM = 100_000  # chunks; exact search at 100k takes 15 ms p50 on 2 cores (bench/scale.py)


def index_type_for(n: int) -> str:
    """Exact inner-product search for small and mid-size corpora, HNSW graphs for large ones."""
    return "flat-ip" if n < HNSW_FROM else "hnsw32-ip"


def _faiss_index(vectors: np.ndarray, kind: str = "flat-ip"):
    import faiss

    d = vectors.shape[1]
    if kind == "flat-ip":
        ix = faiss.IndexFlatIP(d)
    elif kind == "hnsw32-ip":
        ix = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
        ix.hnsw.efConstruction = 80
        ix.hnsw.efSearch = 256
    else:
        raise ValueError(f"unknown index type {kind!r}")
    ix.add(vectors)
    return ix


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


def _embed(embedder, articles: list[Article], chunks: list[Span], sents: list[Span], first: int,
           progress: Callable[[str], None] | None) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of the chunks and sentences of ``articles`` (article ``first`` is ``articles[0]``)."""
    texts = [articles[x.doc - first].text[x.start : x.end] for x in chunks + sents]
    if progress:
        progress(f"embedding {len(chunks)} chunks and {len(sents)} sentences of {len(articles)} articles")
    v = embedder.encode_passages(texts, show_progress=progress is not None)
    return v[: len(chunks)], v[len(chunks):]


def build(
    corpus: Path, index_dir: Path, embedder, settings: ChunkSettings = ChunkSettings(),
    progress: Callable[[str], None] | None = None,
) -> tuple[dict, list[Skipped]]:
    """Index every readable article of ``corpus`` into ``index_dir``; returns the manifest and skipped files."""
    t0 = time.perf_counter()
    corpus, index_dir = Path(corpus), Path(index_dir)
    state = corpus_state(corpus)
    articles, skipped = load_corpus(corpus)
    chunks, sents = _spans(articles, settings)
    cvec, svec = _embed(embedder, articles, chunks, sents, 0, progress)
    manifest = {
        "format": FORMAT,
        "model": {"name": embedder.name, "fingerprint": embedder.fingerprint, "dim": embedder.dim},
        "chunking": settings.as_dict(),
        "corpus": {"path": str(corpus.resolve()), "state": state, "skipped": {s.path: s.reason for s in skipped}},
    }
    _write(index_dir, manifest, articles, _rows(chunks), _rows(sents), cvec, svec, t0)
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
        cvec, svec = _embed(embedder, new, chunks, sents, first, progress)
        m = {k: v for k, v in m.items() if k not in ("files", "counts", "built_at", "build_seconds")}
        if corpus is not None:
            m["corpus"]["state"].update({k: v for k, v in corpus_state(Path(corpus)).items()
                                         if k in {a.doc_id for a in new}})
        all_chunks = np.vstack([ix.chunks, _rows(chunks)])
        all_sents = np.vstack([ix.sentences, _rows(sents)])
        old_vecs = ix.faiss.reconstruct_n(0, ix.faiss.ntotal)
        _write(index_dir, m, ix.articles + new, all_chunks, all_sents, np.vstack([old_vecs, cvec]),
               np.vstack([ix.sentence_vectors, svec]), t0)
    return read_manifest(index_dir), new, skipped


def _rows(spans: list[Span]) -> np.ndarray:
    return np.array([(x.doc, x.start, x.end) for x in spans], dtype=np.int64).reshape(-1, 3)


def _write(index_dir: Path, manifest: dict, articles: list[Article], chunks: np.ndarray, sents: np.ndarray,
           cvec: np.ndarray, svec: np.ndarray, t0: float) -> None:
    """Write a whole index into a temporary sibling folder, then swap it into place."""
    import faiss

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-", dir=index_dir.parent))
    try:
        (tmp / "articles.json").write_text(json.dumps(
            [{"doc_id": a.doc_id, "title": a.title, "sha256": a.sha256, "text": a.text} for a in articles],
            ensure_ascii=False))
        np.save(tmp / "chunks.npy", chunks)
        np.save(tmp / "sentences.npy", sents)
        manifest["index_type"] = index_type_for(len(cvec))
        faiss.write_index(_faiss_index(cvec, manifest["index_type"]), str(tmp / "chunks.faiss"))
        np.save(tmp / "sentence_vectors.npy", svec)

        def text(row) -> str:
            return articles[row[0]].text[row[1]:row[2]]

        _bm25([tokens(text(r)) for r in chunks]).save(str(tmp / "bm25_chunks"), show_progress=False)
        _bm25([tokens(text(r)) for r in sents]).save(str(tmp / "bm25_sentences"), show_progress=False)
        manifest["corpus"]["articles"] = {a.doc_id: a.sha256 for a in articles}
        manifest.update({
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "counts": {"articles": len(articles), "chunks": len(chunks), "sentences": len(sents)},
            "versions": _versions(),
            "files": {name: _sha256(tmp / name) for name in FILES},
            "build_seconds": round(time.perf_counter() - t0, 3),
        })
        with open(tmp / "manifest.json", "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        _swap_into_place(tmp, index_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
              settings: ChunkSettings) -> str | None:
    """Why an index no longer fits the corpus, model or chunking; None when it still does."""
    if manifest.get("format") != FORMAT:
        return "index format changed"
    if manifest["model"]["name"] != embedder_name or (fingerprint and manifest["model"]["fingerprint"] != fingerprint):
        return f"index was built with model {manifest['model']['name']!r}, not {embedder_name!r}"
    if manifest["chunking"] != settings.as_dict():
        return "chunk settings changed"
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


def verify_files(index_dir: Path, manifest: dict) -> None:
    """Check every file against the checksums in the manifest."""
    for name, digest in manifest.get("files", {}).items():
        p = Path(index_dir) / name
        if not p.exists():
            raise IndexError_(f"index is damaged: {name} is missing; rebuild with qa index")
        if _sha256(p) != digest:
            raise IndexError_(f"index is damaged: {name} does not match its checksum; rebuild with qa index")


def open_index(index_dir: Path, manifest: dict | None = None, verify: bool = True) -> Index:
    """Load a built index into memory, checking its files and their consistency."""
    import bm25s
    import faiss

    index_dir = Path(index_dir)
    manifest = manifest or read_manifest(index_dir)
    if verify:
        verify_files(index_dir, manifest)
    try:
        articles = [Article(a["doc_id"], a["title"], a["text"], a["sha256"])
                    for a in json.loads((index_dir / "articles.json").read_text(encoding="utf-8"))]
        chunks = np.load(index_dir / "chunks.npy")
        sentences = np.load(index_dir / "sentences.npy")
        fx = faiss.read_index(str(index_dir / "chunks.faiss"))
        if hasattr(fx, "hnsw"):
            fx.hnsw.efSearch = 256
        svec = np.load(index_dir / "sentence_vectors.npy")
        b_chunks = bm25s.BM25.load(str(index_dir / "bm25_chunks"), show_progress=False)
        b_sents = bm25s.BM25.load(str(index_dir / "bm25_sentences"), show_progress=False)
    except Exception as e:  # any unreadable piece means the same thing to the user
        raise IndexError_(f"index is damaged ({type(e).__name__}: {e}); rebuild with qa index") from None
    if fx.ntotal != len(chunks) or len(svec) != len(sentences) or fx.d != manifest["model"]["dim"]:
        raise IndexError_("index is inconsistent: vectors and chunk metadata differ; rebuild with qa index")
    ix = Index(index_dir, manifest, articles, chunks, sentences, fx, svec, b_chunks, b_sents)
    ix.chunk_sentences = _chunk_sentences(chunks, sentences)
    return ix


def _chunk_sentences(chunks: np.ndarray, sentences: np.ndarray) -> list[np.ndarray]:
    """For each chunk, the ids of sentences that overlap it (sentences are sorted by article, start)."""
    out = []
    for d, s, e in chunks:
        lo = np.searchsorted(sentences[:, 0], d, "left")
        hi = np.searchsorted(sentences[:, 0], d, "right")
        rows = sentences[lo:hi]
        hit = np.nonzero((rows[:, 1] < e) & (rows[:, 2] > s))[0] + lo
        out.append(hit)
    return out
