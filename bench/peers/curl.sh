#!/bin/sh
# The documented way (Microsoft's client-credentials docs): POST the token request with curl, then
# call Graph with the bearer token. The secret stays in a 0600 file (curl --data @file), the token
# in a shell variable and a 0600 header file (curl -H @file): neither is ever on a command line,
# where `ps` would show it, nor printed. Inputs: BENCH_CA, BENCH_TOKEN_URL, BENCH_TOKEN_FORM,
# BENCH_GRAPH_URL, BENCH_SECRETS_DIR (all set by bench/run.ts).
set -eu
umask 077
token=$(curl -sS --fail --max-time 10 --cacert "$BENCH_CA" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data @"$BENCH_TOKEN_FORM" "$BENCH_TOKEN_URL" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "curl peer: no access_token in the token response" >&2; exit 1; }
header="$BENCH_SECRETS_DIR/auth-header.$$"
printf 'Authorization: Bearer %s\n' "$token" > "$header"   # printf is a shell builtin: no argv
curl -sS --fail --max-time 10 --cacert "$BENCH_CA" -H @"$header" -o /dev/null "$BENCH_GRAPH_URL" || { rm -f "$header"; exit 1; }
rm -f "$header"
