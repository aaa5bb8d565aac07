"""Indexing throughput against the model's raw ``encode`` on the same texts, and peak memory (RSS).

The corpus is the seeds copied ``--copies`` times with a line of variation each
(real Arabic text, real model). Raw encode (the physical limit of this machine)
and ``qa.index.build`` embed the same chunk and sentence texts; the ratio is
what the pipeline around the model costs. Peak RSS is read from the kernel for
a ``qa index`` process and for a ``qa serve`` process answering questions.

Run: python -m bench.indexing [--copies 10]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

from bench import save

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(dest: Path, copies: int) -> Path:
    dest.mkdir(parents=True)
    for c in range(copies):
        for f in sorted((ROOT / "seeds").glob("*.txt")):
            (dest / f"{c:03d}_{f.name}").write_text(f.read_text(encoding="utf-8") + f"\nنسخة {c}\n", encoding="utf-8")
    return dest


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child_rss_mb(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run ``cmd``; return its wall time and peak RSS (MB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        raise RuntimeError(f"{cmd} failed ({status})")
    return time.perf_counter() - t0, ru.ru_maxrss / 1024


def app_memory(index: Path, corpus: Path, port: int = 7871) -> dict:
    """Start ``qa serve``, time it until it answers over HTTP, ask 30 questions, read its peak RSS."""
    from gradio_client import Client

    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--index", str(index), "--corpus", str(corpus),
                          "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except Exception:
                if p.poll() is not None or time.perf_counter() - t0 > 120:
                    raise RuntimeError("the app did not start")
                time.sleep(0.1)
        ready = time.perf_counter() - t0
        c = Client(url, verbose=False)
        items = [json.loads(x) for x in (ROOT / "eval" / "gold_seeds_extra.jsonl").read_text().splitlines() if x]
        for it in items[:30]:
            c.predict(it["question"], 3, api_name="/ask")
        return {"app_ready_s": round(ready, 2), "app_peak_rss_mb": round(_peak_rss_mb(p.pid), 1)}
    finally:
        p.terminate()
        p.wait(timeout=30)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=10)
    a = ap.parse_args()
    from qa.chunk import ChunkSettings
    from qa.embed import Embedder
    from qa.index import _spans, build
    from qa.load import load_corpus

    res: dict = {"cores": os.cpu_count(), "copies": a.copies}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", a.copies)
        articles, _ = load_corpus(corpus)
        chunks, sents = _spans(articles, ChunkSettings())
        texts = [articles[x.doc].text[x.start:x.end] for x in chunks + sents]
        res["texts"] = len(texts)
        emb = Embedder()
        emb.encode_passages(texts[:64])  # warm
        raw, piped = [], []
        for i in range(3):
            t0 = time.perf_counter()
            emb.encode_passages(texts)
            raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build(corpus, Path(tmp) / f"index{i}", emb)
            piped.append(time.perf_counter() - t0)
        r, b = float(np.median(raw)), float(np.median(piped))
        res.update({"raw_encode_texts_per_s": round(len(texts) / r, 1), "index_texts_per_s": round(len(texts) / b, 1),
                    "index_vs_raw": round(r / b, 3), "raw_encode_s_median": round(r, 2), "index_s_median": round(b, 2)})
        print(json.dumps(res), flush=True)
        shutil.rmtree(Path(tmp) / "index1", ignore_errors=True)
        wall, rss = _child_rss_mb([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index",
                                   str(Path(tmp) / "index_rss")])
        res.update({"qa_index_process_s": round(wall, 1), "qa_index_peak_rss_mb": round(rss, 1)})
        wall, rss = _child_rss_mb([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index",
                                   str(Path(tmp) / "index_milvus"), "--store", "milvus"])
        res.update({"qa_index_milvus_process_s": round(wall, 1), "qa_index_milvus_peak_rss_mb": round(rss, 1)})
        res.update(app_memory(Path(tmp) / "index_rss", corpus))
    save("indexing", res)
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
