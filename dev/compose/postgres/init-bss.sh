#!/usr/bin/env bash
# Compose's PostgreSQL: the roles, database bss and the schema, as dev/services makes them natively.
#
# Mounted as /docker-entrypoint-initdb.d/init-bss.sh, so the image's entrypoint runs it once, when the volume is
# first initialised (as the postgres OS user, against its temporary server on the Unix socket). Idempotent: after a
# change of dev/postgres, apply it again with
#   docker compose exec -u postgres postgres /docker-entrypoint-initdb.d/init-bss.sh
#
#   1. dev/postgres/roles/bootstrap.sql (mounted at /bss-sql) as postgres: roles bss_owner, bss (password
#      BSS_DB_PASSWORD, psql variable bss_password) and bss_monitor (BSS_MONITOR_PASSWORD, variable
#      monitor_password), database bss owned by bss_owner;
#   2. /bss-sql/*.sql in name order, each in one transaction and stopping at the first error: *.postgres.sql as
#      postgres (the audit trail), the others as the schema owner bss_owner (SET ROLE; it cannot log in).

# The entrypoint sources a script that is not executable (e.g. a checkout that lost the mode): run it in a shell of
# its own all the same, so its options and exit never touch the entrypoint's.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    bash "${BASH_SOURCE[0]}"
    return
fi
set -euo pipefail

SQL_DIR="${BSS_SQL_DIR:-/bss-sql}"
: "${BSS_DB_PASSWORD:?BSS_DB_PASSWORD is not set (compose.yml passes it from .env)}"
: "${BSS_MONITOR_PASSWORD:?BSS_MONITOR_PASSWORD is not set (compose.yml passes it from .env)}"

# Warnings and errors only: the files' IF NOT EXISTS notices would bury what matters in the container's log.
psql_postgres() {
    PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 --username postgres --no-password "$@"
}

# The monitoring role bss_monitor logs in only with a password (BSS_MONITOR_PASSWORD: postgres-exporter and PgHero).
monitor=()
[[ -n "${BSS_MONITOR_PASSWORD:-}" ]] && monitor=(-v monitor_password="$BSS_MONITOR_PASSWORD")
psql_postgres --dbname postgres -v bss_password="$BSS_DB_PASSWORD" "${monitor[@]}" -f "$SQL_DIR/roles/bootstrap.sql"

shopt -s nullglob
files=("$SQL_DIR"/*.sql)
((${#files[@]})) || { echo "init-bss: no *.sql in $SQL_DIR" >&2; exit 1; }
for file in "${files[@]}"; do
    role=(-c 'SET ROLE bss_owner')
    [[ "$file" == *.postgres.sql ]] && role=()
    echo "init-bss: applying ${file##*/}${role[*]:+ as bss_owner}"
    psql_postgres --dbname bss --single-transaction "${role[@]}" -f "$file"
done
echo "init-bss: roles, database bss and ${#files[@]} schema files applied"
