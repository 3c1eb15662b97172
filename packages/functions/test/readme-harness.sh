# Sourced before the README's examples by readme.test.ts. DIR (a scratch directory) and
# CONTROL (the test's clock endpoint) are set by the test.
set -e
echo 0 > "$DIR/count"

# Every curl runs as written; its status and body are also recorded for the test's checks.
curl() {
  local n out
  n=$(( $(cat "$DIR/count") + 1 ))
  echo "$n" > "$DIR/count"
  out=$(command curl -sS -w '\n%{http_code}' "$@")
  echo "${out##*$'\n'}" > "$DIR/$n.status"
  printf '%s' "${out%$'\n'*}" > "$DIR/$n.body"
  printf '%s\n' "${out%$'\n'*}"
}

# `sleep N`: N seconds of npm start's schedules on the test's manual clock, without waiting.
sleep() { command curl -sS "$CONTROL/?seconds=$1" > /dev/null; }

# `open URL`: no browser here; the page must answer (the browser test renders it).
open() { command curl -sS -o /dev/null -w '%{http_code}' "$1" > "$DIR/open.status"; }
