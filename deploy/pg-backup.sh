#!/usr/bin/env bash
# Daily pg_dump of the database (PGHOST, PGUSER, PGPASSWORD, PGDATABASE) into /backups, in custom format for
# pg_restore, at BACKUP_TIME (HH:MM, UTC); dumps older than BACKUP_KEEP_DAYS days are deleted.
#   pg-backup.sh          run forever (the compose service "backup")
#   pg-backup.sh --now    one dump now, then exit (docker compose run --rm backup --now)
set -euo pipefail

BACKUP_TIME="${BACKUP_TIME:-03:00}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"

backup_once() {
  local file
  file="/backups/${PGDATABASE}-$(date -u +%Y%m%dT%H%M%SZ).dump"
  if pg_dump --format=custom --file="${file}.partial"; then
    mv "${file}.partial" "${file}"
    echo "backup written: ${file} ($(du -h "${file}" | cut -f1))"
  else
    rm -f "${file}.partial"
    echo "backup FAILED: pg_dump exited non-zero" >&2
    return 1
  fi
  find /backups -maxdepth 1 -name "${PGDATABASE}-*.dump" -mtime "+${BACKUP_KEEP_DAYS}" -print -delete
}

if [[ "${1:-}" == "--now" ]]; then
  backup_once
  exit
fi

while true; do
  now=$(date -u +%s)
  next=$(date -u -d "today ${BACKUP_TIME}" +%s)
  if (( next <= now )); then
    next=$(date -u -d "tomorrow ${BACKUP_TIME}" +%s)
  fi
  echo "next backup at $(date -u -d "@${next}" +%Y-%m-%dT%H:%M:%SZ)"
  sleep $(( next - now ))
  backup_once || true
done
