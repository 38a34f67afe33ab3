#!/usr/bin/env bash
# Post-deploy smoke test (README, "Deploying"): exercises every route of the API (docs/openapi.yaml) with and
# without the trailing slash, checks status codes and content types (application/json for answers,
# application/problem+json with type/title/status for errors), prints a summary and exits non-zero on any failure.
#
# Usage: scripts/smoke-test.sh <api-url> <admin-user>
#   <api-url>     the stack's ApiUrl output (https://<id>.execute-api.<region>.amazonaws.com) or
#                 http://localhost:3000 for the local stack
#   <admin-user>  an active admin's username; the password comes from TT_ADMIN_PASSWORD or is asked for on
#                 the terminal, never from the command line
# Environment: TT_SMOKE_EXPORT_WAIT (seconds to wait for an export the export worker writes, default 150).
#
# What it leaves behind (nothing it changes is in force afterwards): one test employee and one test manager,
# both deactivated at the end (also when a check failed), their punches and audit records, and two small CSV
# exports (removed by the bucket's lifecycle). It never changes the business hours: it only checks that an
# invalid configuration is refused with 400.
#
# Needs bash, curl and python3 (for JSON). Secrets never appear in a process's arguments: request bodies and
# the authorization header are handed to curl in files readable only by this user.
set -uo pipefail

if (($# != 2)); then
    echo "usage: $0 <api-url> <admin-user>   (admin password from TT_ADMIN_PASSWORD or the terminal)" >&2
    exit 2
fi
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "smoke-test: $tool is missing" >&2; exit 2; }
done

api=${1%/}
api=${api%/api}
admin_user=$2
admin_password=${TT_ADMIN_PASSWORD-}
if [[ -z $admin_password ]]; then
    if [[ -t 0 ]]; then
        read -rsp "Password for admin $admin_user: " admin_password
        echo
    else
        echo "smoke-test: set TT_ADMIN_PASSWORD (no terminal to ask on)" >&2
        exit 2
    fi
fi
export_wait=${TT_SMOKE_EXPORT_WAIT:-150}

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tt-smoke.XXXXXX")
passed=0
failures=()
stamp="smoke-$(date -u +%Y%m%d%H%M%S)-$$-$RANDOM"

# --- JSON, with python3; values come in through stdin or the environment, never as arguments -------------------------

# py: python3 without the site module, started by its own path. The script needs only the standard library, and a run
# starts python about once per request: without site each start takes about half as long, and a version manager's
# shim (pyenv, asdf) would run a shell script before every one of them (measured here: 112 ms a start through
# pyenv's shim, 15 ms without it).
python=$(python3 -S -c 'import sys; print(sys.executable)')
[[ -x $python ]] || python=python3
py() {
    "$python" -S "$@"
}

# json_of KEY VALUE [KEY VALUE ...]: a JSON object of strings; a value starting with json: is raw JSON.
json_of() {
    printf '%s\0' "$@" | py -c '
import json, sys
parts = sys.stdin.read().split("\0")[:-1]
obj = {}
for key, value in zip(parts[0::2], parts[1::2]):
    obj[key] = json.loads(value[5:]) if value.startswith("json:") else value
print(json.dumps(obj))'
}

# field PATH [FILE]: a value of the last response (or FILE) by a dotted path (items.0.id); empty if absent.
field() {
    py - "$1" "${2:-$tmp/body}" <<'EOF'
import json, sys
try:
    value = json.load(open(sys.argv[2], encoding="utf-8"))
    for part in sys.argv[1].split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
except Exception:
    value = ""
print("" if value is None else (json.dumps(value) if isinstance(value, (dict, list)) else value))
EOF
}

urlencode() {
    VALUE=$1 py -c 'import os, urllib.parse; print(urllib.parse.quote(os.environ["VALUE"], safe=""))'
}

# --- checks -----------------------------------------------------------------------------------------------

pass() {
    passed=$((passed + 1))
    printf '  ok    %s\n' "$1"
}

fail() {
    failures+=("$1")
    printf '  FAIL  %s\n' "$1"
}

# authorization_file TOKEN: the header in $tmp/auth-header, for curl -H @file (a token is a secret too).
authorization_file() {
    printf 'authorization: Bearer %s\n' "$1" >"$tmp/auth-header"
}

# call TOKEN EXPECTED METHOD PATH [BODY]: one request; EXPECTED is a list of statuses like 200|201. Sets
# $status and $ctype and keeps the body in $tmp/body. Checks the status and that the content type suits it.
call() {
    local token=$1 expected=$2 method=$3 path=$4 body=${5-}
    local label="$method $path"
    local args=(-sS --max-time 60 -o "$tmp/body" -w '%{http_code} %{content_type}')
    if [[ $method == HEAD ]]; then
        args+=(--head)
    else
        args+=(-X "$method")
    fi
    if [[ -n $token ]]; then
        authorization_file "$token"
        args+=(-H "@$tmp/auth-header")
        label+=" [token]"
    fi
    if [[ -n $body ]]; then
        printf '%s' "$body" >"$tmp/request"
        args+=(-H 'content-type: application/json' --data-binary "@$tmp/request")
    fi
    : >"$tmp/body"
    local out
    if ! out=$(curl "${args[@]}" "$api$path" 2>"$tmp/curl-error"); then
        status=000
        ctype=
        fail "$label: no answer ($(tr '\n' ' ' <"$tmp/curl-error"))"
        return 1
    fi
    status=${out%% *}
    ctype=${out#* }
    if [[ "|$expected|" != *"|$status|"* ]]; then
        fail "$label: status $status, expected $expected: $(head -c 300 "$tmp/body")"
        return 1
    fi
    local problem
    if ((status >= 400)); then
        problem=$(py - "$tmp/body" "$status" <<'EOF'
import json, sys
try:
    body = json.load(open(sys.argv[1], encoding="utf-8"))
    ok = isinstance(body, dict) and body.get("status") == int(sys.argv[2]) and body.get("type") and body.get("title")
except Exception:
    ok = False
print("" if ok else "not a problem document")
EOF
)
        if [[ $ctype != application/problem+json* || -n $problem ]]; then
            fail "$label: status $status as '$ctype', expected application/problem+json with type, title, status"
            return 1
        fi
    elif [[ $status == 204 || $method == HEAD ]]; then
        if [[ $method != HEAD && -s $tmp/body ]]; then
            fail "$label: 204 with a body"
            return 1
        fi
    elif [[ $ctype != application/json* ]] || ! py -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/body" 2>/dev/null; then
        fail "$label: status $status as '$ctype', expected a JSON document"
        return 1
    fi
    pass "$label -> $status"
}

# both TOKEN EXPECTED METHOD PATH [BODY]: the same request with the path's trailing slash and without it.
both() {
    local token=$1 expected=$2 method=$3 path=$4 body=${5-}
    local route=${path%%\?*} query=
    [[ $path == *\?* ]] && query="?${path#*\?}"
    call "$token" "$expected" "$method" "$path" "$body"
    call "$token" "$expected" "$method" "${route%/}$query" "$body"
}

# login VARIABLE USERNAME PASSWORD [PATH]: logs in and sets VARIABLE to the access token (empty when refused).
login() {
    local body
    body=$(USERNAME=$2 PASSWORD=$3 py -c 'import json, os; print(json.dumps({"username": os.environ["USERNAME"], "password": os.environ["PASSWORD"]}))')
    printf -v "$1" '%s' ""
    if call "" 200 POST "${4:-/api/auth/login/}" "$body"; then
        printf -v "$1" '%s' "$(field access_token)"
    fi
}

random_password() {
    py -c 'import secrets; print("Smoke-" + secrets.token_urlsafe(18))'
}

# --- cleanup: the test accounts end deactivated, whatever happened ------------------------------------------

admin_token=
employee_id=
manager_id=
cleanup() {
    if [[ -n $admin_token ]]; then
        if [[ -n $employee_id ]]; then
            echo "cleanup: deactivating test employee $employee_id"
            both "$admin_token" 204 DELETE "/api/employees/$employee_id/"
        fi
        if [[ -n $manager_id ]]; then
            echo "cleanup: deactivating test manager $manager_id"
            both "$admin_token" 204 DELETE "/api/auth/admin-users/$manager_id/"
        fi
    fi
    echo
    echo "=== smoke test of $api: ${passed} passed, ${#failures[@]} failed"
    ((${#failures[@]})) && printf '  FAILED: %s\n' "${failures[@]}"
    rm -rf "$tmp"
}

finish() {
    cleanup
    ((${#failures[@]} == 0))
    exit $?
}
trap 'echo "smoke-test: interrupted"; failures+=("interrupted"); finish' INT TERM

# --- the routes ----------------------------------------------------------------------------------------------

dates=$(py -c 'import datetime as d; t = d.datetime.now(d.timezone.utc).date(); print(t - d.timedelta(days=1), t + d.timedelta(days=1))')
from=${dates% *}
to=${dates#* }

echo "=== auth"
login admin_token "$admin_user" "$admin_password"
if [[ -z $admin_token ]]; then
    echo "smoke-test: the admin cannot log in; nothing else can be checked" >&2
    finish
fi
login second_admin_token "$admin_user" "$admin_password" /api/auth/login
# An unknown name, not the admin's: five wrong passwords would lock the admin out for 15 minutes.
both "" 401 POST /api/auth/login/ "$(json_of username "$stamp-nobody" password "not-the-password-1")"
call "" 401 GET /api/employees/
call "not-a-token" 401 GET /api/employees/
call "" 404 GET "/api/$stamp-unknown/"

echo "=== admin users"
both "$admin_token" 200 GET /api/auth/admin-users/
manager_name="$stamp-mgr"
manager_password=$(random_password)
call "$admin_token" 201 POST /api/auth/admin-users/ \
    "$(json_of username "$manager_name" email "$manager_name@example.com" password "$manager_password" role manager)" \
    && manager_id=$(field id)
call "$admin_token" 409 POST /api/auth/admin-users \
    "$(json_of username "$manager_name" email "$manager_name@example.com" password "$manager_password" role manager)"
if [[ -n $manager_id ]]; then
    both "$admin_token" 200 PUT "/api/auth/admin-users/$manager_id/" "$(json_of email "$manager_name@example.org")"
    login manager_token "$manager_name" "$manager_password"
    if [[ -n $manager_token ]]; then
        call "$manager_token" 200 GET /api/employees/
        call "$manager_token" 403 POST /api/employees/ "$(json_of email "$stamp-x@example.com" first_name X last_name Y)"
        call "$manager_token" 403 GET /api/auth/admin-users/
    fi
fi
call "$admin_token" 404 PUT "/api/auth/admin-users/$stamp-missing/" "$(json_of email "$stamp-missing@example.com")"

echo "=== audit"
both "$admin_token" 200 GET /api/audit/
both "$admin_token" 200 GET "/api/audit/?entity_type=admin_user&limit=5"

echo "=== business hours"
both "$admin_token" 200 GET /api/employees/business-hours/current/
both "$admin_token" 200 GET /api/employees/business-hours/
both "$admin_token" 400 POST /api/employees/business-hours/ '{}'

echo "=== employees"
employee_email="$stamp@example.com"
employee_password=$(random_password)
call "$admin_token" 201 POST /api/employees/ \
    "$(json_of email "$employee_email" first_name Smoke last_name Test department "Smoke tests" password "$employee_password")" \
    && employee_id=$(field id)
call "$admin_token" 409 POST /api/employees \
    "$(json_of email "$employee_email" first_name Smoke last_name Test)"
both "$admin_token" 200 GET "/api/employees/?active=true&limit=5"
both "$admin_token" 200 HEAD /api/employees/
call "$admin_token" 404 GET "/api/employees/$stamp-missing/"
if [[ -z $employee_id ]]; then
    echo "smoke-test: no test employee; the time tracking and report checks are skipped" >&2
    finish
fi
both "$admin_token" 200 GET "/api/employees/$employee_id/"
both "$admin_token" 200 PUT "/api/employees/$employee_id/" "$(json_of position "Smoke test")"
both "$admin_token" 400 PUT "/api/employees/$employee_id/" "$(json_of not_a_field x)"
# by_email reads a global secondary index, which is eventually consistent: a new employee can take a moment.
email_query="/api/employees/by_email/?email=$(urlencode "$employee_email")"
authorization_file "$admin_token"
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -H "@$tmp/auth-header" "$api$email_query" 2>/dev/null | grep -q 200 && break
    sleep 1
done
both "$admin_token" 200 GET "$email_query"

echo "=== time tracking"
login employee_token "$employee_email" "$employee_password"
if [[ -n $employee_token ]]; then
    punch() { json_of employee_id "$employee_id" action "$1" client_punch_id "$stamp-$1"; }
    call "$employee_token" 201 POST /api/timetracking/punch/ "$(punch punch_in)"
    # The same client_punch_id again is a replay: 200 with the same entry, nothing new written.
    call "$employee_token" 200 POST /api/timetracking/punch "$(punch punch_in)"
    call "$employee_token" 201 POST /api/timetracking/punch "$(punch break_start)"
    call "$employee_token" 201 POST /api/timetracking/punch/ "$(punch break_end)"
    call "$employee_token" 201 POST /api/timetracking/punch/ "$(punch punch_out)"
    call "$employee_token" 409 POST /api/timetracking/punch \
        "$(json_of employee_id "$employee_id" action punch_out client_punch_id "$stamp-again")"
    call "$employee_token" 400 POST /api/timetracking/punch/ "$(json_of employee_id "$employee_id" action dance)"
    both "$employee_token" 200 GET "/api/timetracking/status/$employee_id/"
    [[ $(field status) == off ]] && pass "status after punch_out is off" || fail "status after punch_out: $(field status), expected off"
    both "$employee_token" 200 GET "/api/timetracking/entries/?employee_id=$employee_id&from=$from&to=$to"
    entries=$(py -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$tmp/body" 2>/dev/null)
    [[ $entries == 4 ]] && pass "4 entries recorded" || fail "entries: $entries, expected 4"
    both "$employee_token" 200 GET "/api/timetracking/sessions/?employee_id=$employee_id&from=$from&to=$to"
    call "$employee_token" 403 GET "/api/reports/overview/"
    both "$employee_token" 200 GET /api/employees/business-hours/current/

    echo "=== timesheets and the lock"
    # This week's timesheet of the test employee only; each transition once with and once without the slash.
    week=$(date -u +%G-W%V)
    sheet="/api/timetracking/timesheets/$employee_id/$week"
    both "$employee_token" 200 GET "/api/timetracking/timesheets/?week=$week"
    call "$employee_token" 200 POST "$sheet/submit/"
    call "$admin_token" 200 POST "$sheet/approve"
    call "$admin_token" 200 POST "$sheet/reopen/" "$(json_of reason "smoke test $stamp")"
    call "$employee_token" 200 POST "$sheet/submit"
    call "$admin_token" 200 POST "$sheet/approve/"
    call "$admin_token" 200 POST "$sheet/reopen" "$(json_of reason "smoke test $stamp")"
    [[ $(field status) == open ]] && pass "timesheet reopened" || fail "timesheet after reopen: $(field status), expected open"
    call "$employee_token" 403 GET /api/timetracking/locks/

    echo "=== corrections"
    # Requests by the test employee for days of their own in 2001 (long before their punches, and before any lock a
    # test deployment keeps), each decision once with and once without the slash.
    correction() {
        json_of work_date "$1" reason "smoke test $stamp" changes \
            "json:[{\"op\":\"add\",\"action\":\"punch_in\",\"timestamp\":\"$1T12:00:00Z\"},{\"op\":\"add\",\"action\":\"punch_out\",\"timestamp\":\"$1T13:00:00Z\"}]"
    }
    corrections=()
    for day in 2001-01-02 2001-01-04 2001-01-06 2001-01-08; do
        path=/api/timetracking/corrections/
        [[ ${#corrections[@]} == 1 ]] && path=/api/timetracking/corrections
        call "$employee_token" 201 POST "$path" "$(correction "$day")" && corrections+=("$(field id)")
    done
    call "$employee_token" 400 POST /api/timetracking/corrections/ "$(json_of work_date 2001-01-10 reason "smoke test" changes "json:[]")"
    if [[ ${#corrections[@]} == 4 ]]; then
        call "$employee_token" 403 POST "/api/timetracking/corrections/${corrections[0]}/approve/"
        call "$admin_token" 200 POST "/api/timetracking/corrections/${corrections[0]}/approve/"
        call "$admin_token" 200 POST "/api/timetracking/corrections/${corrections[1]}/approve" "$(json_of note "smoke test")"
        call "$admin_token" 409 POST "/api/timetracking/corrections/${corrections[1]}/approve/"
        call "$admin_token" 200 POST "/api/timetracking/corrections/${corrections[2]}/reject/" "$(json_of note "smoke test")"
        call "$admin_token" 200 POST "/api/timetracking/corrections/${corrections[3]}/reject" "$(json_of note "smoke test")"
    fi
    both "$employee_token" 200 GET "/api/timetracking/corrections/?employee_id=$employee_id"
fi
# The lock is everyone's: read it, and send only a move that is refused before anything is written.
both "$admin_token" 200 GET /api/timetracking/locks/
both "$admin_token" 400 POST /api/timetracking/locks/ "$(json_of through not-a-date)"

echo "=== reports"
both "$admin_token" 200 GET /api/reports/overview/
both "$admin_token" 200 GET "/api/reports/employees/?from=$from&to=$to"
both "$admin_token" 200 GET "/api/reports/daily/?from=$from&to=$to"
both "$admin_token" 400 GET "/api/reports/daily/?from=$to&to=$from"
export_body=$(json_of from "$from" to "$to" employee_ids "json:[\"$employee_id\"]")
call "$admin_token" "201|202" POST /api/reports/export/csv "$export_body"
call "$admin_token" "201|202" POST /api/reports/export/csv/ "$export_body" && export_id=$(field export_id)
if [[ -n ${export_id-} ]]; then
    waited=0
    while [[ $(field status) == pending ]] && ((waited < export_wait)); do
        sleep 5
        waited=$((waited + 5))
        call "$admin_token" 200 GET "/api/reports/exports/$export_id/" >/dev/null || break
    done
    both "$admin_token" 200 GET "/api/reports/exports/$export_id/"
    download_url=$(field download_url)
    if [[ $(field status) != ready || -z $download_url ]]; then
        fail "export $export_id: status $(field status) after ${waited} s, expected ready with a download_url"
    else
        printf '%s' "url = \"$download_url\"" >"$tmp/download-config"
        read -r dl_status dl_type < <(curl -sS --max-time 60 -K "$tmp/download-config" -o "$tmp/export.csv" -w '%{http_code} %{content_type}\n')
        if [[ $dl_status == 200 && $dl_type == text/csv* ]] && head -1 "$tmp/export.csv" | grep -q '^employee_id,' \
            && grep -q "^$employee_id," "$tmp/export.csv"; then
            pass "download of export $export_id -> 200 text/csv with the test employee's row"
        else
            fail "download of export $export_id: status $dl_status as '$dl_type': $(head -c 200 "$tmp/export.csv")"
        fi
    fi
    call "$admin_token" 404 GET "/api/reports/exports/$stamp-missing/"
fi

echo "=== logout"
if [[ -n $second_admin_token ]]; then
    call "$second_admin_token" 204 POST /api/auth/logout/
    call "$second_admin_token" 401 GET /api/auth/admin-users/
fi
if [[ -n ${employee_token-} ]]; then
    call "$employee_token" 204 POST /api/auth/logout
    call "$employee_token" 401 GET "/api/timetracking/status/$employee_id/"
fi

finish
