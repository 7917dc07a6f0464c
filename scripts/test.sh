#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (including Debian's Chromium
# and CJK fonts for the browser tests), then runs pytest. Extra arguments go to pytest.
# Set DATABASE_URL=postgres://... to run the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements-dev.txt

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  echo "安装浏览器测试所需的 Chromium 与中文字体……"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

# axe-core for the accessibility tests, at the version pinned in tests/browser/package.json.
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi

exec python -m pytest "$@"
