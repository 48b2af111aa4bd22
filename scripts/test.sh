#!/usr/bin/env bash
# Installs everything the test suite needs into .venv and runs it.
# Used as-is by developers and by CI (.ci/run). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e '.[test]'

# Headless Chromium renders the HTML report in its test (Debian package).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; the HTML rendering test will be skipped" >&2
fi

# The Node client used by the fidelity and proxy tests (messaging-api-messenger).
if command -v npm >/dev/null 2>&1 && [ -f tests/node/package.json ]; then
  npm ci --prefix tests/node --silent --no-audit --no-fund
fi

ruff check .
ruff format --check .
# Two workers (the machines this runs on have two cores; the suite takes about 11 minutes
# on one, 6 on two). PYTEST_WORKERS=0 runs it in one process; arguments after come last.
python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
