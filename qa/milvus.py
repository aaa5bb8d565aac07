"""A Milvus store: chunk and sentence vectors, and their BM25, in Milvus collections.

For corpora that outgrow one machine. Dense search runs in Milvus (FLAT, or
HNSW from ``HNSW_FROM`` chunks, inner product on normalized vectors: cosine),
and so does the lexical side: each row carries its normalized, stemmed terms
and Milvus's own BM25 function (k1 1.5, b 0.75, as bm25s) scores them (the candidate sentences are scored
locally, with ``index.SENTENCE_BM25_K1``). A file
path as URI runs embedded ``milvus-lite``; ``http://host:19530`` talks to a
Milvus standalone or cluster. The index folder keeps the manifest, the span
tables, the articles (for quoting) and the BM25 statistics (term -> document
frequency), with which the few candidate sentences of a question are scored locally.

Each build writes new collections (``arqa_<index>_<build>_c`` / ``_s``) and
drops the previous build's only after the new index folder is in place, so a
failed build leaves the old index working.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Callable

import numpy as np

from .index import EF_SEARCH, SENTENCE_BM25_K1, IndexError_, index_type_for, ivf_lists

BATCH = 1000  # rows per insert
BM25 = {"bm25_k1": 1.5, "bm25_b": 0.75}  # chunks: bm25s's defaults, so both stores rank alike (sentences: k1 SENTENCE_BM25_K1)
MAX_TERMS_BYTES = 65000  # a VARCHAR holds at most 65,535 bytes
_clients: dict[str, object] = {}
_lock = threading.Lock()


def resolve_uri(uri: str | None, index_dir: Path | None) -> str:
    """A server URI as given; a file path made absolute (default: ``<index>.milvus.db`` beside the index folder)."""
    if uri and "://" in uri:
        return uri
    if not uri:
        if index_dir is None:
            raise IndexError_("--milvus-uri is needed")
        index_dir = Path(index_dir).resolve()
        return str(index_dir.parent / f"{index_dir.name}.milvus.db")
    return str(Path(uri).expanduser().resolve())


def client(uri: str):
    """One MilvusClient per URI per process (a file URI starts embedded milvus-lite once)."""
    with _lock:
        c = _clients.get(uri)
        if c is None:
            # gRPC's C core logs keepalive chatter ("too_many_pings") as errors on long builds; real errors raise
            os.environ.setdefault("GRPC_VERBOSITY", "NONE")
            try:
                from pymilvus import MilvusClient
            except ImportError:
                raise IndexError_("the Milvus store needs pymilvus and milvus-lite (pip install pymilvus milvus-lite)") \
                    from None
            if "://" not in uri:
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
            try:
                c = MilvusClient(uri, token=os.environ.get("MILVUS_TOKEN", ""))
            except Exception as e:
                raise IndexError_(f"cannot reach Milvus at {uri} ({type(e).__name__}: {e})") from None
            _clients[uri] = c
        return c


def _prefix(index_dir: Path) -> str:
    """Collections of one index folder share a prefix (a hash of its absolute path)."""
    return "arqa_" + hashlib.sha1(str(Path(index_dir).resolve()).encode()).hexdigest()[:10] + "_"


def _terms_text(terms: list[str]) -> str:
    s = " ".join(terms)
    if len(s.encode("utf-8")) > MAX_TERMS_BYTES:
        s = s.encode("utf-8")[:MAX_TERMS_BYTES].decode("utf-8", "ignore").rsplit(" ", 1)[0]
    return s


class MilvusStore:
    """The store interface of ``qa.index.FaissStore``, served by Milvus."""

    kind = "milvus"

    def __init__(self, uri: str, chunks: str, sentences: str, dim: int, n_chunks: int, n_sentences: int,
                 lexicon: dict):
        self.uri, self.c_name, self.s_name = uri, chunks, sentences
        self.client = client(uri)
        self.dim, self.n_chunks, self.n_sentences = dim, n_chunks, n_sentences
        self.lexicon = lexicon

    # ------------------------------------------------------------ queries
    def search(self, qvec: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
        res = self.client.search(self.c_name, data=[qvec.astype(np.float32).tolist()], anns_field="vec", limit=depth,
                                 search_params={"metric_type": "IP", "params": {
                                     "ef": max(EF_SEARCH, depth), "nprobe": ivf_lists(self.n_chunks)[1]}},
                                 output_fields=["id"])[0]
        return (np.array([h["id"] for h in res], dtype=np.int64),
                np.array([h["distance"] for h in res], dtype=np.float32))

    def _vectors(self, name: str, ids) -> np.ndarray:
        ids = [int(i) for i in ids]
        if not ids:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self.client.query(name, filter=f"id in {ids}", output_fields=["id", "vec"])
        by_id = {int(r["id"]): r["vec"] for r in rows}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise IndexError_(f"the Milvus collection {name} lacks rows {missing[:5]}; rebuild with qa index")
        return np.array([by_id[i] for i in ids], dtype=np.float32)

    def chunk_vectors(self, ids) -> np.ndarray:
        return self._vectors(self.c_name, ids)

    def sentence_vectors(self, sids) -> np.ndarray:
        return self._vectors(self.s_name, sids)

    def chunk_lexical(self, terms: list[str], depth: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and BM25 scores of the best ``depth`` chunks, from Milvus's full-text search."""
        if not terms or depth <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        res = self.client.search(self.c_name, data=[" ".join(terms)], anns_field="sparse", limit=depth,
                                 search_params={"metric_type": "BM25"}, output_fields=["id"])[0]
        # milvus-lite reports BM25 as a negative distance, a server as a positive score: the size is the score
        ids = np.array([h["id"] for h in res], dtype=np.int64)
        scores = np.array([abs(h["distance"]) for h in res], dtype=np.float64)
        keep = scores > 0
        return ids[keep], scores[keep]

    def sentence_lexical(self, terms: list[str], sids: np.ndarray,
                         tokens_of: Callable[[int], list[str]]) -> np.ndarray:
        """BM25 of the few dozen candidate sentences, scored here as bm25s scores them (Lucene variant).

        The corpus statistics come from the index folder, so no round trip is
        needed and the scores equal the FAISS store's.
        """
        st = self.lexicon["sentences"]
        n, avgdl, df = st["n"], max(st["avgdl"], 1e-9), st["df"]
        k1, b = SENTENCE_BM25_K1, BM25["bm25_b"]
        idf = {t: float(np.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))) for t in dict.fromkeys(terms) if df.get(t)}
        out = np.zeros(len(sids))
        for j, sid in enumerate(sids):
            toks = tokens_of(int(sid))
            norm = k1 * (1 - b + b * len(toks) / avgdl)
            for t, w in idf.items():
                tf = toks.count(t)
                if tf:
                    out[j] += w * tf / (tf + norm)
        return out

    def doc_freq(self, terms: list[str]) -> tuple[list[int], int]:
        st = self.lexicon["chunks"]
        return [int(st["df"].get(t, 0)) for t in terms], st["n"]

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for name, n in ((self.c_name, self.n_chunks), (self.s_name, self.n_sentences)):
            v = np.zeros((n, self.dim), dtype=np.float32)
            for lo in range(0, n, 10_000):
                for r in self.client.query(name, filter=f"id >= {lo} and id < {lo + 10_000}",
                                           output_fields=["id", "vec"], limit=10_000):
                    v[int(r["id"])] = r["vec"]
            out.append(v)
        return out[0], out[1]

    # ------------------------------------------------------------ build, open, clean up
    @staticmethod
    def _create(c, name: str, dim: int, n: int, vecs: np.ndarray, terms: Callable[[int], list[str]],
                props: dict) -> dict:
        """One collection of vectors and terms; returns its BM25 statistics (documents, term frequencies, mean length)."""
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vec", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("terms", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                         analyzer_params={"tokenizer": "standard"})
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["terms"],
                                     output_field_names=["sparse"]))
        c.create_collection(name, schema=schema, properties=props)
        df: dict[str, int] = {}
        length = 0
        for lo in range(0, n, BATCH):
            rows = []
            for i in range(lo, min(n, lo + BATCH)):
                t = terms(i)
                length += len(t)
                for w in set(t):
                    df[w] = df.get(w, 0) + 1
                rows.append({"id": i, "vec": np.asarray(vecs[i], dtype=np.float32).tolist(), "terms": _terms_text(t)})
            c.insert(name, rows)
        c.flush(name)  # sealed segments get the index; rows left in milvus-lite's memtable are scanned one by one
        ip = c.prepare_index_params()
        kind = index_type_for(n)
        if kind == "flat-ip":
            ip.add_index(field_name="vec", index_type="FLAT", metric_type="IP")
        elif kind == "hnsw32-ip":
            ip.add_index(field_name="vec", index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
        else:
            ip.add_index(field_name="vec", index_type="IVF_FLAT", metric_type="IP", params={"nlist": ivf_lists(n)[0]})
        ip.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25)
        c.create_index(name, ip)
        c.load_collection(name)
        return {"n": n, "df": df, "avgdl": length / max(1, n)}

    @classmethod
    def write(cls, folder: Path, index_dir: Path, manifest: dict, cvec: np.ndarray, svec: np.ndarray,
              chunk_terms: Callable[[int], list[str]], sent_terms: Callable[[int], list[str]]) -> None:
        store = manifest["store"]
        c = client(store["uri"])
        build = f"{time.time_ns():x}"
        names = {"chunks": _prefix(index_dir) + build + "_c", "sentences": _prefix(index_dir) + build + "_s"}
        dim = manifest["model"]["dim"]
        props = {"arqa.build": build, "arqa.model": manifest["model"]["name"],
                 "arqa.fingerprint": manifest["model"]["fingerprint"],
                 "arqa.chunking": json.dumps(manifest["chunking"], ensure_ascii=False)}
        lexicon = {"chunks": cls._create(c, names["chunks"], dim, len(cvec), cvec, chunk_terms, props),
                   "sentences": cls._create(c, names["sentences"], dim, len(svec), svec, sent_terms, props)}
        (folder / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False), encoding="utf-8")
        manifest["index_type"] = index_type_for(len(cvec))
        store.update(names, build=build)

    @classmethod
    def open(cls, folder: Path, manifest: dict) -> "MilvusStore":
        store = manifest["store"]
        c = client(store["uri"])
        for key in ("chunks", "sentences"):
            name = store.get(key)
            if not name or not c.has_collection(name):
                raise IndexError_(f"the Milvus collection {name} is missing at {store['uri']}; rebuild with qa index")
            props = c.describe_collection(name).get("properties", {}) or {}
            if props.get("arqa.build") != store.get("build") or \
                    props.get("arqa.fingerprint") != manifest["model"]["fingerprint"]:
                raise IndexError_(f"the Milvus collection {name} was written by another build; rebuild with qa index")
        c.load_collection(store["chunks"])
        c.load_collection(store["sentences"])
        counts = [int(c.get_collection_stats(store[k])["row_count"]) for k in ("chunks", "sentences")]
        lexicon = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
        return cls(store["uri"], store["chunks"], store["sentences"], manifest["model"]["dim"], counts[0], counts[1],
                   lexicon)

    @staticmethod
    def cleanup(index_dir: Path, manifest: dict) -> None:
        """Drop this index's collections from earlier or failed builds."""
        store = manifest["store"]
        c = client(store["uri"])
        keep = {store["chunks"], store["sentences"]}
        for name in c.list_collections():
            if name.startswith(_prefix(index_dir)) and name not in keep:
                c.drop_collection(name)
