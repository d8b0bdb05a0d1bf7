# kehoach: the two commands a new user needs (see README.md).
#   make run   install what is missing, then extract every file in samples/ (and the seed dump) into output/
#   make test  install what is missing, then run the test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie fonts-liberation2 poppler-utils python3-venv chromium chromium-driver libreoffice-calc-nogui
#: Only to write the scan corpus again (make corpus): the fonts it prints in besides Liberation.
CORPUS_PACKAGES := fonts-dejavu-core fonts-noto-core fonts-freefont-ttf
SEED := $(wildcard ../shared/seed/*.ocr.txt)
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: run test setup system-deps corpus-deps samples corpus bench clean

system-deps corpus-deps: PACKAGES = $(if $(filter corpus-deps,$@),$(CORPUS_PACKAGES),$(SYSTEM_PACKAGES))
system-deps corpus-deps:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,pandas]'
	touch $@

setup: system-deps $(VENV)/.installed

run: setup
	$(VENV)/bin/kehoach extract samples/ $(SEED) -o output/ -j $(JOBS)

test: setup
	$(PY) -m pytest -q

samples: setup
	$(PY) samples/make_samples.py
	$(PY) samples/make_scans.py

corpus: setup corpus-deps
	$(PY) samples/make_corpus.py --missing

bench: setup
	$(PY) bench/ocr_speed.py --file samples/scans/dak-nong-qd1657-2019.scan300.pdf --rounds 4 --side-by-side
	$(PY) bench/repair_quality.py --scans
	$(PY) bench/dask_workers.py

clean:
	rm -rf output/*.json output/*.csv output/*.xlsx .pytest_cache
