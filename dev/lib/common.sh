#!/usr/bin/env bash
# Shared helpers for dev/services and dev/run. Source it; it defines functions and a few variables only.
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

# The checkout's root, as an absolute physical path (symlinks resolved).
BSS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

# pgbouncer, runuser and friends live in sbin, which a non-login root shell may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac
export PATH

bss_log() { printf '%s\n' "$*" >&2; }
bss_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Quote a value for a POSIX shell: 'it'\''s'.
bss_quote() { local q="'\\''"; printf "'%s'" "${1//\'/$q}"; }

# Per-checkout folder outside the checkout (the postgres user may not be able to enter the checkout).
bss_checkout_id() { printf '%s' "$BSS_ROOT" | sha256sum | cut -c1-12; }
bss_data_root() { printf '%s\n' "${BSS_DATA_ROOT:-/var/tmp/bss-orleans/$(bss_checkout_id)}"; }

bss_check_profile() {
    case "${1:-}" in
        run | test) ;;
        "") bss_die "missing profile (run or test)" ;;
        *) bss_die "unknown profile '$1' (expected run or test)" ;;
    esac
}

# Sets BSS_PROFILE_DIR, PG_PORT, PGBOUNCER_PORT, REDIS_PORT, OIDC_PORT and OIDC_ISSUER for a profile.
# BSS_PG_PORT / BSS_PGBOUNCER_PORT / BSS_REDIS_PORT / BSS_OIDC_PORT override the defaults, unless they were
# exported by `dev/services env <other profile>` (BSS_PROFILE says which): then they belong to the other profile.
bss_profile() {
    local profile="$1" use_env=1
    bss_check_profile "$profile"
    if [[ -n "${BSS_PROFILE:-}" && "$BSS_PROFILE" != "$profile" ]]; then
        use_env=0
        if [[ -n "${BSS_PG_PORT:-}${BSS_PGBOUNCER_PORT:-}${BSS_REDIS_PORT:-}${BSS_OIDC_PORT:-}" ]]; then
            bss_log "note: ignoring BSS_*_PORT from the environment: they belong to profile '$BSS_PROFILE'"
        fi
    fi
    case "$profile" in
        run) PG_PORT=55432 PGBOUNCER_PORT=56432 REDIS_PORT=56379 OIDC_PORT=58180 ;;
        test) PG_PORT=55442 PGBOUNCER_PORT=56442 REDIS_PORT=56389 OIDC_PORT=58190 ;;
    esac
    if ((use_env)); then
        PG_PORT="${BSS_PG_PORT:-$PG_PORT}"
        PGBOUNCER_PORT="${BSS_PGBOUNCER_PORT:-$PGBOUNCER_PORT}"
        REDIS_PORT="${BSS_REDIS_PORT:-$REDIS_PORT}"
        OIDC_PORT="${BSS_OIDC_PORT:-$OIDC_PORT}"
    fi
    # The realm's issuer as dev/Bss.Identity serves it, with Keycloak's path.
    OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT/realms/bss"
    BSS_PROFILE_DIR="$(bss_data_root)/$profile"
}

# The realm file that dev/Bss.Identity serves and Keycloak imports in compose.
BSS_REALM_FILE="$BSS_ROOT/dev/identity/realm-bss.json"

# The secret of confidential client $1 in the realm file.
bss_realm_client_secret() {
    python3 - "$BSS_REALM_FILE" "$1" <<'PY'
import json
import sys

realm = json.load(open(sys.argv[1], encoding="utf-8"))
secrets = [c.get("secret") for c in realm.get("clients", []) if c.get("clientId") == sys.argv[2]]
if not secrets or not secrets[0]:
    sys.exit(f"client {sys.argv[2]} has no secret in {sys.argv[1]}")
print(secrets[0])
PY
}

# Pid read from a pid file if that process is alive and its command name matches the regex $2; prints it.
bss_pid_alive() {
    local file="$1" name="$2" pid comm
    [[ -r "$file" ]] || return 1
    pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
    [[ -n "$pid" ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
    [[ -z "$comm" || "$comm" =~ $name ]] || return 1
    printf '%s\n' "$pid"
}

# Waits until pid exits; returns 1 after $2 seconds if it still runs.
bss_wait_exit() {
    local pid="$1" seconds="$2" i
    for ((i = 0; i < seconds * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    ! kill -0 "$pid" 2>/dev/null
}

# True when something accepts TCP connections on 127.0.0.1:port.
bss_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
