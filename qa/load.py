"""Load a folder of articles: one UTF-8 ``.txt`` file an article, its relative path its id.

The text is the file's exact characters (a UTF-8 BOM dropped, line endings
kept), so ``text[start:end]`` offsets are offsets into the file as a reader sees it.
"""
from __future__ import annotations

import hashlib
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
    """All ``.txt`` files under ``corpus``, recursively, in a stable order."""
    if not corpus.exists():
        raise CorpusError(f"corpus folder not found: {corpus}")
    if not corpus.is_dir():
        raise CorpusError(f"corpus is not a folder: {corpus}")
    files = sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    if not files:
        raise CorpusError(f"no .txt files in corpus folder: {corpus}")
    return files


def load_corpus(corpus: Path) -> tuple[list[Article], list[Skipped]]:
    """Read every article; unreadable ones are returned as ``Skipped`` with the reason, not raised."""
    corpus = Path(corpus)
    return read_articles([(p, p.relative_to(corpus).as_posix()) for p in corpus_files(corpus)], corpus)


def read_articles(files: list[tuple[Path, str]], where: Path | str = "", seen: dict[str, str] | None = None,
                  ) -> tuple[list[Article], list[Skipped]]:
    """Read ``(path, doc_id)`` pairs; a file whose bytes equal an earlier one's is skipped as a duplicate."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    prior = seen or {}
    seen = dict(prior)  # sha256 -> doc_id
    for path, doc_id in files:
        try:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                raise ValueError(f"larger than {MAX_ARTICLE_BYTES / (1024 * 1024):g} MB (set ARQA_MAX_ARTICLE_MB to allow)")
            data = path.read_bytes()
            text = decode_article(data)
        except (OSError, ValueError) as e:
            skipped.append(Skipped(doc_id, str(e)))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            same = seen[digest] == doc_id
            skipped.append(Skipped(doc_id, "already indexed" if same else f"duplicate of {seen[digest]}"))
            continue
        seen[digest] = doc_id
        articles.append(Article(doc_id, title_of(text), text, digest))
    if not articles and not prior:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
        raise CorpusError(f"no readable article in {where} ({reasons})")
    return articles, skipped
