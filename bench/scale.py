"""FAISS index types at growing corpus sizes: build time, memory, search latency, recall@10 vs exact.

Vectors are synthesized from the seeds' real sentence embeddings (mixtures plus noise, normalized, the
model's dimension); queries are real question embeddings. Run: python -m bench.scale [--sizes 10000 100000 1000000]
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import faiss
import numpy as np

from bench import save

ROOT = Path(__file__).resolve().parent.parent


def synth(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, base.shape[1]), np.float32)
    for i in range(0, n, 100_000):
        m = min(100_000, n - i)
        a, b = rng.integers(0, len(base), m), rng.integers(0, len(base), m)
        w = rng.random((m, 1), dtype=np.float32)
        v = w * base[a] + (1 - w) * base[b] + 0.02 * rng.standard_normal((m, base.shape[1]), dtype=np.float32)
        out[i:i + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    a = ap.parse_args()
    from qa import Engine
    from qa.evaluate import load_gold

    eng = Engine.open(ROOT / "index", ROOT / "seeds")
    items = load_gold(ROOT / "eval" / "gold_seeds_extra.jsonl")[0]
    queries = eng.embedder.encode_queries([it.question for it in items])
    rng = np.random.default_rng(0)
    res: dict = {"cores": os.cpu_count(), "queries": len(queries)}
    for n in a.sizes:
        x = synth(eng.index.sentence_vectors, n, rng)
        d = x.shape[1]
        flat = faiss.IndexFlatIP(d)
        flat.add(x)
        _, truth = flat.search(queries, 10)
        kinds = {"flat": lambda: faiss.IndexFlatIP(d),
                 "hnsw32": lambda: faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT),
                 "ivfpq": lambda: faiss.IndexIVFPQ(faiss.IndexFlatIP(d), d, int(4 * np.sqrt(n)), 48, 8,
                                                   faiss.METRIC_INNER_PRODUCT)}
        for name, make in kinds.items():
            ix = make()
            t0 = time.perf_counter()
            if name == "hnsw32":
                ix.hnsw.efConstruction = 80
            if not ix.is_trained:
                ix.train(x[rng.choice(n, min(n, 50_000), replace=False)])
            ix.add(x)
            build = time.perf_counter() - t0
            if name == "hnsw32":
                ix.hnsw.efSearch = 256
            if name == "ivfpq":
                ix.nprobe = 32
            lat = []
            for q in queries:
                t = time.perf_counter()
                ix.search(q.reshape(1, -1), 10)
                lat.append((time.perf_counter() - t) * 1000)
            _, got = ix.search(queries, 10)
            recall = float(np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)]))
            mem = faiss.serialize_index(ix).nbytes / 1e6
            row = {"build_s": round(build, 2), "search_p50_ms": round(float(np.median(lat)), 3),
                   "search_p95_ms": round(float(np.percentile(lat, 95)), 3), "recall@10": round(recall, 3),
                   "index_mb": round(mem, 1)}
            res[f"{n}/{name}"] = row
            print(n, name, row, flush=True)
    save("scale", res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
