# Sourced by run.sh and test.sh: create .venv if needed and install the given requirements
# file only when it changed since the last install (re-runs stay fast).
req="$1"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
stamp=".venv/.installed-$(basename "$req")"
if [ ! -f "$stamp" ] || ! cat requirements*.txt | cmp -s - "$stamp"; then
  .venv/bin/python -m pip install -q -r "$req"
  cat requirements*.txt > "$stamp"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
