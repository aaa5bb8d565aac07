"""The ``qa`` command as a user runs it: JSON contract, one-line errors, skipped files."""
import json

from conftest import SEEDS, copy_seeds, run_qa


def test_ask_json(index_dir):
    p = run_qa("ask", "--index", str(index_dir), "--corpus", str(SEEDS), "--json", "ما الاسم الكامل لرئيس كازاخستان؟")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["abstained"] is False and d["answers"]
    for a in d["answers"]:
        assert (SEEDS / a["doc_id"]).read_text(encoding="utf-8")[a["start"]:a["end"]] == a["text"]


def _one_line_error(p, needle):
    assert p.returncode != 0
    lines = [ln for ln in p.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("qa: error:"), p.stderr
    assert "Traceback" not in p.stderr
    assert needle in lines[0]


def test_bad_questions_get_one_line_errors(index_dir):
    base = ("ask", "--index", str(index_dir), "--corpus", str(SEEDS))
    _one_line_error(run_qa(*base, ""), "empty")
    _one_line_error(run_qa(*base, "   \t "), "empty")
    _one_line_error(run_qa(*base, "س" * 2001), "too long")
    _one_line_error(run_qa(*base, "؟!..."), "no words")


def test_bad_corpus_folders(tmp_path):
    _one_line_error(run_qa("index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")), "not found")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("x")
    _one_line_error(run_qa("index", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "i")), "no .txt")


def test_unreadable_articles_are_skipped_by_name(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    (corpus / "latin1.txt").write_bytes("café Zürich".encode("latin-1"))
    (corpus / "empty.txt").write_text("  \n")
    (corpus / "bom.txt").write_bytes("\ufeffمقال بعلامة BOM\r\nأعلنت البلدية افتتاح حديقة الزهور الكبرى.\r\n".encode())
    p = run_qa("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert p.returncode == 0, p.stderr
    assert "skipped latin1.txt: not UTF-8" in p.stderr
    assert "skipped empty.txt: empty file" in p.stderr
    assert "indexed 6 articles" in p.stdout
    p = run_qa("ask", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--json",
               "ماذا افتتحت البلدية؟")
    d = json.loads(p.stdout)
    top = d["answers"][0]
    assert top["doc_id"] == "bom.txt"
    text = (corpus / "bom.txt").read_bytes().decode("utf-8-sig")
    assert text[top["start"]:top["end"]] == top["text"]


def test_index_built_by_another_model_is_an_error(index_dir):
    p = run_qa("ask", "--index", str(index_dir), "--corpus", str(SEEDS), "--model", "someone/other-model", "سؤال")
    _one_line_error(p, "built with model")


def test_jsonl_corpus_round_trips_offsets(tmp_path):
    recs = [{"id": "lib-1", "title": "مكتبة الواحة", "text": "مكتبة الواحة\nافتتحت مدينة الواحة مكتبة عامة جديدة "
             "تضم عشرة آلاف كتاب نادر، وتفتح أبوابها كل صباح."},
            {"id": "oasis-2", "text": "تقع مدينة الواحة في وسط الصحراء.\nويبلغ عدد سكان الواحة خمسين ألف نسمة."}]
    corpus = tmp_path / "records"
    corpus.mkdir()
    (corpus / "part1.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n{broken\n",
                                        encoding="utf-8")
    p = run_qa("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert p.returncode == 0 and "indexed 2 articles" in p.stdout, p.stderr
    assert "part1.jsonl:3" in p.stderr  # the broken record is named by file and line
    p = run_qa("ask", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--json",
               "كم يبلغ عدد سكان مدينة الواحة؟")
    top = json.loads(p.stdout)["answers"][0]
    assert top["doc_id"] == "oasis-2"
    assert recs[1]["text"][top["start"]:top["end"]] == top["text"] and "خمسين" in top["text"]
