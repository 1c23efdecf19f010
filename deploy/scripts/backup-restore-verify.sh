#!/usr/bin/env bash
# Backup and restore of AGIS's database, with the ledger verified after the restore
# (docs/operations.md, "Backup, restore and disaster recovery").
#
#   backup-restore-verify.sh backup  <file>   consistent backup of the configured database (also while AGIS runs)
#   backup-restore-verify.sh restore <file>   restore into RESTORE_DB_URL (an empty database), then `agis audit verify`
#   backup-restore-verify.sh drill   <file>   both: back up the live database, restore into RESTORE_DB_URL, verify
#
# Environment:
#   AGIS                  how to run the agis command line (default: java -jar agis.jar)
#   DB_URL | DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD   the database to back up (as for AGIS itself;
#                         none = the embedded default)
#   RESTORE_DB_URL        JDBC URL of the empty database to restore into (restore, drill)
#   RESTORE_DB_USER, RESTORE_DB_PASSWORD   its credentials (default: DB_USER, DB_PASSWORD)
#
# Exit code: 0 when the backup was written and/or the restored ledger verified; otherwise the
# failing agis command's code (1 the verification found a problem, 2 bad usage or a non-empty
# target, 3 unexpected error).
set -euo pipefail

usage() {
    sed -n '2,9p' "$0" >&2
    exit 2
}
[ $# -eq 2 ] || usage
mode=$1
file=$2
read -r -a agis <<< "${AGIS:-java -jar agis.jar}"

backup() {
    "${agis[@]}" backup --to "$file"
}

# Runs an agis command against the restore target only: the source's DB_* settings are dropped.
on_target() {
    : "${RESTORE_DB_URL:?set RESTORE_DB_URL to the JDBC URL of the empty database to restore into}"
    local target=(env -u DB_HOST -u DB_PORT -u DB_NAME -u DB_USER -u DB_PASSWORD DB_URL="$RESTORE_DB_URL")
    local user=${RESTORE_DB_USER:-${DB_USER:-}}
    local password=${RESTORE_DB_PASSWORD:-${DB_PASSWORD:-}}
    [ -n "$user" ] && target+=(DB_USER="$user")
    [ -n "$password" ] && target+=(DB_PASSWORD="$password")
    "${target[@]}" "${agis[@]}" "$@"
}

restore_and_verify() {
    on_target restore --from "$file"
    # the events are the truth: every account stream replayed, invariants checked, read models compared
    on_target audit verify
}

case "$mode" in
    backup) backup ;;
    restore) restore_and_verify ;;
    drill) backup && restore_and_verify ;;
    *) usage ;;
esac
