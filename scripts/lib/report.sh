# The reporting of the check scripts (test-browser, test-editor,
# test-slurm), sourced after setting check to the script's name: each line
# starts "$check:", a check passes or fails and is counted, and die stops a
# script that cannot go on. Each script's cleanup prints the counts.
start=$SECONDS
passed=0
failed=0

say() { printf '%s: [%3ds] %s\n' "$check" $((SECONDS - start)) "$*"; }
pass() { passed=$((passed + 1)); printf '%s: PASS: %s\n' "$check" "$*"; }
fail() { failed=$((failed + 1)); printf '%s: FAIL: %s\n' "$check" "$*"; }
# die: the check cannot go on.
die() {
  printf '%s: FAIL: %s\n' "$check" "$*" >&2
  failed=$((failed + 1))
  exit 1
}
