# The two commands of README.md: `make run` and `make test`.
.PHONY: run test lint bench lock messages backup restore loadtest

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(ARGS)

bench:
	@bash scripts/bench.sh $(ARGS)

lint:
	@bash scripts/bootstrap.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check .

# The portal's German catalogue (locale/de): every text in gettext, collected and complete.
messages:
	@bash scripts/bootstrap.sh && bash scripts/messages.sh

# Re-resolve the pins of pyproject.toml in a fresh venv and write requirements.lock.
lock:
	@bash scripts/lock.sh

# Production operations (README.md "Betrieb"): backups, restore into a new database,
# and the bounded load test against gunicorn + PostgreSQL + Redis on loopback.
backup:
	@bash scripts/backup.sh $(ARGS)

restore:
	@bash scripts/restore.sh $(ARGS)

loadtest:
	@bash loadtest/run.sh $(ARGS)
