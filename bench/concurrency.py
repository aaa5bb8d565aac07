"""Throughput and latency of the real app under 1, 10 and 50 concurrent clients (loopback only).

Starts `app.py` on a free port, sends bounded rounds of questions through Gradio's HTTP API
with gradio_client, prints p50/p95 latency and questions per second, writes bench/results/concurrency.json.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from bench import save

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["ما الاسم الكامل لرئيس كازاخستان؟", "كم شخصا اوقف في احدى قرى منطقة الما اتا؟",
             "What did the United States call on Russia to do with the troops it sent to Kazakhstan?",
             "متى انطلقت المظاهرات في منطقة مانجيستاو؟", "Who was arrested for high treason?"]


def main() -> int:
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=open(os.environ.get("ARQA_BENCH_LOG", os.devnull), "w"))
    res: dict = {"cores": os.cpu_count()}
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        clients = [Client(url, verbose=False) for _ in range(50)]
        for level in (1, 10, 50):
            n = max(50, level * 4)
            qs = [QUESTIONS[i % len(QUESTIONS)] for i in range(n)]

            def one(i: int) -> float | None:
                t = time.perf_counter()
                try:
                    clients[i % level].predict(qs[i], 3, api_name="/ask")
                except Exception:  # counted, not fatal: gradio_client's SSE reader can cancel under load
                    return None
                return (time.perf_counter() - t) * 1000

            t0 = time.perf_counter()
            with ThreadPoolExecutor(level) as pool:
                got = list(pool.map(one, range(n)))
            wall = time.perf_counter() - t0
            lat = [x for x in got if x is not None]
            res[f"clients_{level}"] = {"requests": n, "errors": n - len(lat), "p50_ms": round(float(np.median(lat)), 1),
                                       "p95_ms": round(float(np.percentile(lat, 95)), 1),
                                       "questions_per_s": round(n / wall, 1)}
            print(level, res[f"clients_{level}"], flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    save("concurrency", res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
