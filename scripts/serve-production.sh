#!/usr/bin/env bash
# The production stack on this machine (docs/deployment.md): portal.settings.production on the local
# PostgreSQL and Redis, gunicorn (2 workers) + an RQ worker, plus a loopback stand-in SMS gateway
# that writes messages to var/sms-gateway.log. Demo data is loaded on first run.
#   bash scripts/serve-production.sh          → http://127.0.0.1:8000 (plain HTTP on loopback)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements.txt
mkdir -p var

DB_NAME="${PORTAL_PROD_DB:-portal_production}"
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"${DB_NAME}\""
fi
# Secrets are made once and kept in var/ (never committed), so sessions and encrypted data survive restarts.
[ -f var/production.env ] || python - <<'PY' > var/production.env
import secrets
from cryptography.fernet import Fernet
print(f"SECRET_KEY={secrets.token_urlsafe(60)}")
print(f"PERSONAL_DATA_KEYS={Fernet.generate_key().decode()}")
print(f"PERSONAL_DATA_LOOKUP_KEY={secrets.token_urlsafe(40)}")
print(f"SMS_GATEWAY_PASSWORD={secrets.token_urlsafe(16)}")
PY
set -a
# shellcheck disable=SC1091
source var/production.env
DJANGO_SETTINGS_MODULE=portal.settings.production
DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB_NAME}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
ALLOWED_HOSTS=127.0.0.1,localhost
SECURE_SSL_REDIRECT=0
SMS_BACKEND=citizens.sms.HttpGatewayBackend
SMS_GATEWAY_URL=http://127.0.0.1:8025/sms
SMS_GATEWAY_USER=portal
SMS_GATEWAY_ALLOW_HTTP=1
WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
PORT="${PORT:-8000}"
set +a

python manage.py migrate --noinput
python manage.py setup_portal --demo
python manage.py seed_demo_activity --months 3 --if-empty
python manage.py rebuild_search_index
python manage.py collectstatic --noinput -v0

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
python scripts/local_sms_gateway.py 8025 & pids+=($!)
python manage.py rqworker --job-class django_tasks_rq.Job default & pids+=($!)
echo "生产栈已启动：http://127.0.0.1:${PORT}/   （短信写入 var/sms-gateway.log）"
gunicorn portal.wsgi -c gunicorn.conf.py & pids+=($!)
wait -n "${pids[@]}"
