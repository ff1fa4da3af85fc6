#!/usr/bin/env bash
# make test-browser: peacesim's HTML report as a reader sees it, in a real
# headless Chromium (tools/browsercheck, a Go module of its own so that
# chromedp is no dependency of peacesim).
#
# Installs Debian's chromium (and a font) when missing, as root or with
# sudo. Builds bin/peacesim, writes results directories of the default
# scenario with few trials (run, compare, sweep, sensitivity, bargain) and
# renders them with `peacesim report` into report.html. Then it runs the
# tests of tools/browsercheck, and browsercheck on the report: nothing but
# the file is loaded (every other request is blocked before it is sent), no
# console error, tables and charts shown and named, a title and a language,
# no sideways scrolling at 1280 and at 390 px, a screenshot and an A4 PDF.
# Then the explorer: browsercheck -serve starts bin/peacesim serve, moves
# its page by keyboard, and checks it against peacesim run (and takes a
# screenshot at 1280 and at 390 px; TEST_BROWSER_DOCS=1 copies them to
# docs/explorer.png and docs/explorer-390.png).
#
# Until `peacesim report` exists, it checks tools/browsercheck's fixture
# instead and fails, unless TEST_BROWSER_FIXTURE_OK=1: CI cannot pass
# without the real report. A browser that cannot be installed or started
# is a failure, never a skip.
#
# The screenshot, the PDF and the report go to TEST_BROWSER_OUT (default: a
# new directory under /tmp, kept); the rest is removed on exit, unless
# TEST_BROWSER_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
check=test-browser
# shellcheck source=scripts/lib/report.sh
. scripts/lib/report.sh # the repository's root, after the cd above
GO=${GO:-go}
# The tests of browsercheck must run here: the variable that lets them
# skip without a browser is for machines that cannot have one.
unset BROWSERCHECK_SKIP_NO_CHROMIUM

tmp=""

# loud: a message that must not scroll past unseen.
loud() {
  printf '\ntest-browser: ************************************************************\n' >&2
  printf 'test-browser: *** %s\n' "$@" >&2
  printf 'test-browser: ************************************************************\n\n' >&2
}

cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$tmp" ]; then
    if [ "${TEST_BROWSER_KEEP:-}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  [ "$status" = 0 ] && [ "$failed" = 0 ] || status=1
  say "took $((SECONDS - start)) s"
  printf 'test-browser: %d passed, %d failed\n' "$passed" "$failed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Chromium ------------------------------------------------------------------

pkgs=()
command -v chromium >/dev/null || pkgs+=(chromium)
# A page drawn with no font at all has no text to see.
[ -n "$(fc-list 2>/dev/null || true)" ] || pkgs+=(fonts-dejavu-core)
if [ ${#pkgs[@]} -gt 0 ]; then
  loud "installing ${pkgs[*]} from Debian's packages (apt-get)"
  command -v apt-get >/dev/null || die "${pkgs[*]} missing and there is no apt-get to install them"
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "${pkgs[*]} missing: installing needs root (sudo make test-browser) or sudo"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! log=$({ "${sudo[@]}" apt-get install -y --no-install-recommends "${pkgs[@]}" ||
    { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends "${pkgs[@]}"; }; } 2>&1); then
    printf '%s\n' "$log" | tail -n 20 >&2
    die "apt-get could not install ${pkgs[*]}"
  fi
  command -v chromium >/dev/null || die "chromium is still missing after installing ${pkgs[*]}"
fi
# stderr aside: Debian's launcher script may complain there of /dev/shm.
version=$(chromium --version 2>/dev/null) || die "chromium does not start: $(chromium --version 2>&1 | tail -n 5)"
say "$version"

# --- the report ----------------------------------------------------------------

tmp=$(mktemp -d /tmp/peacesim-browser.XXXXXX)
out=${TEST_BROWSER_OUT:-$(mktemp -d /tmp/peacesim-browser-out.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

say "building bin/peacesim"
"$GO" build -o bin/peacesim ./cmd/peacesim
peacesim=$repo/bin/peacesim

# results NAME ARGS…: one results directory of the default scenario.
results() {
  local name=$1
  shift
  "$peacesim" "$@" -q -o "$tmp/$name" || die "peacesim $* failed"
}
say "results of the default scenario: run, compare, sweep, sensitivity, bargain"
results run run --trials 20000
results compare compare --trials 20000
results sweep sweep --vary packages.miami_20_point.troop_cap=400:1000:100 --trials 10000
results sensitivity sensitivity --evidence none --trials 8192 --samples 1024
results bargain bargain --evidence none --package miami_20_point

# cobra answers `report --help` with the root's help while there is no such
# command: the command exists when its own usage line names it.
if "$peacesim" report --help 2>/dev/null | grep -q '^  peacesim report'; then
  report=$out/report.html
  if "$peacesim" report "$tmp/run" "$tmp/compare" "$tmp/sweep" "$tmp/sensitivity" "$tmp/bargain" -o "$report"; then
    pass "peacesim report renders $report ($(stat -c %s "$report") bytes)"
  else
    die "peacesim report failed on the results of run, compare, sweep, sensitivity and bargain"
  fi
else
  report=$repo/tools/browsercheck/testdata/sample.html
  if [ "${TEST_BROWSER_FIXTURE_OK:-}" = 1 ]; then
    loud "peacesim report not available: checking the fixture only" \
      "(TEST_BROWSER_FIXTURE_OK=1: this is not a failure here)" \
      "$report"
  else
    loud "peacesim report not available: checking the fixture only" \
      "this is a failure: the real report must be checked (TEST_BROWSER_FIXTURE_OK=1 accepts the fixture)"
    fail "peacesim report not available: checked the fixture $report instead"
  fi
fi

# --- browsercheck ----------------------------------------------------------------

cd "$repo/tools/browsercheck"
say "tools/browsercheck: go vet, go test (each test starts chromium)"
if "$GO" vet ./... && "$GO" test -count=1 ./...; then
  pass "tools/browsercheck: go vet and go test"
else
  fail "tools/browsercheck: go vet or go test"
fi

say "browsercheck $report"
"$GO" build -o "$tmp/browsercheck" .
set +e
"$tmp/browsercheck" -png "$out/report.png" -pdf "$out/report.pdf" "$report" | tee "$tmp/browsercheck.out"
status=${PIPESTATUS[0]}
set -e
cd "$repo"
# Each of browsercheck's checks counts as one here.
checks_passed=$(grep -c '^browsercheck: PASS:' "$tmp/browsercheck.out" || true)
checks_failed=$(grep -c '^browsercheck: FAIL:' "$tmp/browsercheck.out" || true)
passed=$((passed + checks_passed))
failed=$((failed + checks_failed))
if [ "$status" != 0 ] && [ "$checks_failed" = 0 ]; then
  fail "browsercheck exited $status with no FAIL line"
elif [ "$status" = 0 ] && [ "$checks_passed" = 0 ]; then
  fail "browsercheck exited 0 with no PASS line"
fi

for f in "$out/report.png" "$out/report.pdf"; do
  if [ -s "$f" ]; then say "wrote $f ($(stat -c %s "$f") bytes)"; else fail "$f was not written"; fi
done

# --- the explorer ------------------------------------------------------------------

# peacesim serve at the default trials, its page moved by keyboard and
# compared with peacesim run --format csv (browsercheck -serve).
say "browsercheck -serve $peacesim"
set +e
"$tmp/browsercheck" -serve "$peacesim" -png "$out/explorer.png" -png-phone "$out/explorer-390.png" | tee "$tmp/explorer.out"
status=${PIPESTATUS[0]}
set -e
checks_passed=$(grep -c '^browsercheck: PASS:' "$tmp/explorer.out" || true)
checks_failed=$(grep -c '^browsercheck: FAIL:' "$tmp/explorer.out" || true)
passed=$((passed + checks_passed))
failed=$((failed + checks_failed))
if [ "$status" != 0 ] && [ "$checks_failed" = 0 ]; then
  fail "browsercheck -serve exited $status with no FAIL line"
elif [ "$status" = 0 ] && [ "$checks_passed" = 0 ]; then
  fail "browsercheck -serve exited 0 with no PASS line"
fi
for f in "$out/explorer.png" "$out/explorer-390.png"; do
  if [ -s "$f" ]; then say "wrote $f ($(stat -c %s "$f") bytes)"; else fail "$f was not written"; fi
done
# TEST_BROWSER_DOCS=1 refreshes the screenshots the documentation shows.
if [ "${TEST_BROWSER_DOCS:-}" = 1 ] && [ "$status" = 0 ]; then
  cp "$out/explorer.png" docs/explorer.png
  cp "$out/explorer-390.png" docs/explorer-390.png
  say "copied the explorer's screenshots to docs/"
fi
[ "$failed" = 0 ]
