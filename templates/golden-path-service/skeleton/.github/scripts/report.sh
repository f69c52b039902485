#!/usr/bin/env bash
# Sends one event to Release Trains: report.sh <json body> <delivery id>.
# The body is signed with RELEASE_TRAINS_SECRET (HMAC-SHA256), so the secret
# itself never leaves the runner; a retry with the same delivery id is
# recorded once.
set -euo pipefail
body="$1"
delivery="$2"
signature="sha256=$(printf '%s' "$body" |
  openssl dgst -sha256 -hmac "$RELEASE_TRAINS_SECRET" -hex | sed 's/^.* //')"
curl --fail-with-body -sS --retry 3 -X POST "$RELEASE_TRAINS_URL" \
  -H 'Content-Type: application/json' \
  -H "X-Release-Trains-Source: $RELEASE_TRAINS_SOURCE" \
  -H "X-Release-Trains-Delivery: $delivery" \
  -H "X-Release-Trains-Signature: $signature" \
  -d "$body"
