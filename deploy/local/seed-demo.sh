#!/usr/bin/env bash
# Seeds the demo through the public API, as an administrator, a field team and a coordinator would:
# four reception centres in Al-Hasakah, an account per role, families arriving, and a donor subscription.
# Needs the administrator's and the demo accounts' passwords in the environment (./idp run passes them).
# Safe to run again: centres and the subscription are looked up by name first, households
# use fixed ids (a resend answers 200 and stores nothing twice).
set -euo pipefail

GATEWAY="${1:-http://127.0.0.1:5080}"
say() { echo "[seed] $*"; }

# Signs in at the token endpoint with the development client, as the README's examples do.
token() { # user password
  curl -fsS "$GATEWAY/connect/token" -d grant_type=password -d client_id=idp-cli \
    --data-urlencode "username=$1" --data-urlencode "password=$2" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}
TOKEN="$(token "$Identity__BootstrapAdminUserName" "$Identity__BootstrapAdminPassword")"
[ -n "$TOKEN" ] || { echo "[seed] could not sign in as the administrator" >&2; exit 1; }

api() { # method path [json]
  curl -fsS -X "$1" "$GATEWAY$2" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" ${3:+--data "$3"}
}

account() { # user-name password json-assignments
  if ! api GET /api/admin/users | grep -qF "\"userName\":\"$1\""; then
    api POST /api/admin/users "{\"userName\":\"$1\",\"password\":\"$2\",$3}" >/dev/null
  fi
}

# The id of the object in a JSON list whose "$2" field equals $3 (flat objects only).
id_where() {
  { tr -d '\n' <<<"$1" | sed 's/},{/}\n{/g' | grep -F "\"$2\":\"$3\"" || true; } | head -n 1 | sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p'
}

center() { # name area capacity location type heated [female-toilets male-toilets]
  local existing id
  existing="$(id_where "$(api GET /api/centers)" name "$1")"
  if [ -n "$existing" ]; then echo "$existing"; return; fi
  id="$(api POST /api/centers "{\"name\":\"$1\",\"adm1Code\":\"SY08\",\"adm1Name\":\"Al-Hasakah\",\"adm2Code\":\"SY0800\",\"adm2Name\":\"Al-Hasakah\",\"location\":\"$4\",\"floorAreaM2\":$2,\"nightCapacity\":$3,\"type\":\"$5\",\"heated\":$6,\"toiletsFemale\":${7:-6},\"toiletsMale\":${8:-2}}" \
    | sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p')"
  echo "$id"
}

year() { echo $(( $(date -u +%Y) - $1 )); }

member() { # sex age relationship arabic-name latin-name [specific-needs-code]
  local needs=""
  [ -n "${6:-}" ] && needs=",\"specificNeeds\":[\"$6\"]"
  echo "{\"sex\":\"$1\",\"dateOfBirth\":\"$(year "$2")-03-15\",\"dateOfBirthEstimated\":false,\"relationship\":\"$3\",\"nameArabic\":\"$4\",\"nameLatin\":\"$5\"$needs}"
}

member_latin() { # sex age relationship latin-name: a member written in Latin script only
  echo "{\"sex\":\"$1\",\"dateOfBirth\":\"$(year "$2")-03-15\",\"dateOfBirthEstimated\":false,\"relationship\":\"$3\",\"nameLatin\":\"$4\"}"
}

household() { # number centre members...
  local id; id="$(printf 'a1b2c3d4-0000-4000-8000-%012d' "$1")"; shift
  local centre="$1"; shift
  local members; members="$(IFS=,; echo "$*")"
  api PUT "/api/households/$id" "{\"centerId\":\"$centre\",\"origin\":{\"adm1Code\":\"SY08\",\"adm2Code\":\"SY0800\",\"neighbourhood\":\"Ghuwayran\"},\"members\":[$members]}" >/dev/null
}

say "reception centres"
school="$(center "Ghuwayran Secondary School" 600 150 Ghuwayran school true)"
nashwa="$(center "Al-Nashwa Collective Centre" 900 200 "Al-Nashwa" collectiveShelter true)"
mosque="$(center "Hosh Al-Ba'er Mosque" 40 11 "Al-Zouhour (Hosh Al-Ba'er)" mosque false)"
youth="$(center "Al-Zouhour Youth Centre" 400 90 "Al-Zouhour" publicBuilding false)"

say "demo accounts, one per role"
account field-worker@demo.idp "$DEMO_PASSWORD_FIELD_WORKER" "\"roles\":[\"field_worker\"],\"centres\":[\"$school\"]"
account coordinator@demo.idp "$DEMO_PASSWORD_COORDINATOR" '"roles":["coordinator"],"areas":["SY08"]'
account donor@demo.idp "$DEMO_PASSWORD_DONOR" '"roles":["donor"],"organisation":"Al-Hasakah Winter Response Fund"'
# Families are registered by the coordinator of Al-Hasakah, who reaches every centre here.
TOKEN="$(token coordinator@demo.idp "$DEMO_PASSWORD_COORDINATOR")"

say "households arriving"
household 1 "$school" "$(member female 34 head "فاطمة الحسن" "Fatima Al-Hassan" FHH)" "$(member male 12 child "عمر الحسن" "Omar Al-Hassan")" "$(member female 1 child "ليلى الحسن" "Layla Al-Hassan")" "$(member female 71 parent "خديجة العلي" "Khadija Al-Ali" WG-WALKING)"
household 2 "$school" "$(member male 45 head "محمد الخلف" "Mohammed Al-Khalaf")" "$(member female 40 spouse "آمنة الخلف" "Amina Al-Khalaf")" "$(member male 17 child "أحمد الخلف" "Ahmad Al-Khalaf")" "$(member female 14 child "زينب الخلف" "Zeinab Al-Khalaf")" "$(member male 9 child "يوسف الخلف" "Yusuf Al-Khalaf")" "$(member female 4 child "مريم الخلف" "Maryam Al-Khalaf")"
household 3 "$school" "$(member female 28 head "نور الشيخ" "Nour Al-Sheikh" FHH)" "$(member male 3 child "علي الشيخ" "Ali Al-Sheikh")" "$(member male 0 child "حسن الشيخ" "Hassan Al-Sheikh")"
household 4 "$nashwa" "$(member male 62 head "إبراهيم الصالح" "Ibrahim Al-Saleh" MED)" "$(member female 58 spouse "سعاد الصالح" "Suad Al-Saleh")"
household 5 "$nashwa" "$(member male 38 head "خالد العمر" "Khaled Al-Omar")" "$(member female 35 spouse "رنا العمر" "Rana Al-Omar" PLW)" "$(member female 10 child "سارة العمر" "Sara Al-Omar")" "$(member male 7 child "كريم العمر" "Karim Al-Omar")" "$(member female 2 child "هدى العمر" "Huda Al-Omar")"
household 6 "$nashwa" "$(member female 16 head "ريم الأحمد" "Reem Al-Ahmad" CHH)" "$(member male 11 sibling "سامر الأحمد" "Samer Al-Ahmad")" "$(member female 8 sibling "دانة الأحمد" "Dana Al-Ahmad")"
household 7 "$mosque" "$(member male 50 head "حسين المحمد" "Hussein Al-Mohammed")" "$(member female 47 spouse "منى المحمد" "Mona Al-Mohammed")" "$(member male 22 child "عبد الله المحمد" "Abdullah Al-Mohammed")" "$(member female 19 child "جميلة المحمد" "Jamila Al-Mohammed")" "$(member male 15 child "طارق المحمد" "Tariq Al-Mohammed")" "$(member female 6 child "لمى المحمد" "Lama Al-Mohammed")" "$(member male 1 child "آدم المحمد" "Adam Al-Mohammed")"
household 8 "$mosque" "$(member female 66 head "زهرة الخليل" "Zahra Al-Khalil" ELD)" "$(member female 39 child "هناء الخليل" "Hanaa Al-Khalil")" "$(member male 13 grandchild "باسل الخليل" "Basel Al-Khalil")"
household 9 "$youth" "$(member male 31 head "جوان حسو" "Jiwan Hesso")" "$(member female 29 spouse "روجين حسو" "Rojin Hesso")" "$(member female 5 child "هيفي حسو" "Hevi Hesso")" "$(member male 0 child "دلشاد حسو" "Dilshad Hesso")"
household 10 "$youth" "$(member female 41 head "نسرين يوسف" "Nesrin Yousef" FHH)" "$(member female 20 child "بيريفان يوسف" "Berivan Yousef")" "$(member male 18 child "آزاد يوسف" "Azad Yousef")" "$(member female 12 child "شيرين يوسف" "Shirin Yousef")"
# The Al-Khalaf family again, at another centre, by another field worker: Latin script only, other spellings, the
# youngest not with them. A possible duplicate for the coordinator to review.
household 11 "$youth" "$(member_latin male 45 head "Muhammad Alkhalaf")" "$(member_latin female 40 spouse "Amna Al Khalaf")" "$(member_latin male 17 child "Ahmed Al-Khalaf")" "$(member_latin female 14 child "Zainab Al-Khalaf")" "$(member_latin male 9 child "Yousef Al-Khalaf")"

say "donor subscription (daily 08:00 Asia/Damascus)"
subscription="$(id_where "$(api GET /api/reports/subscriptions)" organisation "Al-Hasakah Winter Response Fund")"
if [ -z "$subscription" ]; then
  subscription="$(api POST /api/reports/subscriptions '{"organisation":"Al-Hasakah Winter Response Fund","emails":["sitrep@winter-fund.example.org"],"cron":"0 8 * * *","timeZone":"Asia/Damascus"}' \
    | sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p')"
fi
say "waiting for Reporting to count the arrivals"
for _ in $(seq 1 60); do
  people="$(api GET /api/reports/figures | sed -n 's/^{[^{]*"people":\([0-9]*\).*/\1/p')"
  [ "${people:-0}" -ge 46 ] && break
  sleep 0.5
done
say "building a report now, so its e-mail is in the local mailbox"
api POST "/api/reports/subscriptions/$subscription/run" >/dev/null
say "done: subscription $subscription"
cat <<EOF

[seed] Demo accounts (passwords in .idp/run/; ./idp token ROLE prints an access token):
  field worker  field-worker@demo.idp   Ghuwayran Secondary School only
  coordinator   coordinator@demo.idp    everything in Al-Hasakah (SY08)
  donor         donor@demo.idp          reports of the Al-Hasakah Winter Response Fund
  admin         $Identity__BootstrapAdminUserName          users and centres, no household data
EOF
