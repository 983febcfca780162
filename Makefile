# `make run` serves the app with worker and beat; `make test` runs every check.
# Both create .venv and start embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
WITH_ENGINES := $(PY) -m config.engines --

.PHONY: run test lint manage messages lock clean bench bench-review bench-notifications bench-planner bench-http bench-load bench-scaleout bench-schema vendor screenshots

run: $(VENV)/.installed messages
	$(PY) -m config.launcher

# Two pytest-xdist workers (TEST_WORKERS=0 runs in one process): each has its own test database,
# Celery queue and cache prefix; the tests sharing the demo's one load stay on one worker
# (tests/conftest.py schedules them).
TEST_WORKERS ?= 2
test: $(VENV)/.installed messages lint
	ONBOARDING_REDIS_FILE=redis-test.rdb $(WITH_ENGINES) $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	# mypy's Django plugin reads the settings; nothing connects to these addresses.
	DATABASE_URL=postgres://typecheck/none REDIS_URL=redis://typecheck:6379/0 $(VENV)/bin/mypy
	$(WITH_ENGINES) $(PY) manage.py makemigrations --check --dry-run

# `make manage ARGS="createsuperuser"` runs a management command beside the engines.
manage: $(VENV)/.installed messages
	$(WITH_ENGINES) $(PY) manage.py $(ARGS)

messages: $(VENV)/.installed
	@$(PY) -m config.compile_messages

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

# Re-pin after editing requirements.txt.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.txt
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .data

# `make bench`: the review benchmarks, then the long schemathesis run (~30 min), one after the
# other; each writes its figures to docs/benchmarks.md. Either alone: bench-review, bench-schema.
bench: bench-review bench-schema

# Speed benchmarks on their own database (onboarding_bench); figures go to docs/benchmarks.md.
bench-review: $(VENV)/.installed messages
	ONBOARDING_REDIS_FILE=redis-bench.rdb $(WITH_ENGINES) $(PY) -m bench.run $(BENCH_ARGS)

# Notification dispatch: 100,000 due reminders through the real broker and worker, beside a
# bare no-op task, plus 100 worker kills mid-send; figures for docs/benchmarks.md.
NOTIF_BENCH_ARGS ?= --count 100000 --kills 100
bench-notifications: $(VENV)/.installed messages
	ONBOARDING_REDIS_FILE=redis-notifications-bench.rdb $(WITH_ENGINES) $(PY) -m bench.notifications_dispatch $(NOTIF_BENCH_ARGS)

# The festival planner alone (no database): 500 CEOs x 20 studios x 32 days, and 100 to 2,000
# CEOs; figures to docs/benchmarks.md, the picture to docs/planner-scaling.svg.
bench-planner: $(VENV)/.installed
	$(PY) -m bench.planner $(PLANNER_BENCH_ARGS)

# schemathesis, the long run: the suite's test with 100 examples per operation (each sent
# anonymously and as every role); figures to docs/benchmarks.md. `make test` runs 2 examples.
SCHEMA_FUZZ_EXAMPLES ?= 100
bench-schema: $(VENV)/.installed messages
	SCHEMA_FUZZ_EXAMPLES=$(SCHEMA_FUZZ_EXAMPLES) SCHEMA_FUZZ_REPORT=1 ONBOARDING_REDIS_FILE=redis-schema-bench.rdb $(WITH_ENGINES) $(PY) -m pytest tests/core/test_schema_fuzz.py -q -p no:randomly $(PYTEST_ARGS)

# The API over real HTTP: gunicorn as `make run` starts it, wrk on each endpoint beside its plain
# Django floor, 1k and 10k applications (HTTP_BENCH_ARGS="--sizes 1000 10000 100000" for more).
bench-http: $(VENV)/.installed messages
	ONBOARDING_REDIS_FILE=redis-bench-http.rdb $(WITH_ENGINES) $(PY) -m bench.http.run $(HTTP_BENCH_ARGS)

# Intake and bookings under load over real HTTP (bench/http/load.py): 1,000 applications in a
# minute, 20 writers booking one studio at once, and p95 of the queue, the board and submission
# at 1k, 10k and 100k applications (open loop); figures to docs/benchmarks.md and
# docs/intake-growth.svg. LOAD_BENCH_ARGS="--only burst" runs one of them.
bench-load: $(VENV)/.installed messages
	ONBOARDING_REDIS_FILE=redis-bench-load.rdb $(WITH_ENGINES) $(PY) -m bench.http.load $(LOAD_BENCH_ARGS)

# Two web servers, three workers and two beats on one PostgreSQL and Redis under submission load,
# with reminders coming due: none sent twice or lost; e-mails a second with 1, 2 and 3 workers.
bench-scaleout: $(VENV)/.installed messages
	ONBOARDING_REDIS_FILE=redis-bench-scaleout.rdb $(WITH_ENGINES) $(PY) -m bench.http.scaleout $(SCALEOUT_BENCH_ARGS)

# The portal's browser libraries, pinned in onboarding/portal/package.json, fetched with npm pack
# into onboarding/portal/static/vendor/ (listed in docs/vendored.md). Needs npm; nothing else does.
vendor: $(VENV)/.installed
	$(PY) onboarding/portal/vendor_refresh.py

# A PNG of each main page, English and Chinese, into docs/screenshots/ (headless Chromium).
screenshots: $(VENV)/.installed messages
	ONBOARDING_REDIS_FILE=redis-screenshots.rdb $(WITH_ENGINES) $(PY) -m pytest tests/portal/screenshots.py -q -p no:randomly $(PYTEST_ARGS)
