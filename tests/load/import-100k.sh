#!/usr/bin/env bash
# Load run: a 100,000-row CSV import (25,000 households of 4; HOUSEHOLDS= to change) against `./idp run`, reporting time
# and the Registration service's peak memory before and after. Usage: tests/load/import-100k.sh [dry|real]
set -euo pipefail
MODE="${1:-dry}"
GW=http://127.0.0.1:5080
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
PID="$(cat "$REPO/.idp/run/pids/Registration.pid")"
CENTER="$(curl -fsS $GW/api/centers | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
FILE="$(mktemp --suffix .csv)"
trap 'rm -f "$FILE"' EXIT

# Unique submission ids per run, so a real run creates rather than finds.
RUN="$(date +%s)"
awk -v c="$CENTER" -v run="$RUN" -v households="${HOUSEHOLDS:-25000}" 'BEGIN {
  print "submission_id,center_id,relationship,sex,date_of_birth,name_latin,specific_needs"
  for (h = 1; h <= households; h++) {
    printf "load-%s-%d,%s,head,female,1980-01-%02d,Amina Load%d,FHH\n", run, h, c, (h % 28) + 1, h
    printf "load-%s-%d,%s,spouse,male,1978-02-%02d,Omar Load%d,\n", run, h, c, (h % 28) + 1, h
    printf "load-%s-%d,%s,child,female,2015-03-%02d,Huda Load%d,\n", run, h, c, (h % 28) + 1, h
    printf "load-%s-%d,%s,child,male,2020-04-%02d,Sami Load%d,\n", run, h, c, (h % 28) + 1, h
  } }' > "$FILE"

peak() { awk '/VmHWM/ {print $2}' "/proc/$PID/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
echo "file: $(wc -l <"$FILE") lines, $(du -k "$FILE" | cut -f1) KiB; mode: $MODE"
echo "registration before: rss $(rss) KiB, peak $(peak) KiB"
query="dryRun=true"; [ "$MODE" = real ] && query=""
start=$(date +%s.%N)
curl -fsS -X POST "$GW/api/imports?$query" -H 'Content-Type: text/csv' --data-binary @"$FILE" \
  | grep -o '"status":"[a-z]*"\|"households":[0-9]*\|"created":[0-9]*\|"invalid":[0-9]*' | tr '\n' ' '; echo
end=$(date +%s.%N)
echo "elapsed: $(echo "$end - $start" | bc) s"
echo "registration after: rss $(rss) KiB, peak $(peak) KiB"
