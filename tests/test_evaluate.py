"""The evaluation harness: metric functions on known cases, and a full `qa eval` run."""
import json

import pytest

from conftest import GOLD_DEV, SEEDS, run_qa
from qa.evaluate import GoldItem, aggregate, contains_answer, item_scores, load_gold, token_f1


def test_contains_answer_after_arabic_normalization():
    assert contains_answer("وأعلنت السلطات فرض حالة الطوارئ في البلاد", ["حالة الطوارىء"])
    assert contains_answer("أكثر من 100 شخص", ["اكثر من ١٠٠ شخص"])
    assert contains_answer("مدينة ألماتي", ["الماتي"])
    assert contains_answer("المَدِينَة", ["المدينة"])
    assert not contains_answer("مدينة أستانا", ["الماتي"])


def test_token_f1_known_values():
    assert token_f1("قاسم جومارت توكاييف", "قاسم جومارت توكاييف") == 1.0
    assert token_f1("الرئيس قاسم جومارت توكاييف", "قاسم جومارت") == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert token_f1("شيء آخر", "قاسم") == 0.0


def test_item_scores_and_aggregate():
    it = GoldItem("a", "q", "ar", ["للقوات الروسية"], ["x.txt"], "factoid", 1)
    pred = {"abstained": False, "latency_ms": 10.0, "answers": [
        {"text": "شكر الجيش", "doc_id": "y.txt"}, {"text": "شكر للقوات الروسية والحليفة", "doc_id": "x.txt"}]}
    s = item_scores(it, pred, 3)
    assert (s["hit@1"], s["hit@k"], s["citation@1"], s["recall@k"], s["mrr"]) == (0.0, 1.0, 0.0, 1.0, 0.5)
    un = GoldItem("b", "q", "en", [], [], "unanswerable", 2)
    u = item_scores(un, {"abstained": True, "latency_ms": 30.0, "answers": []}, 3)
    agg = aggregate([s, u])
    assert agg["abstained_ok"] == 1.0 and agg["wrongly_abstained"] == 0.0 and agg["latency_p50_ms"] == 20.0


def test_bad_gold_lines_are_reported_with_line_numbers(tmp_path):
    good = GOLD_DEV.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "gold.jsonl"
    bad.write_text("\n".join([good, "{not json", json.dumps({"id": "z", "question": "q"}),
                              json.dumps({"id": "w", "question": "q", "lang": "ar", "answers": ["غير موجود أبدا"],
                                          "sources": ["000_8d767fe62975532e.txt"], "type": "factoid"})]),
                   encoding="utf-8")
    articles = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    items, problems = load_gold(bad, articles)
    assert len(items) == 1
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 4"]
    assert "not a verbatim substring" in problems[2]


def test_qa_eval_writes_all_outputs(tmp_path, index_dir):
    out = tmp_path / "out"
    p = run_qa("eval", str(GOLD_DEV), "--index", str(index_dir), "--corpus", str(SEEDS), "--out", str(out),
               "--baseline", "bm25", "--baseline", "dense")
    assert p.returncode == 0, p.stderr
    preds = [json.loads(x) for x in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(preds) == 25 and all({"id", "question", "abstained", "answers", "latency_ms"} <= set(x) for x in preds)
    m = json.loads((out / "metrics.json").read_text())
    assert set(m["systems"]) == {"arqa", "bm25", "dense"}
    assert m["systems"]["arqa"]["lang=ar"]["hit@1"] >= 0.7
    assert m["systems"]["arqa"]["overall"]["citation@1"] >= 0.85
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "hit@1" in report and (out / "latency.png").is_file() and (out / "hit_by_type.png").is_file()
    assert "| overall |" in p.stdout
