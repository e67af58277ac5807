#!/usr/bin/env bash
# Green Bishkek developer entry point.
#   ./dev.sh run     set up everything, load Bishkek demo data, serve the map on :8000
#   ./dev.sh test    set up everything and run the whole test suite
#   ./dev.sh bench   set up everything and run the benchmarks (1M trees, slow)
#   ./dev.sh db start|stop|status|psql   manage the private PostGIS cluster
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root to run: $*  (install sudo or run that command as root)"; fi
}

# Which PostgreSQL major version to use: 15 where the distribution has it,
# otherwise the distribution's default (PostGIS 3 works on all current ones).
pg_major() {
    if [ -x /usr/lib/postgresql/15/bin/initdb ] || apt-cache show postgresql-15 >/dev/null 2>&1; then
        echo 15
    else
        apt-cache policy postgresql 2>/dev/null | awk '/Candidate:/ {split($2, v, "+"); print v[1]; exit}'
    fi
}

install_debian_packages() {
    local want_browser="$1" missing=()
    local pg; pg="$(pg_major)"
    [ -n "$pg" ] || { as_root apt-get update -qq; pg="$(pg_major)"; }
    [ -x "/usr/lib/postgresql/$pg/bin/initdb" ] || missing+=("postgresql-$pg")
    [ -f "/usr/share/postgresql/$pg/extension/postgis.control" ] || missing+=("postgresql-$pg-postgis-3")
    command -v ogr2ogr >/dev/null || missing+=(gdal-bin)
    ldconfig -p | grep -q 'libgdal\.so' || missing+=(libgdal-dev)
    ldconfig -p | grep -q 'libgeos_c\.so' || missing+=(libgeos-c1v5)
    python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    command -v npm >/dev/null || missing+=(npm)
    command -v msgfmt >/dev/null || missing+=(gettext)
    if [ "$want_browser" = yes ]; then
        [ -x /usr/bin/chromium ] || missing+=(chromium)
        fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    echo "$pg" > "$ROOT/.pg-major"
}

install_python_packages() {
    [ -x "$PY" ] || { say "creating .venv"; python3 -m venv "$VENV"; }
    local stamp="$VENV/.installed-from" want
    want="$(sha256sum pyproject.toml | cut -c1-16)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python packages into .venv"
        "$PY" -m pip install -q --upgrade pip
        "$PY" -m pip install -q -e ".[test]"
        echo "$want" > "$stamp"
    fi
}

install_frontend_assets() {
    [ -f package.json ] || return 0
    local stamp="node_modules/.installed-from" want
    want="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -c1-16)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing front-end assets from the npm registry"
        if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
        echo "$want" > "$stamp"
    fi
}

setup() {
    install_debian_packages "${1:-no}"
    install_python_packages
    install_frontend_assets
    if [ -z "${DATABASE_URL:-}" ]; then "$PY" -m greenmap.devdb start; fi
    "$PY" manage.py migrate --no-input -v 0
    # Message catalogues (.po) are committed; their compiled .mo files are not.
    "$PY" manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules
}

cmd="${1:-help}"; shift || true
case "$cmd" in
    run)
        setup no
        "$PY" manage.py load_demo --if-empty
        say "serving Green Bishkek on http://localhost:${PORT:-8000}/  (admin: /admin/, API: /api/v1/)"
        exec "$PY" manage.py runserver "0.0.0.0:${PORT:-8000}"
        ;;
    test)
        setup yes
        exec "$PY" -m pytest "$@"
        ;;
    bench)
        setup no
        exec "$PY" -m tests.benchmarks "$@"
        ;;
    db)
        install_python_packages
        exec "$PY" -m greenmap.devdb "${1:-status}"
        ;;
    *)
        sed -n '2,7p' "$0"; exit 2 ;;
esac
