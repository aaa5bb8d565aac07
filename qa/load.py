"""Load a folder of articles: one UTF-8 ``.txt`` file an article, its relative path its id.

The text is the file's exact characters (a UTF-8 BOM dropped, line endings
kept), so ``text[start:end]`` offsets are offsets into the file as a reader sees it.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

MAX_ARTICLE_BYTES = int(float(os.environ.get("ARQA_MAX_ARTICLE_MB", "8")) * 1024 * 1024)


class CorpusError(Exception):
    """The corpus as a whole cannot be used (missing folder, no readable article)."""


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    text: str
    sha256: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def title_of(text: str) -> str:
    """First non-empty line, trimmed to a readable length."""
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 200 else line[:199] + "…"
    return ""


def decode_article(data: bytes) -> str:
    """Strict UTF-8 with an optional BOM; raises ValueError with a reason a person can act on."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8 (bad byte at offset {e.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ValueError("empty file")
    return text


def corpus_files(corpus: Path) -> list[Path]:
    """All ``.txt`` and ``.jsonl`` files under ``corpus``, recursively, in a stable order (or the one .jsonl file)."""
    if not corpus.exists():
        raise CorpusError(f"corpus folder not found: {corpus}")
    if corpus.is_file() and corpus.suffix == ".jsonl":
        return [corpus]
    if not corpus.is_dir():
        raise CorpusError(f"corpus is not a folder or a .jsonl file: {corpus}")
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".jsonl"))
    if not files:
        raise CorpusError(f"no .txt or .jsonl files in corpus folder: {corpus}")
    return files


def _key(path: Path, corpus: Path) -> str:
    return path.name if corpus.is_file() else path.relative_to(corpus).as_posix()


def jsonl_records(path: Path) -> tuple[list[tuple[str, str, str]], list[Skipped]]:
    """``(id, title, text)`` of each line ``{"id": ..., "title": ..., "text": ...}``; bad lines are skipped by number."""
    out, bad = [], []
    try:
        raw = decode_article(path.read_bytes())
    except (OSError, ValueError) as e:
        return [], [Skipped(path.name, str(e))]
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            rid, text = str(d["id"]), d["text"]
            if not isinstance(text, str) or not text.strip():
                raise ValueError("empty text")
            out.append((rid, str(d.get("title") or title_of(text)), text))
        except (ValueError, KeyError, TypeError) as e:
            bad.append(Skipped(f"{path.name}:{n}", f"bad record ({type(e).__name__}: {e})"))
    return out, bad


def load_corpus(corpus: Path) -> tuple[list[Article], list[Skipped]]:
    """Read every article; unreadable ones are returned as ``Skipped`` with the reason, not raised."""
    corpus = Path(corpus)
    return read_articles([(p, _key(p, corpus)) for p in corpus_files(corpus)], corpus)


def read_articles(files: list[tuple[Path, str]], where: Path | str = "", seen: dict[str, str] | None = None,
                  ) -> tuple[list[Article], list[Skipped]]:
    """Read ``(path, doc_id)`` pairs; a file whose bytes equal an earlier one's is skipped as a duplicate."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    prior = seen or {}
    seen = dict(prior)  # sha256 -> doc_id

    def admit(doc_id: str, title: str, text: str, digest: str) -> None:
        if digest in seen:
            same = seen[digest] == doc_id
            skipped.append(Skipped(doc_id, "already indexed" if same else f"duplicate of {seen[digest]}"))
            return
        seen[digest] = doc_id
        articles.append(Article(doc_id, title, text, digest))

    for path, doc_id in files:
        if path.suffix == ".jsonl":  # one article a record; citations point into the record's text
            records, bad = jsonl_records(path)
            skipped.extend(bad)
            for rid, title, text in records:
                admit(rid, title, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
            continue
        try:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                raise ValueError(f"larger than {MAX_ARTICLE_BYTES / (1024 * 1024):g} MB (set ARQA_MAX_ARTICLE_MB to allow)")
            data = path.read_bytes()
            text = decode_article(data)
        except (OSError, ValueError) as e:
            skipped.append(Skipped(doc_id, str(e)))
            continue
        admit(doc_id, title_of(text), text, hashlib.sha256(data).hexdigest())
    if not articles and not prior:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
        raise CorpusError(f"no readable article in {where} ({reasons})")
    return articles, skipped
