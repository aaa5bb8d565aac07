"""The public Python API: open (building if needed) an index over a corpus, and ask it questions.

    >>> from qa import Engine
    >>> engine = Engine.open(corpus="seeds", index_dir="index")
    >>> result = engine.ask("ما الاسم الكامل لرئيس كازاخستان؟")
    >>> result.answers[0].text, result.answers[0].doc_id

The CLI and the Gradio app are thin layers over this.
"""
from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .answer import Result, Weights, extract
from .chunk import ChunkSettings
from .convert import DEFAULT_MODEL
from .index import Index, IndexError_, build, manifest_store, open_index, read_manifest, staleness
from .load import Skipped

MAX_QUESTION = 2000


class QuestionError(ValueError):
    """A question that cannot be asked; the message says why, in one line."""


def clean_question(question: object) -> str:
    """Validate and tidy a question: text, not empty, at most ``MAX_QUESTION`` characters.

    Control and format characters (bidi overrides, zero-width marks) and lone
    surrogates are dropped; a question needs at least one letter or digit.
    """
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    q = question.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(question) else question
    q = "".join(" " if ch.isspace() else ch for ch in q if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
                or ch.isspace())
    q = " ".join(q.split())
    if not q:
        raise QuestionError("the question is empty")
    if len(q) > MAX_QUESTION:
        raise QuestionError(f"the question is too long ({len(q)} characters; the limit is {MAX_QUESTION})")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("the question has no words in it")
    return q


def _has_surrogates(s: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


@dataclass
class Engine:
    """A loaded index and model; ``ask`` is safe to call from several threads."""

    index: Index
    embedder: object
    weights: Weights = field(default_factory=Weights)
    notes: list[str] = field(default_factory=list)  # what happened on open (rebuilt, skipped files)

    @classmethod
    def open(
        cls, index_dir: str | Path = "index", corpus: str | Path | None = "seeds", model: str | None = None,
        settings: ChunkSettings = ChunkSettings(), device: str = "auto", rebuild: bool = True,
        progress: Callable[[str], None] | None = None, store: dict | None = None,
    ) -> "Engine":
        """Open the index at ``index_dir``; (re)build it from ``corpus`` when missing, stale or damaged.

        ``model=None`` means the model the index was built with (the default one for a new index);
        an index built with another model is an error (``qa index --model`` rebuilds it deliberately).
        With ``rebuild=False`` a missing, stale or damaged index raises ``IndexError_`` instead.
        ``store`` (from ``qa.index.store_spec``) asks for FAISS or Milvus; None keeps the index's own (FAISS for a new one).
        """
        from .embed import Embedder
        from .normalize import root

        # NLTK (for ISRI roots) takes a second to import: do it while the index and the model load, not on
        # the first question
        threading.Thread(target=root, args=("استعداد",), daemon=True).start()
        index_dir = Path(index_dir)
        notes: list[str] = []
        try:
            manifest = read_manifest(index_dir)
        except IndexError_ as e:
            manifest, why = None, str(e)
        if manifest is not None and model is not None and manifest["model"]["name"] != model:
            raise IndexError_(f"the index at {index_dir} was built with model {manifest['model']['name']!r}, "
                              f"not {model!r}; rebuild it with: qa index --model {model}")
        name = model or (manifest["model"]["name"] if manifest else DEFAULT_MODEL)
        embedder = Embedder(name, device=device)
        ix = None
        if manifest is not None:
            why = staleness(manifest, Path(corpus), name, embedder.fingerprint, settings, store) if corpus else None
            if why is None:
                try:
                    ix = open_index(index_dir, manifest)
                except IndexError_ as e:
                    why = str(e)
        if ix is None:
            if not rebuild or corpus is None:
                raise IndexError_(why)
            notes.append(f"rebuilding the index: {why}")
            if progress:
                progress(notes[-1])
            if store is None and manifest is not None:
                store = manifest_store(manifest)
            _, skipped = build(Path(corpus), index_dir, embedder, settings, progress, store)
            notes.extend(f"skipped {s.path}: {s.reason}" for s in skipped)
            ix = open_index(index_dir)
        from .retrieve import corpus_forms

        # the collection's words, which English names are looked up in, while the app starts (on 10 MB: seconds)
        threading.Thread(target=corpus_forms, args=(ix,), daemon=True).start()
        return cls(ix, embedder, notes=notes)

    def ask(self, question: str, k: int = 3) -> Result:
        """Answer ``question`` with up to ``k`` quoted, cited passages, or abstain."""
        from .normalize import script
        from .retrieve import bridge, retrieve

        q = clean_question(question)
        if not 1 <= k <= 20:
            raise QuestionError("k must be between 1 and 20")
        # A question in another script: the passages are retrieved by its own embedding, fused with BM25 over the
        # Arabic words it bridges to; its sentences are ranked by its embedding plus that of those words ("How
        # many spectators ..." with متفرج): e5 matches Arabic to Arabic better than across languages. (Retrieving
        # by the sum too let a wrong sense, high → ارتفاع, pull in other passages: at weight 0.5, unanswerable
        # questions abstained on 0.38 -> 0.37.)
        br = None if script(q) == "ar" else bridge(self.index, q)
        expand = bool(br and br.words and self.weights.expansion)
        vecs = self.embedder.encode_queries([q, " ".join(br.words)] if expand else [q])
        hits = retrieve(self.index, vecs[0], q, k=max(5, 2 * k), translations=br.terms if br else None,
                        translation_weight=self.weights.translated_retrieval)
        qvec = vecs[0]
        if expand:
            qvec = vecs[0] + self.weights.expansion * vecs[1]
            qvec = (qvec / np.linalg.norm(qvec)).astype(np.float32)
        return extract(self.index, qvec, q, hits, k=k, w=self.weights, bridged_words=br,
                       own_qvec=vecs[0] if expand else None)


def build_index(corpus: str | Path, index_dir: str | Path, model: str = DEFAULT_MODEL,
                settings: ChunkSettings = ChunkSettings(), device: str = "auto",
                progress: Callable[[str], None] | None = None, store: dict | None = None,
                processes: int = 1) -> tuple[dict, list[Skipped]]:
    """Build (or rebuild, resuming a killed build) the index of ``corpus`` at ``index_dir``.

    Returns the manifest and the skipped files. ``processes`` > 1 encodes with
    sentence-transformers' multi-process pool (one process per GPU, or CPU workers).
    """
    from .embed import Embedder

    embedder = Embedder(model, device=device, processes=processes)
    try:
        return build(Path(corpus), Path(index_dir), embedder, settings, progress, store)
    finally:
        embedder.close()
