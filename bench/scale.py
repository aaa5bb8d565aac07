"""Index types at growing corpus sizes: build time, memory, search latency, recall@10 vs exact search.

FAISS flat, HNSW, IVF-Flat and IVF-PQ, and (``--milvus``) embedded milvus-lite.
Vectors are synthesized from real chunk and sentence embeddings of two corpora
(mixtures of three with Gaussian noise, normalized, the model's dimension: a
synthetic vector's nearest real one is at cosine ~0.85, as between related
passages); queries are real question embeddings.
Run: python -m bench.scale [--sizes 10000 100000 1000000] [--milvus]
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


def synth(base: np.ndarray, n: int, rng: np.random.Generator, noise: float = 0.03) -> np.ndarray:
    out = np.empty((n, base.shape[1]), np.float32)
    for i in range(0, n, 100_000):
        m = min(100_000, n - i)
        w = rng.dirichlet(np.ones(3), m).astype(np.float32)
        idx = rng.integers(0, len(base), (m, 3))
        v = np.einsum("mk,mkd->md", w, base[idx]) + noise * rng.standard_normal((m, base.shape[1]), dtype=np.float32)
        out[i:i + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def milvus_row(x: np.ndarray, queries: np.ndarray, truth: np.ndarray, tmp: Path) -> dict:
    """The same vectors in embedded milvus-lite (the index type arqa picks for this size)."""
    from pymilvus import DataType, MilvusClient

    from qa.index import index_type_for, ivf_lists

    c = MilvusClient(str(tmp / "bench.db"))
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=x.shape[1])
    c.create_collection("bench", schema=schema)
    t0 = time.perf_counter()
    for lo in range(0, len(x), 5000):
        c.insert("bench", [{"id": i, "vec": x[i].tolist()} for i in range(lo, min(len(x), lo + 5000))])
    c.flush("bench")
    ip = c.prepare_index_params()
    kind = index_type_for(len(x))
    if kind == "flat-ip":
        ip.add_index(field_name="vec", index_type="FLAT", metric_type="IP")
    elif kind == "hnsw32-ip":
        ip.add_index(field_name="vec", index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
    else:
        ip.add_index(field_name="vec", index_type="IVF_FLAT", metric_type="IP", params={"nlist": ivf_lists(len(x))[0]})
    c.create_index("bench", ip)
    c.load_collection("bench")
    build = time.perf_counter() - t0
    lat, got = [], []
    for q in queries:
        t = time.perf_counter()
        r = c.search("bench", data=[q.tolist()], anns_field="vec", limit=10,
                     search_params={"metric_type": "IP", "params": {"ef": 256, "nprobe": ivf_lists(len(x))[1]}},
                     output_fields=["id"])[0]
        lat.append((time.perf_counter() - t) * 1000)
        got.append([h["id"] for h in r])
    recall = float(np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)]))
    du = sum(f.stat().st_size for f in (tmp / "bench.db").rglob("*") if f.is_file()) / 1e6 \
        if (tmp / "bench.db").is_dir() else 0.0
    c.drop_collection("bench")
    return {"index": kind, "build_s": round(build, 2), "search_p50_ms": round(float(np.median(lat)), 3),
            "search_p95_ms": round(float(np.percentile(lat, 95)), 3), "recall@10": round(recall, 3),
            "disk_mb": round(du, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--kinds", nargs="+", default=["flat", "hnsw32", "ivfflat", "ivfpq"])
    ap.add_argument("--milvus", action="store_true", help="also measure embedded milvus-lite")
    ap.add_argument("--ef", type=int, nargs="+", default=[256], help="HNSW efSearch values to measure")
    ap.add_argument("--nprobe", type=int, nargs="+", default=[64], help="IVF nprobe values to measure")
    a = ap.parse_args()
    import tempfile

    from qa import Engine
    from qa.evaluate import load_gold

    eng = Engine.open(ROOT / "index", ROOT / "seeds")
    enc = Engine.open(Path(tempfile.gettempdir()) / "arqa-bench-enc-index", ROOT / "eval" / "corpus_encyclopedia")
    base = np.vstack([e.index.store.all_vectors()[i] for e in (eng, enc) for i in (0, 1)])
    items = load_gold(ROOT / "eval" / "gold_seeds_extra.jsonl")[0] + load_gold(ROOT / "eval" / "gold_encyclopedia.jsonl")[0]
    queries = eng.embedder.encode_queries([it.question for it in items])
    rng = np.random.default_rng(0)
    res: dict = {"cores": os.cpu_count(), "queries": len(queries), "base_vectors": len(base)}
    for n in a.sizes:
        x = synth(base, n, rng)
        d = x.shape[1]
        flat = faiss.IndexFlatIP(d)
        flat.add(x)
        _, truth = flat.search(queries, 10)
        del flat
        nlist = int(4 * np.sqrt(n))
        kinds = {"flat": lambda: faiss.IndexFlatIP(d),
                 "hnsw32": lambda: faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT),
                 "ivfflat": lambda: faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, nlist, faiss.METRIC_INNER_PRODUCT),
                 "ivfpq": lambda: faiss.IndexIVFPQ(faiss.IndexFlatIP(d), d, nlist, 48, 8,
                                                   faiss.METRIC_INNER_PRODUCT)}
        for name in a.kinds:
            make = kinds[name]
            rss0 = _rss_mb()
            ix = make()
            t0 = time.perf_counter()
            if name == "hnsw32":
                ix.hnsw.efConstruction = 80
            if not ix.is_trained:
                ix.train(x[rng.choice(n, min(n, 50_000), replace=False)])
            ix.add(x)
            build = time.perf_counter() - t0
            grown = round(_rss_mb() - rss0, 1)
            settings = [("", None)]
            if name == "hnsw32":
                settings = [(f"/ef{e}", e) for e in a.ef]
            if name in ("ivfpq", "ivfflat"):
                settings = [(f"/nprobe{p}", p) for p in a.nprobe]
            for suffix, value in settings:
                if name == "hnsw32":
                    ix.hnsw.efSearch = value
                elif value is not None:
                    ix.nprobe = value
                lat = []
                for q in queries:
                    t = time.perf_counter()
                    ix.search(q.reshape(1, -1), 10)
                    lat.append((time.perf_counter() - t) * 1000)
                _, got = ix.search(queries, 10)
                recall = float(np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)]))
                row = {"build_s": round(build, 2), "search_p50_ms": round(float(np.median(lat)), 3),
                       "search_p95_ms": round(float(np.percentile(lat, 95)), 3), "recall@10": round(recall, 3),
                       "rss_growth_mb": grown}
                res[f"{n}/{name}{suffix}"] = row
                print(n, name + suffix, row, flush=True)
            del ix
        if a.milvus:
            with tempfile.TemporaryDirectory() as tmp:
                row = milvus_row(x, queries, truth, Path(tmp))
            res[f"{n}/milvus-lite"] = row
            print(n, "milvus-lite", row, flush=True)
    save("scale-" + "-".join(str(n) for n in a.sizes), res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
