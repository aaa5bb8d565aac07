"""Bad input, broken files, killed builds, incremental adds and many users at once."""
import json
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEEDS, copy_seeds, run_qa
from qa import QuestionError

ODD = st.sampled_from(["", " ", "\t\n", "\u200f\u202e", "\u064b\u064c\u064d", "؟!،.", "😀🔥", "٣٤٥", "\ud800",
                       "<script>alert(1)</script>", "\x00\x07", "ﷺ", "ـــ", "Tokayev توكاييف", "a" * 50])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(ODD, st.text(max_size=40)), max_size=6).map("".join))
def test_fuzzed_questions_get_answers_or_a_clear_message(engine, q):
    try:
        r = engine.ask(q)
    except QuestionError as e:
        assert str(e) and "\n" not in str(e)
        return
    json.dumps(r.as_dict(), ensure_ascii=False)  # always serializable, even for lone surrogates
    for a in r.answers:
        assert engine.index.articles[[x.doc_id for x in engine.index.articles].index(a.doc_id)].text[a.start:a.end] == a.text


def test_very_long_question_is_refused_cleanly(engine):
    with pytest.raises(QuestionError, match="too long"):
        engine.ask("كازاخستان " * 2000)


def test_broken_corpus_files_are_skipped_and_the_rest_cited_exactly(tmp_path, embedder):
    from qa import Engine
    from qa.index import build

    corpus = copy_seeds(tmp_path / "corpus")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "latin1.txt").write_bytes("café".encode("latin-1"))
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (corpus / "copy.txt").write_bytes((SEEDS / "000_8d767fe62975532e.txt").read_bytes())
    (corpus / "crlf.txt").write_bytes("حديقة الواحة\r\nافتتحت بلدية الواحة حديقة كبيرة للزهور النادرة.\r\n".encode())
    (corpus / "huge.txt").write_bytes(("كلمة " * 2_000_000).encode())  # ~20 MB
    _, skipped = build(corpus, tmp_path / "index", embedder)
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["sub/latin1.txt"].startswith("not UTF-8")
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary")
    assert reasons["copy.txt"] == "duplicate of 000_8d767fe62975532e.txt"
    assert reasons["huge.txt"].startswith("larger than")
    eng = Engine.open(tmp_path / "index", corpus)
    r = eng.ask("ماذا افتتحت بلدية الواحة؟")
    top = r.answers[0]
    assert top.doc_id == "crlf.txt"
    assert (corpus / "crlf.txt").read_bytes().decode()[top.start:top.end] == top.text
    for q in ("ما الاسم الكامل لرئيس كازاخستان؟", "كم شخصا اوقف في احدى قرى منطقة الما اتا؟"):
        for a in eng.ask(q).answers:
            assert (corpus / a.doc_id).read_text(encoding="utf-8")[a.start:a.end] == a.text


@pytest.mark.parametrize("fault", ["missing_manifest", "bad_json", "metadata_mismatch", "vectors_mismatch"])
def test_index_faults_are_detected(tmp_path, index_dir, fault):
    import shutil

    import numpy as np

    from qa import Engine, IndexError_

    idx = tmp_path / "index"
    shutil.copytree(index_dir, idx)
    if fault == "missing_manifest":
        (idx / "manifest.json").unlink()
    elif fault == "bad_json":
        (idx / "manifest.json").write_text("{not json")
    elif fault == "metadata_mismatch":
        np.save(idx / "chunks.npy", np.load(idx / "chunks.npy")[:-3])
    else:
        m = json.loads((idx / "manifest.json").read_text())
        v = np.load(idx / "sentence_vectors.npy")
        np.save(idx / "sentence_vectors.npy", v[:-1])
        from qa.index import _sha256
        m["files"]["sentence_vectors.npy"] = _sha256(idx / "sentence_vectors.npy")  # checksum "fixed" too
        (idx / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexError_) as e:
        Engine.open(idx, SEEDS, rebuild=False)
    assert "qa index" in str(e.value) or "no index" in str(e.value)
    p = run_qa("ask", "--index", str(idx), "--corpus", str(SEEDS), "--json", "ما الاسم الكامل لرئيس كازاخستان؟")
    assert p.returncode == 0 and json.loads(p.stdout)["answers"], p.stderr  # the CLI rebuilds and answers


def test_other_chunk_settings_are_detected(tmp_path, index_dir, embedder):
    import shutil

    from qa import Engine
    from qa.chunk import ChunkSettings

    idx = tmp_path / "index"
    shutil.copytree(index_dir, idx)
    eng = Engine.open(idx, SEEDS, settings=ChunkSettings(300, 50))
    assert any("chunk settings changed" in n for n in eng.notes)
    assert eng.index.manifest["chunking"]["size"] == 300


def test_killed_index_build_leaves_the_previous_index_usable(tmp_path, index_dir):
    import shutil

    idx = tmp_path / "index"
    shutil.copytree(index_dir, idx)
    before = (idx / "manifest.json").read_bytes()
    corpus = copy_seeds(tmp_path / "corpus")
    for i in range(30):  # enough text that the build is still embedding when it is killed
        (corpus / f"more{i}.txt").write_text((SEEDS / "003_b8116d2267b8fc92.txt").read_text() + f"\n{i}\n")
    proc = subprocess.Popen([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index", str(idx)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    for line in proc.stdout:  # wait until it is embedding, then kill it hard
        if "embedding" in line or time.time() > deadline:
            break
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert (idx / "manifest.json").read_bytes() == before
    p = run_qa("ask", "--index", str(idx), "--corpus", str(SEEDS), "--json", "ما الاسم الكامل لرئيس كازاخستان؟")
    assert p.returncode == 0 and json.loads(p.stdout)["answers"]
    assert "rebuilding" not in p.stderr  # the old index was still whole and current for the seeds


def test_incremental_add_is_idempotent(tmp_path, index_dir):
    import shutil

    import numpy as np

    idx = tmp_path / "index"
    shutil.copytree(index_dir, idx)
    before = np.load(idx / "sentence_vectors.npy")
    words_before = json.loads((idx / "bridge_words.json").read_text(encoding="utf-8"))
    bridge_before = dict(zip(words_before, np.load(idx / "bridge.npy")))
    new = tmp_path / "library.txt"
    new.write_text("مكتبة الواحة\nافتتحت مدينة الواحة مكتبة عامة جديدة تضم عشرة آلاف كتاب نادر.\n", encoding="utf-8")
    p = run_qa("index", "--index", str(idx), "--corpus", str(SEEDS), "--add", str(new))
    assert p.returncode == 0 and "added 1 articles" in p.stdout, p.stderr
    m1 = json.loads((idx / "manifest.json").read_text())
    after = np.load(idx / "sentence_vectors.npy")
    assert len(after) > len(before) and np.array_equal(after[: len(before)], before)  # the rest was not re-embedded
    words = json.loads((idx / "bridge_words.json").read_text(encoding="utf-8"))
    bridge = dict(zip(words, np.load(idx / "bridge.npy")))
    assert "مكتبة" in bridge and "مكتبة" not in bridge_before  # the word bridge learnt the new article's words
    assert all(np.array_equal(bridge[w], bridge_before[w]) for w in words_before if w in bridge)
    p2 = run_qa("index", "--index", str(idx), "--corpus", str(SEEDS), "--add", str(new))
    assert p2.returncode == 0 and "added 0 articles" in p2.stdout and "already indexed" in p2.stderr
    m2 = json.loads((idx / "manifest.json").read_text())
    assert m1["files"] == m2["files"] and m1["counts"] == m2["counts"]
    p3 = run_qa("ask", "--index", str(idx), "--corpus", str(SEEDS), "--json", "كم كتابا تضم مكتبة مدينة الواحة؟")
    d = json.loads(p3.stdout)
    assert "rebuilding" not in p3.stderr
    assert any(a["doc_id"] == "library.txt" for a in d["answers"])


def test_big_indexes_check_sizes_small_ones_hashes(tmp_path, index_dir):
    import shutil

    from qa.index import IndexError_, read_manifest, verify_files

    idx = tmp_path / "index"
    shutil.copytree(index_dir, idx)
    m = read_manifest(idx)
    data = bytearray((idx / "chunks.npy").read_bytes())
    data[-1] ^= 1  # same size, other content
    (idx / "chunks.npy").write_bytes(bytes(data))
    with pytest.raises(IndexError_, match="checksum"):
        verify_files(idx, m)  # a small index is hashed on every open
    verify_files(idx, m, full=False)  # above ARQA_VERIFY_MB only sizes are compared at open
    (idx / "chunks.npy").write_bytes(bytes(data[:-8]))
    with pytest.raises(IndexError_, match="wrong size"):
        verify_files(idx, m, full=False)
