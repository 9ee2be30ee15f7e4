#!/usr/bin/env bash
# install-pgvector.sh — make the pgvector extension available in the local
# PostgreSQL (Debian bookworm, PostgreSQL 15 by default) for CI.
#
# Bookworm ships no pgvector binary package, so this script builds Debian
# trixie's *source* package `pgvector` against postgresql-server-dev-<major>:
#   * adds a deb-src-only trixie entry (/etc/apt/sources.list.d/trixie-src.list);
#     no binary trixie line is ever added, so nothing else gets upgraded,
#   * apt-get source pgvector/trixie  (in a temp dir under /var/tmp),
#   * make && make install  with PG_CONFIG=/usr/lib/postgresql/<major>/bin/pg_config.
#
# Idempotent: if `vector` already shows up in pg_available_extensions the build
# is skipped (only the quick smoke test below is run).
#
# Smoke test (always): in a scratch database `seda_pgvector_check` (created if
# missing, dropped at the end) create the extension, a vector(3) table with an
# HNSW (vector_cosine_ops) index, two rows, and a <=> nearest-neighbour query.
#
# Env overrides:
#   PGHOST (127.0.0.1)  PGPORT (5432)  PGUSER (postgres)
#   PG_MAJOR   PostgreSQL major to build for (default: the running server's)
#   PG_CONFIG  path to pg_config (default: /usr/lib/postgresql/$PG_MAJOR/bin/pg_config)
#   PGVECTOR_OPTFLAGS  compiler opt flags passed to pgvector's Makefile
#              (default "" = portable build, as Debian does; pgvector's own
#              default would be -march=native)
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"
export DEBIAN_FRONTEND=noninteractive

readonly CHECK_DB="seda_pgvector_check"
readonly SRC_LIST="/etc/apt/sources.list.d/trixie-src.list"
readonly SRC_LINE="deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main"
readonly PGVECTOR_OPTFLAGS="${PGVECTOR_OPTFLAGS-}"

log() { printf '[install-pgvector] %s\n' "$*"; }
die() { printf '[install-pgvector] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- privileges
if [[ "$(id -u)" -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=()   # only fatal once we actually need root (see need_root)
fi
need_root() {
  if [[ "$(id -u)" -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
    die "root privileges needed ($*) but not running as root and sudo is not installed"
  fi
}

# ----------------------------------------------------------- temp + cleanup
WORK_DIR=""
CHECK_DB_CREATED=0
cleanup() {
  local rc=$?
  if [[ "$CHECK_DB_CREATED" -eq 1 ]]; then
    psql_q -d postgres -c "DROP DATABASE IF EXISTS ${CHECK_DB} WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
    "${SUDO[@]}" rm -rf -- "$WORK_DIR" || true
  fi
  exit "$rc"
}
trap cleanup EXIT

# Run a command quietly; on failure show the tail of its output and die.
run_quiet() {
  local what="$1"; shift
  local out
  if ! out="$("$@" 2>&1)"; then
    printf '%s\n' "$out" | tail -n 40 >&2
    die "$what failed (command: $*)"
  fi
  # apt -qq still prints warnings (W:) on success; surface them.
  if [[ -n "$out" ]]; then
    printf '%s\n' "$out" | grep -E '^(W|E):' | sed 's/^/[install-pgvector]   /' >&2 || true
  fi
}

psql_q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

command -v psql >/dev/null 2>&1      || die "psql not found (install postgresql-client)"
command -v pg_isready >/dev/null 2>&1 || die "pg_isready not found (install postgresql-client)"

# ------------------------------------------------ 1. make sure PG is running
is_local_host() {
  case "$PGHOST" in
    127.0.0.1|localhost|::1|/*) return 0 ;;
    *) return 1 ;;
  esac
}

wait_ready() {
  local i
  for ((i = 0; i < 30; i++)); do
    pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0
    sleep 1
  done
  return 1
}

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  is_local_host || die "PostgreSQL at ${PGHOST}:${PGPORT} is not accepting connections (remote host; not trying to start it)"
  command -v pg_ctlcluster >/dev/null 2>&1 || die "PostgreSQL is not running and pg_ctlcluster is not available to start it"
  [[ -d /etc/postgresql ]] || die "PostgreSQL is not running and /etc/postgresql does not exist"
  if [[ -n "${PG_MAJOR:-}" ]]; then
    cluster_ver="$PG_MAJOR"
  else
    cluster_ver="$(ls /etc/postgresql | sort -V | tail -n 1)"
  fi
  [[ -n "$cluster_ver" && -d "/etc/postgresql/$cluster_ver/main" ]] \
    || die "no PostgreSQL cluster '<version>/main' found under /etc/postgresql"
  log "PostgreSQL not accepting connections on ${PGHOST}:${PGPORT}; starting cluster ${cluster_ver}/main"
  need_root "pg_ctlcluster start"
  "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$cluster_ver" main start \
    || die "pg_ctlcluster ${cluster_ver} main start failed (see /var/log/postgresql/postgresql-${cluster_ver}-main.log; is PGPORT=${PGPORT} the cluster's port? check pg_lsclusters)"
  wait_ready || die "PostgreSQL did not accept connections on ${PGHOST}:${PGPORT} within 30s"
  log "PostgreSQL ${cluster_ver}/main is up"
fi

psql_q -d postgres -c "select 1" >/dev/null \
  || die "cannot connect as ${PGUSER}@${PGHOST}:${PGPORT} (expected trust auth)"

server_major="$(psql_q -d postgres -c "select current_setting('server_version_num')::int / 10000")"
PG_MAJOR="${PG_MAJOR:-$server_major}"
[[ "$PG_MAJOR" == "$server_major" ]] \
  || log "warning: PG_MAJOR=${PG_MAJOR} but the running server is ${server_major}"

# ----------------------------------------------------- 2. fast path / build
available_version() {
  psql_q -d postgres -c "select default_version from pg_available_extensions where name='vector'"
}

avail="$(available_version)"
if [[ -n "$avail" ]]; then
  log "pgvector ${avail} is already available on ${PGHOST}:${PGPORT}; skipping build"
else
  log "pgvector not available; building Debian trixie source package for PostgreSQL ${PG_MAJOR}"
  need_root "apt-get / make install"
  is_local_host || log "warning: PGHOST=${PGHOST} is not local, but pgvector is installed into THIS machine's PostgreSQL ${PG_MAJOR}"

  # 2a. deb-src-only trixie entry (never a binary 'deb' line).
  if [[ ! -f "$SRC_LIST" ]] || [[ "$(cat "$SRC_LIST")" != "$SRC_LINE" ]]; then
    log "adding deb-src trixie entry: ${SRC_LIST}"
    printf '%s\n' "$SRC_LINE" | "${SUDO[@]}" tee "$SRC_LIST" >/dev/null
  fi

  # 2b. apt update + build dependencies.
  # --error-on=any: plain `apt-get update` exits 0 when a mirror is unreachable
  # (it only warns and keeps stale lists); make that fatal instead.
  log "apt-get update"
  run_quiet "apt-get update (is http://deb.debian.org reachable?)" \
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq --error-on=any update
  apt-cache showsrc pgvector 2>/dev/null | grep -q '^Package: pgvector' \
    || die "apt has no source for pgvector after update (check ${SRC_LIST} and mirror access)"

  pkgs=("postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev)
  log "installing build dependencies: ${pkgs[*]}"
  run_quiet "apt-get install ${pkgs[*]}" \
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -qq -y --no-install-recommends install "${pkgs[@]}"

  PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config}"
  [[ -x "$PG_CONFIG" ]] || die "pg_config not found at ${PG_CONFIG}"

  # 2c. fetch + unpack source.
  WORK_DIR="$(mktemp -d /var/tmp/install-pgvector.XXXXXX)"
  chmod 755 "$WORK_DIR"
  # let apt's sandbox user write the download (avoids the "unsandboxed as root" warning)
  if [[ "$(id -u)" -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$WORK_DIR"; fi
  log "apt-get source pgvector/trixie (in ${WORK_DIR})"
  pushd "$WORK_DIR" >/dev/null
  run_quiet "apt-get source pgvector" apt-get -qq source pgvector/trixie
  popd >/dev/null
  src_dir="$(find "$WORK_DIR" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
  [[ -n "$src_dir" && -f "$src_dir/Makefile" ]] || die "unpacked pgvector source not found in ${WORK_DIR}"
  log "building $(basename "$src_dir") with PG_CONFIG=${PG_CONFIG}"

  # 2d. build + install.
  run_quiet "make (pgvector build)" \
    make -C "$src_dir" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS="$PGVECTOR_OPTFLAGS"
  run_quiet "make install" \
    "${SUDO[@]}" make -C "$src_dir" install PG_CONFIG="$PG_CONFIG" OPTFLAGS="$PGVECTOR_OPTFLAGS"

  avail="$(available_version)"
  [[ -n "$avail" ]] || die "make install succeeded but 'vector' is not in pg_available_extensions of ${PGHOST}:${PGPORT} (server major ${server_major}, built for ${PG_MAJOR})"
  log "installed pgvector ${avail} into $("$PG_CONFIG" --sharedir)/extension"
fi

# ------------------------------------------------------------- 3. smoke test
log "verifying in scratch database ${CHECK_DB}"
if [[ "$(psql_q -d postgres -c "select 1 from pg_database where datname='${CHECK_DB}'")" != "1" ]]; then
  psql_q -d postgres -c "CREATE DATABASE ${CHECK_DB}" || die "could not create database ${CHECK_DB}"
fi
CHECK_DB_CREATED=1

result="$(psql_q -d "$CHECK_DB" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS vector;
DROP TABLE IF EXISTS pgvector_check;
CREATE TABLE pgvector_check (id int PRIMARY KEY, embedding vector(3) NOT NULL);
CREATE INDEX pgvector_check_hnsw ON pgvector_check USING hnsw (embedding vector_cosine_ops);
INSERT INTO pgvector_check VALUES (1, '[1,0,0]'), (2, '[0,1,0]');
SET enable_seqscan = off;
SELECT id FROM pgvector_check ORDER BY embedding <=> '[1,0,0]' LIMIT 1;
SQL
)" || die "pgvector smoke test failed in database ${CHECK_DB}"
[[ "$result" == "1" ]] || die "pgvector smoke test returned '${result}', expected 1"

plan="$(psql_q -d "$CHECK_DB" -c "SET enable_seqscan = off" \
  -c "EXPLAIN (COSTS OFF) SELECT id FROM pgvector_check ORDER BY embedding <=> '[1,0,0]' LIMIT 1")"
grep -q 'pgvector_check_hnsw' <<<"$plan" || die "HNSW index was not used by the query plan:
${plan}"

ext_version="$(psql_q -d "$CHECK_DB" -c "select extversion from pg_extension where extname='vector'")"

psql_q -d postgres -c "DROP DATABASE IF EXISTS ${CHECK_DB} WITH (FORCE)" >/dev/null \
  || die "could not drop scratch database ${CHECK_DB}"
CHECK_DB_CREATED=0

log "pgvector ${ext_version} ready on ${PGHOST}:${PGPORT}"
