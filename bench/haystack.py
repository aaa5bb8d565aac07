"""arqa against Haystack on the same corpus, chunks, model and questions, in one run.

Haystack: ``SentenceTransformersTextEmbedder`` (the same converted model, the same
``query: ``/``passage: `` prompts) feeding an ``InMemoryEmbeddingRetriever`` over
arqa's own chunks, embedded by ``SentenceTransformersDocumentEmbedder``.
arqa: question embedding plus hybrid retrieval (the same top-k chunks), and the
full ``Engine.ask`` (retrieval plus sentence extraction).
Recall@k: the share of answerable gold questions with a gold answer inside the
top-k chunks. Latency: median per question over ``--repeat`` runs.

Run: python -m bench.haystack [--copies 1] [--k 3]   (needs: pip install 'arqa[bench]')
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import save
from bench.indexing import make_corpus

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(fn, repeat: int) -> float:
    t = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t.append((time.perf_counter() - t0) * 1000)
    return float(np.median(t))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=1, help="the seeds this many times (1: the seeds themselves)")
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from haystack import Document, Pipeline
    from haystack.components.retrievers.in_memory import InMemoryEmbeddingRetriever
    from haystack.document_stores.in_memory import InMemoryDocumentStore
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersDocumentEmbedder, SentenceTransformersTextEmbedder)

    from qa import Engine
    from qa.evaluate import contains_answer, load_gold
    from qa.retrieve import retrieve

    items = [it for f in ("gold_dev.jsonl", "gold_seeds_extra.jsonl")
             for it in load_gold(ROOT / "eval" / f)[0] if it.answers]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = ROOT / "seeds" if a.copies == 1 else make_corpus(Path(tmp) / "corpus", a.copies)
        eng = Engine.open(Path(tmp) / "index", corpus)
        ix = eng.index
        model = eng.embedder.path
        texts = [ix.text(ix.chunks, i) for i in range(len(ix.chunks))]
        store = InMemoryDocumentStore(embedding_similarity_function="dot_product")
        doc_emb = SentenceTransformersDocumentEmbedder(model=model, prefix="passage: ", normalize_embeddings=True,
                                                       progress_bar=False, local_files_only=True)
        doc_emb.warm_up()
        docs = doc_emb.run([Document(id=str(i), content=t) for i, t in enumerate(texts)])["documents"]
        store.write_documents(docs)
        pipe = Pipeline()
        pipe.add_component("embed", SentenceTransformersTextEmbedder(model=model, prefix="query: ",
                                                                     normalize_embeddings=True, progress_bar=False,
                                                                     local_files_only=True))
        pipe.add_component("retrieve", InMemoryEmbeddingRetriever(store, top_k=a.k))
        pipe.connect("embed.embedding", "retrieve.query_embedding")
        pipe.warm_up() if hasattr(pipe, "warm_up") else None

        def hay(q: str) -> list[str]:
            return [d.content for d in pipe.run({"embed": {"text": q}})["retrieve"]["documents"]]

        def arqa_retrieve(q: str) -> list[str]:
            v = eng.embedder.encode_queries([q])[0]
            return [ix.text(ix.chunks, h.chunk) for h in retrieve(ix, v, q, k=a.k)]

        for it in items[:3]:  # warm both
            hay(it.question), arqa_retrieve(it.question), eng.ask(it.question)
        rows = {"haystack": [], "arqa_retrieval": [], "arqa_answer": []}
        recall = {"haystack": [], "arqa_retrieval": [], "arqa_answer": []}
        for it in items:
            rows["haystack"].append(_median_ms(lambda: hay(it.question), a.repeat))
            rows["arqa_retrieval"].append(_median_ms(lambda: arqa_retrieve(it.question), a.repeat))
            rows["arqa_answer"].append(_median_ms(lambda: eng.ask(it.question, k=a.k), a.repeat))
            recall["haystack"].append(any(contains_answer(t, it.answers) for t in hay(it.question)))
            recall["arqa_retrieval"].append(any(contains_answer(t, it.answers) for t in arqa_retrieve(it.question)))
            recall["arqa_answer"].append(any(contains_answer(x.text, it.answers)
                                             for x in eng.ask(it.question, k=a.k).answers))
        res = {"cores": os.cpu_count(), "chunks": len(texts), "questions": len(items), "k": a.k,
               "query_embedding": "onnxruntime" if eng.embedder.onnx else "sentence-transformers"}
        for name in rows:
            res[name] = {"p50_ms": round(float(np.median(rows[name])), 2),
                         "p95_ms": round(float(np.percentile(rows[name], 95)), 2),
                         f"recall@{a.k}": round(float(np.mean(recall[name])), 3)}
        for lang in ("ar", "en"):
            sel = [i for i, it in enumerate(items) if it.lang == lang]
            res[f"recall@{a.k}_{lang}"] = {n: round(float(np.mean([recall[n][i] for i in sel])), 3) for n in recall}
        res["speedup_retrieval_vs_haystack"] = round(res["haystack"]["p50_ms"] / res["arqa_retrieval"]["p50_ms"], 2)
        res["speedup_answer_vs_haystack"] = round(res["haystack"]["p50_ms"] / res["arqa_answer"]["p50_ms"], 2)
    save(f"haystack-x{a.copies}", res)
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
