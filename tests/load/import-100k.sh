#!/usr/bin/env bash
# Load run: a 100,000-row CSV import (25,000 households of 4; HOUSEHOLDS= to change) against `./idp run`, reporting time
# and the Registration service's peak memory before and after. Usage: tests/load/import-100k.sh [dry|real]
set -euo pipefail
MODE="${1:-dry}"
GW=http://127.0.0.1:5080
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
PID="$(cat "$REPO/.idp/run/pids/Registration.pid")"
AUTH="Authorization: Bearer $("$REPO/idp" token coordinator)"
CENTER="$(curl -fsS $GW/api/centers -H "$AUTH" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
FILE="$(mktemp --suffix .csv)"
trap 'rm -f "$FILE"' EXIT

# Unique submission ids per run, so a real run creates rather than finds.
RUN="$(date +%s)"
# Names drawn from common Syrian given names and family names, birth dates spread over decades: the
# name frequencies duplicate matching meets in the field, where many people share a name.
awk -v c="$CENTER" -v run="$RUN" -v households="${HOUSEHOLDS:-25000}" 'BEGIN {
  srand(run)
  nf = split("Amina Fatima Huda Rasha Salma Nour Layla Maryam Zainab Hanan Aisha Rima Samira Widad Khadija Lina Dalal Jamila Suad Hala", female, " ")
  nm = split("Mohammed Ahmad Omar Ali Hassan Khalid Yusuf Ibrahim Mahmoud Mustafa Sami Walid Faisal Jasim Hamad Salim Nasser Tariq Adnan Bashar", male, " ")
  ns = split("Al-Khalaf Al-Hassan Al-Ahmad Al-Jasim Al-Ali Al-Hamad Al-Mohammed Al-Saleh Al-Ibrahim Al-Abdullah Al-Omar Al-Mustafa Al-Issa Al-Youssef Al-Hussein Al-Khalil Al-Rashid Al-Aziz Al-Salem Al-Qasim Al-Najjar Al-Shammari Al-Jabouri Al-Obeidi Al-Tai Al-Dulaimi Al-Baggara Al-Sharabi Al-Fadel Al-Hadidi", surname, " ")
  print "submission_id,center_id,relationship,sex,date_of_birth,name_latin,specific_needs"
  for (h = 1; h <= households; h++) {
    s = surname[int(rand() * ns) + 1]
    printf "load-%s-%d,%s,head,female,%d-%02d-%02d,%s %s,FHH\n", run, h, c, 1955 + int(rand() * 45), int(rand() * 12) + 1, int(rand() * 28) + 1, female[int(rand() * nf) + 1], s
    printf "load-%s-%d,%s,spouse,male,%d-%02d-%02d,%s %s,\n", run, h, c, 1950 + int(rand() * 50), int(rand() * 12) + 1, int(rand() * 28) + 1, male[int(rand() * nm) + 1], s
    printf "load-%s-%d,%s,child,female,%d-%02d-%02d,%s %s,\n", run, h, c, 2005 + int(rand() * 19), int(rand() * 12) + 1, int(rand() * 28) + 1, female[int(rand() * nf) + 1], s
    printf "load-%s-%d,%s,child,male,%d-%02d-%02d,%s %s,\n", run, h, c, 2005 + int(rand() * 19), int(rand() * 12) + 1, int(rand() * 28) + 1, male[int(rand() * nm) + 1], s
  } }' > "$FILE"

peak() { awk '/VmHWM/ {print $2}' "/proc/$PID/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
echo "file: $(wc -l <"$FILE") lines, $(du -k "$FILE" | cut -f1) KiB; mode: $MODE"
echo "registration before: rss $(rss) KiB, peak $(peak) KiB"
query="dryRun=true"; [ "$MODE" = real ] && query=""
start=$(date +%s.%N)
curl -fsS -X POST "$GW/api/imports?$query" -H "$AUTH" -H 'Content-Type: text/csv' --data-binary @"$FILE" \
  | grep -o '"status":"[a-z]*"\|"households":[0-9]*\|"created":[0-9]*\|"invalid":[0-9]*' | tr '\n' ' '; echo
end=$(date +%s.%N)
echo "elapsed: $(echo "$end - $start" | bc) s"
echo "registration after: rss $(rss) KiB, peak $(peak) KiB"
