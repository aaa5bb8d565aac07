"""arqa's Gradio app: ask in Arabic or English, read quoted answers with citations, open the article.

Thin over ``qa.Engine``: the model and index load once at start-up. All
article text and questions are HTML-escaped before display, never rendered as
markup. Run ``python app.py`` (or ``qa serve``); ``--share`` asks Gradio for a
public link and ``--auth user:password`` protects the app.
"""
from __future__ import annotations

import argparse
import html
import os
import sys

from qa import Engine, QuestionError
from qa.answer import Result

CSS = """
.arqa-rtl { direction: rtl; text-align: right; unicode-bidi: plaintext;
  font-family: 'Noto Naskh Arabic', 'Amiri', 'Segoe UI', 'Tahoma', sans-serif; line-height: 1.9; font-size: 1.1rem; }
.arqa-answer { border: 1px solid #ddd; border-radius: 8px; padding: 10px 14px; margin: 8px 0; }
.arqa-answer mark, .arqa-article mark { background: #ffe58a; padding: 0 2px; border-radius: 3px; }
.arqa-cite { font-size: 0.85rem; color: #555; direction: rtl; text-align: right; }
.arqa-none { padding: 12px; border-radius: 8px; background: #f4f4f4; }
.arqa-unsure { padding: 6px 10px; border-radius: 6px; background: #fff4e0; font-size: 0.9rem; }
.arqa-near { margin-top: 10px; opacity: 0.8; }
.arqa-near .arqa-answer { border-style: dashed; }
.arqa-article { white-space: pre-wrap; max-height: 520px; overflow-y: auto; }
.arqa-article .quote { background: #e8f0ff; }
.arqa-turn { border-bottom: 1px dashed #ddd; padding: 6px 0; }
.arqa-q { font-weight: 600; unicode-bidi: plaintext; }
#question textarea { unicode-bidi: plaintext; text-align: start; line-height: 1.8; }
"""

def corpus_examples(corpus: str | os.PathLike | None) -> list[str]:
    """Example questions a corpus may ship as ``examples.json`` (a list of strings) beside its articles."""
    import json
    from pathlib import Path

    path = Path(corpus or ".") / "examples.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [q for q in data if isinstance(q, str) and q.strip()][:8] if isinstance(data, list) else []


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _quote_html(text: str, start: int, hs: int, he: int) -> str:
    """The quote, escaped, with its best-matching part marked (offsets relative to the article)."""
    a, b = max(hs - start, 0), max(min(he - start, len(text)), 0)
    return _esc(text[:a]) + "<mark>" + _esc(text[a:b]) + "</mark>" + _esc(text[b:])


def _answers_html(answers) -> list[str]:
    parts = []
    for i, a in enumerate(answers, 1):
        hs, he = a.highlight or [a.start, a.start]
        parts.append(
            f'<div class="arqa-answer"><div class="arqa-rtl arqa-quote" dir="rtl">«{_quote_html(a.text, a.start, hs, he)}»</div>'
            f'<div class="arqa-cite" dir="rtl">[{i}] <b dir="auto">{_esc(a.title)}</b> — '
            f'<span dir="ltr">{_esc(a.doc_id)}</span>، الفقرة {a.paragraph}، '
            f'<span dir="ltr">chars {a.start}–{a.end}</span></div></div>')
    return parts


def render_result(r: Result) -> str:
    if r.abstained:
        none = ('<div class="arqa-none" dir="auto">The articles do not answer this question. '
                '<span dir="rtl">لا تجيب المقالات عن هذا السؤال.</span></div>')
        if not r.near:
            return none
        return (none + '<div class="arqa-near" id="near"><div class="arqa-unsure" dir="auto">Closest passages — they '
                'may not answer it. <span dir="rtl">أقرب المقاطع، وقد لا تجيب عن السؤال.</span></div>'
                + "\n".join(_answers_html(r.near)) + "</div>")
    parts = [f'<div class="arqa-unsure" dir="auto">{_esc(r.message)}</div>'] if r.message else []
    return "\n".join(parts + _answers_html(r.answers))


def render_history(turns: list[tuple[str, str]]) -> str:
    """Earlier questions of this session, newest first, each with its first answer (escaped)."""
    rows = [f'<div class="arqa-turn"><div class="arqa-q" dir="auto">{_esc(q)}</div>'
            f'<div class="arqa-rtl" dir="auto">{_esc(a)}</div></div>' for q, a in reversed(turns)]
    return "\n".join(rows)


def _summary(r: Result) -> str:
    if r.abstained or not r.answers:
        return "— The articles do not answer this question."
    a = r.answers[0]
    return f"«{a.text}» — {a.title[:80]} ({a.doc_id})"


def render_article(engine: Engine, doc_id: str, start: int, end: int, hs: int, he: int) -> str:
    """The whole article, escaped, with the quoted passage marked in place."""
    art = next((a for a in engine.index.articles if a.doc_id == doc_id), None)
    if art is None:
        return ""
    t = art.text
    hs, he = max(hs, start), min(he, end)
    body = (_esc(t[:start]) + '<span class="quote">' + _esc(t[start:hs]) + "<mark>" + _esc(t[hs:he]) + "</mark>"
            + _esc(t[he:end]) + "</span>" + _esc(t[end:]))
    return (f'<h3 class="arqa-rtl" dir="rtl">{_esc(art.title)}</h3>'
            f'<div class="arqa-cite" dir="ltr">{_esc(doc_id)}</div>'
            f'<div class="arqa-rtl arqa-article" dir="rtl">{body}</div>')


def build_app(engine: Engine, examples: list[str] | None = None, corpus_name: str = ""):
    import gradio as gr

    ix = engine.index
    m = ix.manifest
    corpus_md = "\n".join(f"- **{_esc(a.title)}** (`{_esc(a.doc_id)}`)" for a in ix.articles[:200])

    def ask(question: str, k: float = 3, turns: list | None = None):
        """Answer a question; returns the answers HTML, citation choices, the JSON, the article, the history."""
        turns = list(turns or [])
        try:
            r = engine.ask(question, k=int(k))
        except QuestionError as e:
            msg = f'<div class="arqa-none" dir="auto">{_esc(str(e))}</div>'
            return (msg, gr.update(choices=[], value=None, visible=False), {"error": str(e)}, "",
                    turns, render_history(turns))
        turns = (turns + [(question.strip(), _summary(r))])[-20:]
        iso = lambda t: f"\u2068{t}\u2069"  # noqa: E731 -- bidi isolates keep Arabic titles and Latin ids apart
        shown = r.answers or r.near
        choices = [(f"[{i}] {iso(a.title[:60])} — {iso(a.doc_id)} ¶{a.paragraph}", str(i - 1))
                   for i, a in enumerate(shown, 1)]
        first = render_article(engine, shown[0].doc_id, shown[0].start, shown[0].end,
                               *shown[0].highlight) if shown else ""
        return (render_result(r), gr.update(choices=choices, value="0" if choices else None, visible=bool(choices)),
                r.as_dict(), first, turns, render_history(turns[:-1]))

    def show(choice: str | None, data: dict):
        shown = (data or {}).get("answers") or (data or {}).get("near")
        if choice is None or not shown:
            return ""
        a = shown[int(choice)]
        return render_article(engine, a["doc_id"], a["start"], a["end"], *a["highlight"])

    with gr.Blocks(title="arqa — أسئلة وأجوبة من المقالات") as demo:
        gr.HTML(f"<style>{CSS}</style>")
        gr.Markdown("# arqa\nAsk a question in Arabic or English. Answers are quoted word for word from the "
                    f"articles, each with its citation. **Corpus:** {len(ix.articles)} articles"
                    + (f" from `{_esc(corpus_name)}`" if corpus_name else "") + " (listed below).")
        with gr.Row():
            q = gr.Textbox(label="Question / السؤال", placeholder="اكتب سؤالك هنا… / Type your question…",
                           lines=2, max_length=2000, elem_id="question", scale=5)  # direction follows the text
            btn = gr.Button("Ask / اسأل", variant="primary", elem_id="ask", scale=1)
        k = gr.Slider(1, 10, value=3, step=1, label="answers", visible=False)
        answers = gr.HTML(elem_id="answers")
        cites = gr.Radio(label="Open the article of a citation / افتح المقال", choices=[], visible=False,
                         elem_id="citations")
        with gr.Accordion("Article / المقال", open=True):
            article = gr.HTML(elem_id="article")
        raw = gr.JSON(visible=False)
        turns = gr.State([])
        with gr.Accordion("Earlier questions / الأسئلة السابقة", open=False):
            history = gr.HTML(elem_id="history")
        if examples:
            gr.Examples(examples, inputs=q)
        with gr.Accordion("The articles / المقالات", open=False):
            gr.Markdown(corpus_md)
        gr.Markdown(f"<small>Model: `{_esc(m['model']['name'])}` · index built {_esc(m['built_at'])} · "
                    f"{m['counts']['chunks']} chunks, {m['counts']['sentences']} sentences · "
                    f"{_esc(ix.store.kind)} store ({_esc(m.get('index_type', ''))})</small>",
                    elem_id="footer")

        def ask_api(question: str, k: int = 3) -> dict:
            """Answer a question: the same JSON object as `qa ask --json` (or {"error": ...} for a bad question)."""
            try:
                return engine.ask(question, k=int(k)).as_dict()
            except QuestionError as e:
                return {"error": str(e)}

        gr.api(ask_api, api_name="ask")
        for trigger in (btn.click, q.submit):
            trigger(ask, [q, k, turns], [answers, cites, raw, article, turns, history], api_name=False)
        cites.change(show, [cites, raw], article, api_name=False)
    return demo


def serve(corpus: str = "seeds", index: str = "index", host: str = "127.0.0.1", port: int = 7860,
          share: bool = False, auth: str | None = None, device: str = "auto", store: dict | None = None) -> int:
    import threading

    ui = threading.Thread(target=__import__, args=("gradio",), daemon=True)
    ui.start()  # import Gradio on the other core while the model and index load
    engine = Engine.open(index, corpus, device=device, progress=lambda m: print(f"arqa: {m}", file=sys.stderr),
                         store=store)
    for n in engine.notes:
        print(f"arqa: {n}", file=sys.stderr)
    ui.join()
    demo = build_app(engine, corpus_examples(corpus), os.path.basename(os.path.normpath(str(corpus))))
    creds = None
    if auth:
        user, _, pw = auth.partition(":")
        if not user or not pw:
            print("arqa: error: --auth must be user:password", file=sys.stderr)
            return 2
        creds = [(user, pw)]
    demo.queue(default_concurrency_limit=8)
    kwargs = dict(server_name=host, server_port=port, auth=creds, show_error=False, prevent_thread_lock=True)
    if share:
        try:
            demo.launch(share=True, **kwargs)
            if not getattr(demo, "share_url", None):
                print("arqa: the share link could not be made (no internet?); serving locally only", file=sys.stderr)
        except Exception as e:  # no internet: keep the local app
            print(f"arqa: the share link could not be made ({type(e).__name__}); serving locally only", file=sys.stderr)
            demo.launch(**kwargs)
    else:
        demo.launch(**kwargs)
    # first-call costs (question encoder session, name transliterator) are paid as soon as the page is up
    engine.ask("Who is Warmup?", k=1)
    demo.block_thread()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description="arqa Gradio app")
    ap.add_argument("--corpus", default=os.environ.get("ARQA_CORPUS", "seeds"))
    ap.add_argument("--index", default=os.environ.get("ARQA_INDEX", "index"))
    ap.add_argument("--host", default=os.environ.get("ARQA_HOST", "127.0.0.1"))
    ap.add_argument("--port", type=int, default=int(os.environ.get("ARQA_PORT", "7860")))
    ap.add_argument("--share", action="store_true", help="ask Gradio for a public share link (exposes the app!)")
    ap.add_argument("--auth", default=os.environ.get("ARQA_AUTH"), help="user:password (env ARQA_AUTH)")
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--store", default=os.environ.get("ARQA_STORE"), choices=["faiss", "milvus"])
    ap.add_argument("--milvus-uri", default=os.environ.get("ARQA_MILVUS_URI"))
    a = ap.parse_args()
    from qa import CorpusError, IndexError_
    from qa.cli import store_of

    try:
        return serve(a.corpus, a.index, a.host, a.port, a.share, a.auth, a.device, store_of(a))
    except (CorpusError, IndexError_) as e:  # refuse to start with one clear line, never a broken index
        print(f"arqa: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
