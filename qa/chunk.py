"""Split articles into offset-preserving chunks (for retrieval) and sentences (for quoting).

Chunks come from ``langchain-text-splitters`` with Arabic-aware separators;
each keeps its start offset so any span inside it maps back to the article.
Sentences are found with a small regex over the original text, since the usual
sentence splitters need NLTK data that cannot be fetched here.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

# Paragraphs, lines, sentence ends (Latin and Arabic), clause commas, then words.
SEPARATORS = ["\n\n", "\n", r"(?<=[.!?؟…])\s+", r"(?<=[؛;])\s+", r"(?<=[،,])\s+", r"\s+", ""]
MAX_SENTENCE = 320  # longer sentences are cut at clause boundaries so quotes stay short


@dataclass(frozen=True)
class ChunkSettings:
    size: int = 500
    overlap: int = 100

    def as_dict(self) -> dict:
        from .normalize import LEXICAL_VERSION

        return {**asdict(self), "separators": SEPARATORS, "max_sentence": MAX_SENTENCE, "lexical": LEXICAL_VERSION}


@dataclass(frozen=True)
class Span:
    """A stretch ``text[start:end]`` of article ``doc`` (an index into the article list)."""

    doc: int
    start: int
    end: int


def chunk_spans(text: str, doc: int, settings: ChunkSettings) -> list[Span]:
    """Chunks of one article as spans into its original text."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter  # only index builds need it

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=settings.size, chunk_overlap=settings.overlap, separators=SEPARATORS,
        is_separator_regex=True, keep_separator="end", add_start_index=True, strip_whitespace=True,
    )
    spans = []
    for d in splitter.create_documents([text]):
        start = d.metadata["start_index"]
        if start < 0 or text[start : start + len(d.page_content)] != d.page_content:
            start = text.find(d.page_content)  # langchain's search failed; locate it ourselves
        if start >= 0 and d.page_content.strip():
            spans.append(Span(doc, start, start + len(d.page_content)))
    return spans


_SENT_END = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s|$)|\n+")
_CLAUSE = re.compile(r"[،,؛;:](?=\s)")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _cut_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a long sentence at the clause mark nearest its middle, recursively."""
    if e - s <= MAX_SENTENCE:
        return [(s, e)]
    marks = [m.end() for m in _CLAUSE.finditer(text, s, e) if s + 40 < m.end() < e - 40]
    if not marks:
        spaces = [m.end() for m in re.finditer(r"\s", text[s:e])]
        marks = [s + x for x in spaces if 40 < x < e - s - 40]
    if not marks:
        return [(s, e)]
    mid = (s + e) // 2
    cut = min(marks, key=lambda m: abs(m - mid))
    left, right = _trim(text, s, cut), _trim(text, cut, e)
    return _cut_long(text, *left) + _cut_long(text, *right)


def sentence_spans(text: str, doc: int) -> list[Span]:
    """Sentences of one article, each at most about ``MAX_SENTENCE`` characters."""
    spans: list[Span] = []
    pos = 0
    for m in list(_SENT_END.finditer(text)) + [None]:
        end = len(text) if m is None else m.end()
        s, e = _trim(text, pos, end)
        pos = end
        if e - s < 2 or not any(ch.isalnum() for ch in text[s:e]):
            continue
        spans.extend(Span(doc, a, b) for a, b in _cut_long(text, s, e))
    return spans
