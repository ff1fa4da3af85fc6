#!/usr/bin/env bash
# make test-editor: the scenario format's JSON Schema as an editor reads it,
# through taplo, the TOML language server of VS Code's Even Better TOML and
# of Neovim's and Helix's TOML support (docs/editor.md).
#
# Installs taplo (@taplo/cli, pinned by tools/editor/package-lock.json) from
# npm into tools/editor/node_modules when it is not there, and Node.js and
# npm from Debian's packages when they are missing (as root or with sudo).
# Then, with bin/peacesim built:
#   1. taplo check --schema passes every shipped scenario, the template and
#      the examples of docs/;
#   2. the #:schema line of a file `peacesim scenarios init` writes, and of
#      an embedded scenario saved with its schema beside it, leads taplo to
#      the schema: a misspelt key is marked at its line;
#   3. for every problem peacesim validate reports in the bad-input corpus
#      (scenarios/testdata/bad), taplo marks the same line or not, as
#      tools/editorcheck/corpus.golden lists (UPDATE=1 rewrites it);
#   4. taplo agrees with the loader on the mutants of every valid file that
#      go test ./scenarios checks with a validator of its own: it marks
#      nothing the loader accepts, and something wherever the loader reports
#      an unknown key, a missing key or a value of the wrong type;
#   5. the hook of .pre-commit-hooks.yaml, run by pre-commit (Debian's,
#      installed when missing) on a scenario repository of its own, refuses
#      a bad scenario with validate's lines, passes a good one, and leaves
#      pyproject.toml alone.
# A tool that cannot be installed or started is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
check=test-editor
# shellcheck source=scripts/lib/report.sh
. scripts/lib/report.sh # the repository's root, after the cd above
GO=${GO:-go}

tmp=""

cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  [ -n "$tmp" ] && rm -rf "$tmp"
  [ "$status" = 0 ] && [ "$failed" = 0 ] || status=1
  say "took $((SECONDS - start)) s"
  printf 'test-editor: %d passed, %d failed\n' "$passed" "$failed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Node.js and taplo -----------------------------------------------------------

pkgs=()
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
command -v pre-commit >/dev/null || pkgs+=(pre-commit)
command -v git >/dev/null || pkgs+=(git)
if [ ${#pkgs[@]} -gt 0 ]; then
  say "installing ${pkgs[*]} from Debian's packages (apt-get)"
  command -v apt-get >/dev/null || die "${pkgs[*]} missing and there is no apt-get to install them"
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "${pkgs[*]} missing: installing needs root (sudo make test-editor) or sudo"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! log=$({ "${sudo[@]}" apt-get install -y --no-install-recommends "${pkgs[@]}" ||
    { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends "${pkgs[@]}"; }; } 2>&1); then
    printf '%s\n' "$log" | tail -n 20 >&2
    die "apt-get could not install ${pkgs[*]}"
  fi
fi
say "node $(node --version), npm $(npm --version), $(pre-commit --version)"

taplo=$repo/tools/editor/node_modules/.bin/taplo
if [ ! -x "$taplo" ]; then
  say "installing @taplo/cli from npm into tools/editor/node_modules (npm ci)"
  if ! log=$(cd tools/editor && npm ci --no-audit --no-fund 2>&1); then
    printf '%s\n' "$log" | tail -n 20 >&2
    die "npm could not install @taplo/cli"
  fi
fi
# taplo --version exits 1 (the CLI's way after any subcommand-less call):
# that it names itself is what counts.
version=$("$taplo" --version 2>&1 || true)
case $version in
taplo\ *) say "$version" ;;
*) die "taplo does not start: $version" ;;
esac

# --- peacesim and editorcheck ------------------------------------------------------

tmp=$(mktemp -d /tmp/peacesim-editor.XXXXXX)
say "building bin/peacesim and tools/editorcheck"
"$GO" build -o bin/peacesim ./cmd/peacesim
"$GO" build -o "$tmp/editorcheck" ./tools/editorcheck
peacesim=$repo/bin/peacesim
schema=file://$repo/scenarios/peacesim.schema.json

# check FILE…: taplo check with the schema, its output kept in $tmp/out.
check() { "$taplo" check --no-auto-config --colors never "$@" >"$tmp/out" 2>&1; }

# --- 1. the shipped files pass ---------------------------------------------------

# One start of taplo takes seconds: every file in one.
shipped=(scenarios/*.toml scenarios/template/scenario.toml docs/examples/*.toml)
if check --schema "$schema" "${shipped[@]}"; then
  pass "taplo check --schema passes the ${#shipped[@]} shipped files: ${shipped[*]}"
else
  fail "taplo check --schema marks shipped files:"
  grep -E '^error|┌' "$tmp/out" | head -n 40
fi

# --- 2. the #:schema line leads taplo to the schema --------------------------------

# misspell FILE: the line of FILE's first `label =`, which becomes `lable =`.
misspell() {
  local line
  line=$(grep -n '^label = ' "$1" | head -n 1 | cut -d: -f1)
  sed -i "${line}s/^label = /lable = /" "$1"
  echo "$line"
}
# directive DIR FILE: FILE in DIR passes taplo without --schema, and fails
# at the misspelt line once a key is misspelt: the #:schema line was read.
directive() {
  local dir=$1 file=$2 line
  if ! (cd "$dir" && check "$file"); then
    fail "$3: taplo marks it, following its #:schema line:"
    grep -E '^error|┌' "$tmp/out" | head -n 10
    return
  fi
  line=$(misspell "$dir/$file")
  if (cd "$dir" && check "$file"); then
    fail "$3: a misspelt key at line $line passes taplo: its #:schema line is not read"
  elif grep -q "┌─ .*$file:$line:" "$tmp/out" && grep -q "'lable' was unexpected" "$tmp/out"; then
    pass "$3: its #:schema line leads taplo to the schema (a misspelt key marked at line $line)"
  else
    fail "$3: taplo does not mark the misspelt key at line $line:"
    grep -E '^error|┌' "$tmp/out" | head -n 10
  fi
}
mkdir "$tmp/init" "$tmp/show"
(cd "$tmp/init" && "$peacesim" scenarios init 2>/dev/null)
directive "$tmp/init" scenario.toml "the file peacesim scenarios init writes"
"$peacesim" scenarios show miami-2025 >"$tmp/show/miami.toml"
"$peacesim" scenarios schema >"$tmp/show/peacesim.schema.json"
directive "$tmp/show" miami.toml "an embedded scenario saved beside the schema"
mkdir "$tmp/repo"
cp -L scenarios/template/scenario.toml scenarios/template/peacesim.schema.json "$tmp/repo/"
directive "$tmp/repo" scenario.toml "the repository's template, beside scenarios/template/peacesim.schema.json"

# --- 3. the bad-input corpus --------------------------------------------------------

UPDATE=${UPDATE:-}
say "the corpus: peacesim validate against taplo, problem by problem"
if "$tmp/editorcheck" corpus -taplo "$taplo" -peacesim "$peacesim" -schema "$schema" \
  -golden tools/editorcheck/corpus.golden ${UPDATE:+-update} scenarios/testdata/bad/*.toml; then
  pass "taplo marks the corpus's problems as tools/editorcheck/corpus.golden lists"
else
  fail "the corpus differs from tools/editorcheck/corpus.golden"
fi

# --- 4. the mutants ------------------------------------------------------------------

mkdir "$tmp/mutants"
say "the mutants of go test ./scenarios -run TestSchemaAgreesWithLoader"
if ! "$GO" test ./scenarios -count=1 -run '^TestSchemaAgreesWithLoader$' -mutants-dir "$tmp/mutants" >"$tmp/gotest" 2>&1; then
  cat "$tmp/gotest"
  fail "go test ./scenarios -run TestSchemaAgreesWithLoader"
fi
if "$tmp/editorcheck" mutants -taplo "$taplo" -schema "$schema" "$tmp/mutants"; then
  pass "taplo agrees with the loader on every mutant"
else
  fail "taplo and the loader disagree"
fi
# --- 5. the pre-commit hook -----------------------------------------------------------

say "the pre-commit hook on a scenario repository (pre-commit builds peacesim with Go)"
hooks=$tmp/hooks
mkdir -p "$hooks/scenarios"
(cd "$hooks/scenarios" && "$peacesim" scenarios init good.toml 2>/dev/null)
cp scenarios/testdata/bad/unknown_key.toml "$hooks/scenarios/bad.toml"
printf '[project]\nname = "not-a-scenario"\n' >"$hooks/pyproject.toml"
git -C "$hooks" init -q
git -C "$hooks" add -A
# try-repo runs the hooks of this repository's working tree as they are.
hook() { (cd "$hooks" && PRE_COMMIT_HOME=$tmp/pre-commit-home pre-commit try-repo "$repo" peacesim-validate --all-files) >"$tmp/hook" 2>&1; }
if hook; then
  fail "the hook passes a repository with a bad scenario"
elif grep -q '^scenarios/bad.toml:3:1: scenario.autor: unknown key' "$tmp/hook" &&
  grep -q '^scenarios/good.toml: ok' "$tmp/hook" && ! grep -q pyproject "$tmp/hook"; then
  pass "the hook refuses scenarios/bad.toml with validate's lines, passes good.toml, leaves pyproject.toml alone"
else
  fail "the hook's output is not validate's:"
  tail -n 20 "$tmp/hook"
fi
git -C "$hooks" rm -q -f scenarios/bad.toml
if hook; then
  pass "the hook passes the repository once the bad scenario is gone"
else
  fail "the hook refuses a repository of good scenarios:"
  tail -n 20 "$tmp/hook"
fi
[ "$failed" = 0 ]
