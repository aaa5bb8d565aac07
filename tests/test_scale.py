"""Any collection, any size: the Milvus store (real embedded milvus-lite), resumable builds, device choice."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import ROOT, SEEDS, copy_seeds, run_qa


@pytest.fixture(scope="module")
def milvus_engine(tmp_path_factory, embedder):
    from qa import Engine
    from qa.index import build, open_index, store_spec

    d = tmp_path_factory.mktemp("milvus")
    spec = store_spec("milvus", str(d / "arqa.db"), d / "index")
    build(SEEDS, d / "index", embedder, store=spec)
    return Engine(open_index(d / "index"), embedder)


def _key(result) -> tuple:
    return result.abstained, [(a.doc_id, a.start, a.end, a.text) for a in result.answers]


def test_milvus_store_gives_the_same_answers_and_offsets_as_faiss(engine, milvus_engine, gold):
    assert milvus_engine.index.store.kind == "milvus" and engine.index.store.kind == "faiss"
    assert milvus_engine.index.manifest["store"]["uri"].endswith("arqa.db")
    for item in gold.values():
        a, b = engine.ask(item["question"]), milvus_engine.ask(item["question"])
        assert _key(a) == _key(b), item["id"]
        assert a.confidence == pytest.approx(b.confidence, abs=1e-4)
    # lexical search is served by Milvus's own BM25: the ranking matches bm25s's
    from qa.retrieve import query_terms

    terms = query_terms("متى أعلنت حالة الطوارئ في ألماتي؟")
    fa, _ = engine.index.store.chunk_lexical(terms, 10)
    mi, _ = milvus_engine.index.store.chunk_lexical(terms, 10)
    assert list(fa[:5]) == list(mi[:5])


def test_milvus_collection_is_checked_on_open(milvus_engine, tmp_path):
    import shutil

    from qa.index import IndexError_, open_index
    from qa.milvus import client

    src = milvus_engine.index.path
    m = json.loads((src / "manifest.json").read_text())
    idx = tmp_path / "index"
    shutil.copytree(src, idx)
    m["store"]["build"] = "0"  # the folder says another build than the collections hold
    (idx / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexError_, match="another build"):
        open_index(idx, verify=False)
    m["store"]["chunks"] = "arqa_nothing_here_c"
    (idx / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexError_, match="missing"):
        open_index(idx, verify=False)
    assert client(m["store"]["uri"]).has_collection(milvus_engine.index.manifest["store"]["chunks"])


def test_milvus_from_the_command_line_with_add(tmp_path):
    db, idx = tmp_path / "m.db", tmp_path / "index"
    p = run_qa("index", "--index", str(idx), "--store", "milvus", "--milvus-uri", str(db))
    assert p.returncode == 0, p.stderr
    first = json.loads((idx / "manifest.json").read_text())["store"]
    new = tmp_path / "library.txt"
    new.write_text("مكتبة الواحة\nافتتحت مدينة الواحة مكتبة عامة جديدة تضم عشرة آلاف كتاب نادر.\n", encoding="utf-8")
    p = run_qa("index", "--index", str(idx), "--add", str(new))
    assert p.returncode == 0 and "added 1 articles" in p.stdout, p.stderr
    m = json.loads((idx / "manifest.json").read_text())
    assert m["store"]["kind"] == "milvus" and m["store"]["build"] != first["build"]
    p = run_qa("ask", "--index", str(idx), "--json", "كم كتابا تضم مكتبة مدينة الواحة؟")
    assert p.returncode == 0 and "rebuilding" not in p.stderr, p.stderr
    assert json.loads(p.stdout)["answers"][0]["doc_id"] == "library.txt"
    # the previous build's collections were dropped; only the live pair is left
    from pymilvus import MilvusClient

    names = MilvusClient(str(db)).list_collections()
    assert sorted(names) == sorted([m["store"]["chunks"], m["store"]["sentences"]])


def test_killed_build_resumes_without_re_embedding(tmp_path, embedder):
    from qa.index import build, open_index

    corpus = copy_seeds(tmp_path / "corpus")
    for i in range(4):
        (corpus / f"more{i}.txt").write_text((SEEDS / "003_b8116d2267b8fc92.txt").read_text() + f"\n{i}\n")
    idx = tmp_path / "index"
    env = {"ARQA_CHECKPOINT": "32"}
    proc = subprocess.Popen([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index", str(idx)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**__import__("os").environ, **env})
    deadline = time.time() + 180
    parts = []
    while time.time() < deadline and proc.poll() is None:  # kill it hard once some batches are on disk
        parts = list(tmp_path.glob(".index.partial-*/c-*.npy")) + list(tmp_path.glob(".index.partial-*/s-*.npy"))
        if len(parts) >= 3:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert len(parts) >= 3 and not idx.exists()
    p = run_qa("index", "--corpus", str(corpus), "--index", str(idx), env=env)
    assert p.returncode == 0, p.stderr
    done = int(p.stderr.split("resuming: ")[1].split(" of ")[0])
    assert done >= 3 * 32 - 32  # the finished batches were loaded, not embedded again
    assert not list(tmp_path.glob(".index.partial-*"))  # checkpoints are removed once the index is in place
    ref = tmp_path / "ref"
    build(corpus, ref, embedder, checkpoint=32)  # the same build, never interrupted
    a, b = open_index(idx), open_index(ref)
    assert np.array_equal(a.chunks, b.chunks) and np.array_equal(a.sentences, b.sentences)
    assert [x.sha256 for x in a.articles] == [x.sha256 for x in b.articles]
    ca, sa = a.store.all_vectors()
    cb, sb = b.store.all_vectors()
    assert np.allclose(ca, cb, atol=1e-5) and np.allclose(sa, sb, atol=1e-5)


def test_device_auto_picks_what_is_there_quietly(index_dir):
    import torch

    from qa.embed import resolve_device

    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    p = run_qa("ask", "--index", str(index_dir), "--device", "auto", "--json", "من هو رئيس كازاخستان؟")
    assert p.returncode == 0
    assert p.stderr.strip() == "", p.stderr  # no warning storm: nothing at all on stderr


def test_multi_process_encoding_gives_the_same_index(tmp_path, embedder):
    from qa.index import build, open_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:2]:
        (corpus / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    p = run_qa("index", "--corpus", str(corpus), "--index", str(tmp_path / "multi"), "--processes", "2")
    assert p.returncode == 0, p.stderr
    assert "Warning" not in p.stderr and "leaked" not in p.stderr
    build(corpus, tmp_path / "single", embedder)
    a, b = open_index(tmp_path / "multi"), open_index(tmp_path / "single")
    assert np.array_equal(a.chunks, b.chunks)
    for x, y in zip(a.store.all_vectors(), b.store.all_vectors()):
        assert float((x * y).sum(1).min()) >= 0.9999
