# Two commands: `make run` and `make test`. Each installs what is missing first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.arqa-installed
# No pip cache: a clean machine may have little disk, and the wheels are installed once.
export PIP_NO_CACHE_DIR := 1

.PHONY: run test install browser bench clean

install: $(STAMP)

# torch is pinned first: a plain `torch` requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# Debian's Chromium for the browser tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: $(STAMP)
	$(PY) app.py

test: $(STAMP) browser
	$(PY) -m pytest -q

# Benchmarks are not tests: run on demand. Haystack is installed only for the side-by-side comparison.
bench: $(STAMP)
	$(PY) -m pip install -q -e '.[test,bench]'
	$(PY) -m bench
	$(PY) -m bench.indexing
	$(PY) -m bench.haystack
	$(PY) -m bench.concurrency
	$(PY) -m bench.scale --sizes 10000 100000 --milvus
	$(PY) -m bench.scale --sizes 1000000 --kinds flat ivfflat hnsw32 --ef 128 256 512 --nprobe 64 128 256

clean:
	rm -rf $(VENV) index eval-out test-output
