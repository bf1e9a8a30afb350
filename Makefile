# The two commands a newcomer needs: `make run` and `make test` (see README).
VENV   ?= .venv
PYTHON ?= python3
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: run test install lint format messages bench loadtest loadtest-lb clean backup restore retention

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: export DEBUG ?= true
run: $(STAMP)
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	$(PY) manage.py makemessages -l ru --ignore '.venv' --ignore 'static/vendor' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv'

# Backups hold personal data: see docs/data-protection.md ("Backups").
backup: $(STAMP)
	$(PY) manage.py backup

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/cswg-....dump"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

# Anonymise people whose consent lapsed or who left their groups long ago (daily, by cron).
retention: $(STAMP)
	$(PY) manage.py apply_retention

# The load test (bench/loadtest.py, docs/deployment.md): gunicorn with production settings on
# PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/cswg_loadtest, which it
# writes to: never production), 50 locust users for 2 minutes; fails on any failed request.
BENCH_STAMP = $(VENV)/.bench-installed

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

loadtest: $(BENCH_STAMP)
	$(PY) bench/loadtest.py

# The same against two gunicorn instances behind a local nginx (apt-get install nginx), with
# sessions cached in a local Redis: sessions must hold whichever instance answers.
loadtest-lb: $(BENCH_STAMP)
	$(PY) bench/loadtest.py --instances 2 --nginx --redis

# The national-scale benchmark on PostgreSQL (bench/run.py): builds 2,000 communities once
# in BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cswg_bench), serves them
# with gunicorn and writes bench/results.md. BENCH_ARGS="--fresh" rebuilds the data.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
