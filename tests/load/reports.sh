#!/usr/bin/env bash
# Load run: how long a situation report and Needs' centre summaries take over the register of `./idp run` (fill it
# first, e.g. HOUSEHOLDS=10000 tests/load/import-100k.sh real), and the two services' peak memory.
# Usage: tests/load/reports.sh [runs]
set -euo pipefail
RUNS="${1:-3}"
GW=http://127.0.0.1:5080
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
AUTH="Authorization: Bearer $("$REPO/idp" token coordinator)"
LOGS="$REPO/.idp/run/logs"

curl -fsS "$GW/api/reports/figures" -H "$AUTH" | python3 -c \
  "import json,sys; f=json.load(sys.stdin); print('register:', f['people'], 'people in', f['households'], 'households,', len(f['centers']), 'centres')"
SUB="$(curl -fsS -X POST "$GW/api/reports/subscriptions" -H "$AUTH" -H 'Content-Type: application/json' -d '{
  "organisation": "Load Fund", "emails": ["load@fund.example.org"], "cron": "0 8 * * *", "timeZone": "Asia/Damascus",
  "areas": ["SY08"], "language": "ar", "formats": ["html", "pdf", "csv"] }' | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  REPORT="$(curl -fsS -X POST "$GW/api/reports/subscriptions/$SUB/run" -H "$AUTH" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
  echo "report built and stored in $(echo "$(date +%s.%N) - $start" | bc) s (request included)"
done
echo "PDF: $(curl -fsS "$GW/api/reports/$REPORT.pdf" -H "$AUTH" | wc -c) bytes; HTML: $(curl -fsS "$GW/api/reports/$REPORT.html" -H "$AUTH" | wc -c) bytes"
echo "Reporting's own timings:"; grep -o '"Message":"Situation report [^"]*' "$LOGS/Reporting.log" | tail -n "$RUNS" | grep -o '[0-9]* households, [0-9]* centres, [0-9]* ms' | sed 's/^/  /'
echo "Needs' summary rounds:"; grep -o '"Message":"Sent the needs summary[^"]*' "$LOGS/Needs.log" | tail -3 | sed 's/"Message":"/  /'
for service in Reporting Needs; do
  echo "$service peak memory: $(awk '/VmHWM/ {print $2}' "/proc/$(cat "$REPO/.idp/run/pids/$service.pid")/status") KiB"
done
