#!/usr/bin/env bash
# One command from a fresh clone to a running portal with demo data on SQLite:
# creates .venv, installs, migrates, loads the demo catalogue and activity, creates the demo
# staff accounts (printed below), and serves http://127.0.0.1:8000. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements.txt

python manage.py migrate --noinput
python manage.py setup_portal --demo
python manage.py seed_demo_activity --months 3 --if-empty
python manage.py seed_demo_ratings --if-empty
python manage.py seed_demo_letters --if-empty
python manage.py rebuild_search_index
python manage.py collectstatic --noinput -v0

echo
echo "门户已启动：http://127.0.0.1:${PORT:-8000}/   管理后台：http://127.0.0.1:${PORT:-8000}/admin/"
exec python manage.py runserver "127.0.0.1:${PORT:-8000}"
