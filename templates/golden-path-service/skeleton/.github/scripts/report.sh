#!/usr/bin/env bash
# Sends one event to Release Trains: report.sh <json body> <delivery id>.
# The request is signed with RELEASE_TRAINS_SECRET, so the secret itself
# never leaves the runner: X-Release-Trains-Signature: t=<unix seconds>,
# sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">. Release Trains
# refuses a signature more than five minutes off its clock, and records a
# retry with the same delivery id once; curl's retries reuse the signature,
# so they count within those five minutes.
set -euo pipefail
body="$1"
delivery="$2"
t="$(date +%s)"
signature="t=$t,sha256=$(printf '%s' "$t.$delivery.$body" |
  openssl dgst -sha256 -hmac "$RELEASE_TRAINS_SECRET" -hex | sed 's/^.* //')"
curl --fail-with-body -sS --retry 3 -X POST "$RELEASE_TRAINS_URL" \
  -H 'Content-Type: application/json' \
  -H "X-Release-Trains-Source: $RELEASE_TRAINS_SOURCE" \
  -H "X-Release-Trains-Delivery: $delivery" \
  -H "X-Release-Trains-Signature: $signature" \
  --data-raw "$body"
