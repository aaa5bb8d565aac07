"""The real Gradio app in a real headless Chromium (Debian's), driven by Playwright."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import OUT, ROOT, SEEDS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INJECT = ('مقال تجريبي عن الأمن <script>window.__pwned = 1</script>\n'
          'أعلنت بلدية مدينة الواحة أن شعار الحديقة الجديدة هو <img src=x onerror="window.__pwned=2"> وسط الساحة.\n')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, index_dir):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    base = tmp_path_factory.mktemp("app")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "inject.txt").write_text(INJECT, encoding="utf-8")
    index = base / "index"
    shutil.copytree(index_dir, index)  # stale on purpose: the app must notice the new article and rebuild
    port = _free_port()
    log = open(base / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(corpus), "--index", str(index), "--port",
                             str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                pytest.fail("app exited: " + (base / "app.log").read_text())
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("app did not start: " + (base / "app.log").read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(  # a fresh, empty profile each run
            tempfile.mkdtemp(), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1200, "height": 1100})
        pg = browser.new_page()
        pg.goto(app_url)
        pg.wait_for_selector("#question textarea", timeout=60_000)
        yield pg
        browser.close()


FIRST = "document.querySelector('#answers .arqa-answer, #answers .arqa-none')"
SHOWN = "document.querySelector('#answers').innerHTML"


def ask(page, question: str):
    """Type a question, press the button, wait until new answers (or a new message) are shown."""
    before = page.evaluate(SHOWN)
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(
        f"b => {{ const e = {FIRST}; const a = document.querySelector('#answers');"
        f" return e && {SHOWN} !== b && !a.innerText.includes('processing'); }}", arg=before, timeout=60_000)
    page.wait_for_timeout(300)


def test_arabic_question_shows_rtl_quote_citation_and_article(page):
    ask(page, "كم شخصا اوقف في احدى قرى منطقة الما اتا؟")
    quote = page.locator("#answers .arqa-quote").first
    quote.wait_for(timeout=60_000)
    assert "100" in quote.inner_text()
    assert quote.get_attribute("dir") == "rtl"
    assert quote.evaluate("e => getComputedStyle(e).direction") == "rtl"
    cite = page.locator("#answers .arqa-cite").first.inner_text()
    assert "002_731c2aa32baeb440.txt" in cite
    assert page.locator("#answers mark").count() >= 1
    page.screenshot(path=str(OUT / "app_arabic.png"), full_page=True)
    # open the citation: the whole article, with the quote highlighted in place
    page.locator("#citations label").first.click()
    page.wait_for_timeout(800)
    article = page.locator("#article")
    assert "الساحات والحدائق" in article.inner_text()  # text beyond the quote: the whole article
    assert article.locator(".quote mark").count() == 1
    assert "100" in article.locator(".quote").inner_text()
    page.locator("#article").scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "app_article.png"), full_page=True)


def test_corpus_examples_are_offered(page):
    assert page.get_by_text("What did the United States call on Russia").count() >= 1  # from seeds/examples.json


def test_english_question_quotes_arabic(page):
    ask(page, "What did the United States call on Russia to do with the troops it sent to Kazakhstan?")
    page.locator("#answers .arqa-quote").first.wait_for(timeout=60_000)
    assert "سحب قواتها" in page.locator("#answers").inner_text()
    # the question box follows the text's own direction: English reads left to right, Arabic right to left
    box = page.locator("#question textarea")
    assert box.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"
    page.screenshot(path=str(OUT / "app_english.png"), full_page=True)


def test_off_topic_question_says_not_in_articles(page):
    ask(page, "ما هي افضل طريقة لطهي الأرز؟")
    page.locator("#answers .arqa-none").wait_for(timeout=60_000)
    assert "do not answer" in page.locator("#answers").inner_text()
    # the conversation keeps the earlier questions of this session
    page.get_by_text("Earlier questions").click()
    history = page.locator("#history").inner_text()
    assert "كم شخصا اوقف" in history and "What did the United States" in history


def test_abstention_near_the_threshold_shows_the_closest_passages_apart(page):
    ask(page, "متى بدأت الاحتجاجات؟")  # short: abstained on, just under the threshold
    page.locator("#answers #near .arqa-quote").first.wait_for(timeout=60_000)
    text = page.locator("#answers").inner_text()
    assert "do not answer" in text and "may not answer" in text
    assert page.locator("#answers #near .arqa-quote").count() == 2
    assert page.locator("#answers .arqa-answer").count() == page.locator("#answers #near .arqa-answer").count()
    page.screenshot(path=str(OUT / "app_near.png"), full_page=True)
    page.locator("#citations label").first.click()  # a closest passage opens in its article too
    page.wait_for_timeout(800)
    assert page.locator("#article .quote mark").count() == 1
    ask(page, "ما هي عاصمة البرازيل؟")  # far off topic: nothing but the message
    assert "do not answer" in page.locator("#answers").inner_text()
    assert page.locator("#answers #near").count() == 0


def test_html_in_questions_and_articles_is_shown_as_text(page):
    ask(page, "ما شعار الحديقة الجديدة في مدينة الواحة؟ <img src=x onerror=\"window.__pwned=3\">")
    page.locator("#answers .arqa-quote").first.wait_for(timeout=60_000)
    text = page.locator("#answers").inner_text()
    assert "<img src=x onerror=" in text  # the article's markup is displayed, not rendered
    assert page.locator("#answers img").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.locator("#citations label").first.click()
    page.wait_for_timeout(800)
    assert "<script>" in page.locator("#article").inner_text()
    assert page.locator("#article script, #article img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_gradio_api_answers_over_http(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    result = client.predict("ما الاسم الكامل لرئيس كازاخستان؟", 3, api_name="/ask")
    assert result["answers"] and {"text", "doc_id", "start", "end"} <= set(result["answers"][0])
    assert client.predict("   ", 3, api_name="/ask") == {"error": "the question is empty"}
    with urllib.request.urlopen(app_url + "gradio_api/info") as r:
        assert r.status == 200
    for path in ("gradio_api/file=/etc/passwd", "file=/etc/passwd", "gradio_api/file=../../../../etc/passwd"):
        try:
            body = urllib.request.urlopen(app_url + path).read()
        except OSError:
            continue  # refused: good
        assert b"root:" not in body


def test_share_without_internet_still_serves_locally(index_dir, tmp_path):
    """--share cannot reach Gradio's relay here: the app must say so and keep serving on loopback."""
    index = tmp_path / "index"
    shutil.copytree(index_dir, index)
    port = _free_port()
    log_path = tmp_path / "share.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(SEEDS), "--index", str(index), "--port",
                                 str(port), "--share"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and "share link could not be made" not in log_path.read_text():
            assert proc.poll() is None, log_path.read_text()
            time.sleep(0.5)
        assert "share link could not be made" in log_path.read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_auth_blocks_unauthenticated_api_calls(index_dir, tmp_path):
    from gradio_client import Client

    index = tmp_path / "index"
    shutil.copytree(index_dir, index)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    with open(tmp_path / "auth.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py", "--corpus", str(SEEDS), "--index", str(index), "--port",
                                 str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "ARQA_AUTH": "reader:s3cret-pass"})
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except urllib.error.HTTPError:
                break  # answering, with an auth wall
            except OSError:
                assert proc.poll() is None, (tmp_path / "auth.log").read_text()
                time.sleep(0.5)
        for path in ("gradio_api/info", "gradio_api/call/ask", "config"):
            req = urllib.request.Request(url + path, data=b'{"data": ["x", 1]}' if "call" in path else None,
                                         headers={"Content-Type": "application/json"})
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(req, timeout=10)
            assert e.value.code in (401, 403), path
        with pytest.raises(Exception):
            Client(url, verbose=False).predict("ما الاسم الكامل لرئيس كازاخستان؟", 3, api_name="/ask")
        ok = Client(url, auth=("reader", "s3cret-pass"), verbose=False)
        assert ok.predict("ما الاسم الكامل لرئيس كازاخستان؟", 3, api_name="/ask")["answers"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


LOAD_QUESTIONS = [
    "ما الاسم الكامل لرئيس كازاخستان؟", "كم شخصا اوقف في احدى قرى منطقة الما اتا؟", "من هو وزير الدفاع الروسي؟",
    "What did the United States call on Russia to do with the troops it sent to Kazakhstan?",
    "ما هي افضل طريقة لطهي الأرز؟", "متى انطلقت المظاهرات في منطقة مانجيستاو؟", "Who was arrested for high treason?",
    "كم مواطنا اجلت وزارة الدفاع الروسية من كازاخستان؟", "   ", "ما شعار الحديقة الجديدة في مدينة الواحة؟",
]


def _ask_http(url: str, question: str, k: int = 3) -> dict:
    """One question over Gradio's REST API: POST the call, then read its own event stream to the result."""
    import json

    req = urllib.request.Request(url + "gradio_api/call/ask", data=json.dumps({"data": [question, k]}).encode(),
                                 headers={"Content-Type": "application/json"})
    event_id = json.load(urllib.request.urlopen(req, timeout=60))["event_id"]
    event = ""
    with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event_id}", timeout=120) as stream:
        for line in stream:
            line = line.decode().strip()
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                assert event == "complete", line
                return json.loads(line.split(":", 1)[1])[0]
    raise AssertionError(f"no result for {question!r}")


def test_fifty_concurrent_api_questions_match_sequential_answers(app_url):
    """50 questions at once over Gradio's HTTP API (loopback, bounded): none errors, all equal one-at-a-time.

    Each question is its own REST call with its own event stream: gradio_client's one shared stream for all
    its jobs has cancelled a job whose result had arrived (its reader saw the stream end first) under this load.
    """
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    client = Client(app_url, verbose=False)
    sequential = {q: client.predict(q, 3, api_name="/ask") for q in LOAD_QUESTIONS}
    batch = LOAD_QUESTIONS * 5
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=len(batch)) as pool:
        results = list(pool.map(lambda q: _ask_http(app_url, q), batch))
    assert time.time() - t0 < 180
    assert len(results) == 50
    for q, r in zip(batch, results):
        assert r == sequential[q], q
    assert sum(1 for r in results if r.get("answers")) >= 30


def test_app_refuses_to_start_without_a_usable_index(tmp_path):
    p = subprocess.run([sys.executable, "app.py", "--corpus", str(tmp_path / "missing"), "--index",
                        str(tmp_path / "index"), "--port", str(_free_port())], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 2
    assert "arqa: error: corpus folder not found" in p.stderr and "Traceback" not in p.stderr
