"""Shared fixtures: the real converted model and a real index of the seeds, built once per session."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD_DEV = ROOT / "eval" / "gold_dev.jsonl"
OUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def embedder():
    from qa.embed import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, embedder) -> Path:
    from qa.index import build

    d = tmp_path_factory.mktemp("idx") / "index"
    build(SEEDS, d, embedder)
    return d


@pytest.fixture(scope="session")
def engine(index_dir, embedder):
    from qa import Engine
    from qa.index import open_index

    return Engine(open_index(index_dir), embedder)


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    return {d["id"]: d for d in map(json.loads, GOLD_DEV.read_text(encoding="utf-8").splitlines()) if d}


def run_qa(*args: str, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real ``qa`` command in a subprocess."""
    e = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env=e)


def engine_over(tmp_path_factory, embedder, name: str, files: list[Path]):
    """A real engine over a fresh index of ``files`` (articles of the eval collections) copied into one corpus."""
    from qa import Engine
    from qa.index import build, open_index

    corpus = tmp_path_factory.mktemp(name) / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus)
    build(corpus, corpus.parent / "index", embedder)
    return Engine(open_index(corpus.parent / "index"), embedder)


def eval_articles(*collections: str) -> list[Path]:
    """The articles of these ``eval/`` collections."""
    return [f for c in collections for f in sorted((ROOT / "eval" / c).glob("*.txt"))]


def answers_with(result, text: str) -> bool:
    """Is ``text`` in the first answer (not abstained on)?"""
    return not result.abstained and text in result.answers[0].text


def first_passage(result) -> str:
    """The first passage shown, an answer or (abstained on) the nearest."""
    return (result.answers or result.near)[0].text


def copy_seeds(dest: Path) -> Path:
    shutil.copytree(SEEDS, dest)
    return dest
