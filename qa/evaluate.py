"""Score the system against gold question/answer pairs, beside simple baselines, with a readable report.

The system under test is ``Engine.ask``, the same call the CLI and the app
make; baselines reuse the same index (whole top chunk from BM25 alone, or from
dense search alone) so every number has a reference point.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .answer import Answer, Result
from .normalize import normalize, words

REQUIRED = {"id": str, "question": str, "lang": str, "answers": list, "sources": list, "type": str}


@dataclass
class GoldItem:
    id: str
    question: str
    lang: str
    answers: list[str]
    sources: list[str]
    type: str
    line: int


def load_gold(path: Path, articles: dict[str, str] | None = None) -> tuple[list[GoldItem], list[str]]:
    """Valid items, and one message per bad line (with its line number); bad lines are left out."""
    items, problems = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except ValueError as e:
                problems.append(f"line {n}: invalid JSON ({e.msg})")
                continue
            if not isinstance(d, dict):
                problems.append(f"line {n}: not a JSON object")
                continue
            bad = [k for k, t in REQUIRED.items() if not isinstance(d.get(k), t)]
            if bad:
                problems.append(f"line {n}: missing or wrong fields: {', '.join(bad)}")
                continue
            if bool(d["answers"]) != bool(d["sources"]):
                problems.append(f"line {n}: answers and sources must both be empty (unanswerable) or both given")
                continue
            if articles is not None and d["answers"]:
                missing = [s for s in d["sources"] if s not in articles]
                if missing:
                    problems.append(f"line {n}: source not in the corpus: {', '.join(missing)}")
                    continue
                stray = [a for a in d["answers"] if not any(a in articles[s] for s in d["sources"])]
                if stray:
                    problems.append(f"line {n}: answer is not a verbatim substring of its sources: {stray[0]!r}")
                    continue
            items.append(GoldItem(d["id"], d["question"], d["lang"], [str(a) for a in d["answers"]],
                                  [str(s) for s in d["sources"]], d["type"], n))
    return items, problems


# ---------------------------------------------------------------- metrics
def contains_answer(text: str, gold: list[str]) -> bool:
    """Does ``text`` contain any gold answer, compared after Arabic normalization?"""
    t = normalize(text)
    return any(normalize(g) and normalize(g) in t for g in gold)


def token_f1(pred: str, gold: str) -> float:
    p, g = words(pred), words(gold)
    if not p or not g:
        return float(p == g)
    common = sum(min(p.count(t), g.count(t)) for t in set(p))
    if common == 0:
        return 0.0
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def item_scores(item: GoldItem, pred: dict, k: int) -> dict:
    """Per-item metric values; answer metrics are None for unanswerable items and vice versa."""
    answers = pred["answers"][:k]
    s = {"id": item.id, "lang": item.lang, "type": item.type, "latency_ms": pred["latency_ms"]}
    if not item.answers:
        s["abstained_ok"] = float(pred["abstained"])
        return s
    s["wrongly_abstained"] = float(pred["abstained"])
    s["hit@1"] = float(bool(answers) and contains_answer(answers[0]["text"], item.answers))
    s["hit@k"] = float(any(contains_answer(a["text"], item.answers) for a in answers))
    s["citation@1"] = float(bool(answers) and answers[0]["doc_id"] in item.sources)
    ranks = [i for i, a in enumerate(answers, 1) if a["doc_id"] in item.sources]
    s["recall@k"] = float(bool(ranks))
    s["mrr"] = 1.0 / ranks[0] if ranks else 0.0
    s["f1"] = max((token_f1(answers[0]["text"], g) for g in item.answers), default=0.0) if answers else 0.0
    s["answer_chars"] = float(len(answers[0]["text"])) if answers else None
    return s


METRICS = ["hit@1", "hit@k", "citation@1", "recall@k", "mrr", "f1", "answer_chars", "abstained_ok",
           "wrongly_abstained"]


def aggregate(rows: list[dict]) -> dict:
    out: dict = {"n": len(rows)}
    for m in METRICS:
        vals = [r[m] for r in rows if r.get(m) is not None]
        out[m] = round(float(np.mean(vals)), 4) if vals else None
    lat = [r["latency_ms"] for r in rows]
    out["latency_p50_ms"] = round(float(np.median(lat)), 2) if lat else None
    out["latency_p95_ms"] = round(float(np.percentile(lat, 95)), 2) if lat else None
    return out


def summarize(rows: list[dict]) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[f"lang={r['lang']}"].append(r)
        groups[f"type={r['type']}"].append(r)
    return {"overall": aggregate(rows), **{g: aggregate(v) for g, v in sorted(groups.items())}}


# ---------------------------------------------------------------- baselines
def _whole_chunk(ix, c: int, score: float) -> Answer:
    d, s, e = (int(x) for x in ix.chunks[c])
    a = ix.articles[d]
    return Answer(a.text[s:e], a.doc_id, a.title, s, e, round(float(score), 4), a.text[s:e])


def baseline_dense(engine, question: str, k: int) -> Result:
    q = engine.embedder.encode_queries([question])[0]
    ids, scores = engine.index.store.search(q, k)
    return Result(question, False, [_whole_chunk(engine.index, int(c), s) for c, s in zip(ids, scores)])


def baseline_bm25(engine, question: str, k: int) -> Result:
    from .retrieve import query_terms

    terms = query_terms(question)
    if not terms:
        return Result(question, True, [])
    top, scores = engine.index.store.chunk_lexical(terms, k)
    return Result(question, not len(top), [_whole_chunk(engine.index, int(c), s) for c, s in zip(top, scores)])


# ---------------------------------------------------------------- running
def predict(engine, items: list[GoldItem], k: int, system: str = "arqa", progress: bool = True) -> list[dict]:
    from tqdm import tqdm

    fn = {"arqa": lambda q: engine.ask(q, k=k), "dense": lambda q: baseline_dense(engine, q, k),
          "bm25": lambda q: baseline_bm25(engine, q, k)}[system]
    preds = []
    if items:  # latency is of warm questions: the first call loads the question encoder and transliterator
        try:
            fn("Who is Warmup?")
        except ValueError:
            pass
    for it in tqdm(items, desc=f"eval {system}", disable=not progress, file=sys.stderr):
        t = time.perf_counter()
        try:
            r = fn(it.question)
            err = None
        except ValueError as e:  # a question the system refuses counts as an abstention
            r, err = Result(it.question, True, [], str(e)), str(e)
        ms = (time.perf_counter() - t) * 1000
        p = {"id": it.id, "question": it.question, "abstained": r.abstained,
             "answers": [a.as_dict() for a in r.answers], "latency_ms": round(ms, 2)}
        if err:
            p["error"] = err
        preds.append(p)
    return preds


def abstention_curve(engine, items: list[GoldItem]) -> list[dict]:
    """Share of unanswerable items abstained on and of answerable ones lost, as the thresholds shift.

    Each question's confidence is compared with its own script's threshold, so
    the sweep moves both thresholds together by ``offset``.
    """
    from dataclasses import replace

    from .normalize import script

    w = engine.weights
    margins = []
    try:
        engine.weights = replace(w, abstain_below=-1.0, abstain_below_cross=-1.0)
        for it in items:
            try:
                r = engine.ask(it.question, k=1)
            except ValueError:
                continue
            t = w.abstain_below if script(it.question) == "ar" else w.abstain_below_cross
            # abstained with no threshold: the quote lacks the quantity or date asked for, at any offset
            margins.append((-np.inf if r.abstained else r.confidence - t, bool(it.answers)))
    finally:
        engine.weights = w
    unans = np.array([m for m, a in margins if not a])
    ans = np.array([m for m, a in margins if a])
    curve = []
    for off in np.round(np.arange(-0.08, 0.081, 0.01), 3):
        curve.append({"offset": float(off),
                      "unanswerable_abstained": float(np.mean(unans < off)) if len(unans) else None,
                      "answerable_abstained": float(np.mean(ans < off)) if len(ans) else None})
    return curve


COLUMNS = [("hit@1", "hit@1"), ("hit@k", "hit@k"), ("citation@1", "cite@1"), ("mrr", "mrr"), ("f1", "f1"),
           ("answer_chars", "chars"), ("abstained_ok", "abst.ok"), ("wrongly_abstained", "abst.bad"),
           ("latency_p50_ms", "p50 ms"), ("latency_p95_ms", "p95 ms")]


def _fmt(v) -> str:
    return "–" if v is None else (f"{v:.0f}" if abs(v) >= 100 else f"{v:.3f}" if isinstance(v, float) else str(v))


def _table(systems: dict[str, dict]) -> str:
    """arqa's metrics by group, then every system side by side on the headline metrics."""
    arqa = systems["arqa"]
    out = ["| arqa | n | " + " | ".join(c for _, c in COLUMNS) + " |", "|---" * (len(COLUMNS) + 2) + "|"]
    for g, m in arqa.items():
        out.append(f"| {g} | {m['n']} | " + " | ".join(_fmt(m.get(k)) for k, _ in COLUMNS) + " |")
    if len(systems) > 1:
        keys = [("hit@1", "hit@1"), ("hit@k", "hit@k"), ("citation@1", "cite@1"), ("f1", "f1"),
                ("answer_chars", "chars"), ("latency_p50_ms", "p50 ms")]
        out += ["", "| group | system | " + " | ".join(c for _, c in keys) + " |", "|---" * (len(keys) + 2) + "|"]
        for g in [g for g in arqa if g == "overall" or g.startswith("lang=")]:
            for name, sm in systems.items():
                out.append(f"| {g} | {name} | " + " | ".join(_fmt(sm[g].get(k)) for k, _ in keys) + " |")
    return "\n".join(out) + "\n"


def _plots(out: Path, systems: dict[str, dict], rows: list[dict], curve: list[dict]) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    for prefix, fname in (("type=", "hit_by_type.png"), ("lang=", "hit_by_lang.png")):
        groups = [g for g in systems["arqa"] if g.startswith(prefix) and systems["arqa"][g].get("hit@1") is not None]
        if not groups:
            continue
        fig, ax = plt.subplots(figsize=(7, 3.5))
        width = 0.8 / len(systems)
        for i, (name, m) in enumerate(systems.items()):
            ax.bar(np.arange(len(groups)) + i * width, [m[g].get("hit@1") or 0 for g in groups], width, label=name)
        ax.set_xticks(np.arange(len(groups)) + 0.4 - width / 2, [g[len(prefix):] for g in groups])
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("answer hit@1")
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / fname, dpi=100)
        plt.close(fig)
        files.append(fname)
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist([r["latency_ms"] for r in rows], bins=20)
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=100)
    plt.close(fig)
    files.append("latency.png")
    if curve and any(c["unanswerable_abstained"] is not None for c in curve):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot([c["offset"] for c in curve], [c["unanswerable_abstained"] for c in curve], label="unanswerable abstained")
        ax.plot([c["offset"] for c in curve], [c["answerable_abstained"] for c in curve], label="answerable abstained")
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_xlabel("shift of the abstention thresholds (0 = current)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "abstention.png", dpi=100)
        plt.close(fig)
        files.append("abstention.png")
    return files


def evaluate(engine, gold: Path, out: Path, k: int = 3, baselines: tuple[str, ...] = (), progress: bool = True) -> dict:
    """Run the gold file through arqa (and baselines); write predictions.jsonl, metrics.json, report.md."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    articles = {a.doc_id: a.text for a in engine.index.articles}
    items, problems = load_gold(Path(gold), articles)
    for p in problems:
        print(f"qa: warning: {gold}: {p}", file=sys.stderr)
    systems: dict[str, dict] = {}
    all_rows: dict[str, list[dict]] = {}
    for system in ("arqa", *baselines):
        preds = predict(engine, items, k, system, progress)
        name = "predictions.jsonl" if system == "arqa" else f"predictions_{system}.jsonl"
        with open(out / name, "w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        if system == "arqa":
            arqa_preds = preds
        rows = [item_scores(it, p, k) for it, p in zip(items, preds)]
        all_rows[system] = rows
        systems[system] = summarize(rows)
    curve = abstention_curve(engine, items) if items else []
    metrics = {"gold": str(gold), "k": k, "items": len(items), "problems": problems, "systems": systems,
               "abstention_curve": curve, "model": engine.index.manifest["model"],
               "chunking": engine.index.manifest["chunking"]}
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1))
    plots = _plots(out, systems, all_rows["arqa"], curve) if items else []
    report = [f"# arqa evaluation: {Path(gold).name}", "",
              f"{len(items)} items scored, k={k}, model `{engine.index.manifest['model']['name']}`, "
              f"{engine.index.manifest['counts']['chunks']} chunks.", ""]
    if problems:
        report += ["## Problems in the gold file", ""] + [f"- {p}" for p in problems] + [""]
    report += ["## Metrics", "", "hit: the answer text contains a gold answer (after Arabic normalization); "
               "citation@1: the top answer cites a gold source; recall@k / MRR: a gold source among the answers; "
               "f1: token F1 of the top answer; abstained_ok: unanswerable items abstained on; "
               "wrongly_abstained: answerable items abstained on.", "", _table(systems), ""]
    report += [f"![{p}]({p})" for p in plots]
    misses = [(it, p) for it, p, r in zip(items, arqa_preds, all_rows["arqa"]) if r.get("hit@1") == 0.0]
    if misses:
        report += ["", "## Answerable items missed at rank 1", ""]
        for it, p in misses:
            got = p["answers"][0]["text"][:160] if p["answers"] else "(abstained)"
            report.append(f"- `{it.id}` ({it.lang}, {it.type}) {it.question} — expected {it.answers[0]!r}; got: {got}")
    (out / "report.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    return metrics


def print_table(metrics: dict) -> None:
    sys.stdout.write(_table(metrics["systems"]))


def run_eval(a) -> int:
    """``qa eval``: open the engine like ``qa ask`` does, then evaluate."""
    from .engine import Engine

    if not Path(a.gold).is_file():
        from .load import CorpusError

        raise CorpusError(f"gold file not found: {a.gold}")
    from .cli import store_of

    engine = Engine.open(a.index, a.corpus, device=a.device, progress=lambda m: print(f"qa: {m}", file=sys.stderr),
                         store=store_of(a))
    metrics = evaluate(engine, Path(a.gold), Path(a.out), k=a.k, baselines=tuple(dict.fromkeys(a.baseline)))
    if a.json:
        print(json.dumps(metrics["systems"], ensure_ascii=False, indent=1))
    else:
        print_table(metrics)
        print(f"\nwrote {a.out}/predictions.jsonl, metrics.json, report.md")
    return 0 if metrics["items"] else 2

