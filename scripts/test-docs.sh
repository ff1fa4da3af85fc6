#!/usr/bin/env bash
# Runs the documentation's commands as a reader would: every ```sh block
# of every Markdown page, as written and in order, each page in a fresh copy
# of the repository's tracked files with peacesim on PATH (a page's blocks
# share that copy, so that a tour's later commands see its earlier outputs,
# and collide if two write the same file). A block that shows a refusal is
# preceded by <!-- exits N -->, and must exit N; one that cannot run here
# is preceded by <!-- not run: why --> (make test, which CI runs itself; a
# Slurm cluster, which make test-slurm brings up) and is listed as such.
# Output and console blocks are ```text or ```console and are not run.
#
#   bash scripts/test-docs.sh [PAGE.md…]    (default: every tracked page)
#
# Exits 1 when a block fails, naming its page and line.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
BLOCK_TIMEOUT=${BLOCK_TIMEOUT:-600}

if [ $# -gt 0 ]; then
  pages=("$@")
else
  # README first, then the pages in docs/ as its Documentation list orders
  # them, then any other page.
  mapfile -t pages < <(
    {
      echo README.md
      grep -o '](docs/[a-z0-9-]*\.md' README.md | sed 's/^](//' | awk '!seen[$0]++'
      git ls-files '*.md'
    } | awk '!seen[$0]++' | while read -r p; do [ -f "$p" ] && echo "$p"; done
  )
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree" "$work/bin"
git ls-files -z | xargs -0 cp --parents -t "$work/tree"
$GO build -o "$work/bin/peacesim" ./cmd/peacesim
export PATH="$work/bin:$PATH"

# blocks PAGE DIR: writes each block of PAGE to DIR/NNN.sh, its first line a
# comment "# LINE STATUS" (STATUS: the exit status it must have, or
# "skip: why").
blocks() {
  awk -v dir="$2" '
    function flush() { close(file) }
    /^```sh[[:space:]]*$/ && !inblock {
      inblock = 1; n++; file = sprintf("%s/%03d.sh", dir, n)
      printf "# %d %s\n", NR, (mark == "" ? "0" : mark) > file
      mark = ""; next
    }
    /^```/ && inblock { inblock = 0; flush(); next }
    inblock { print > file; next }
    /^<!-- exits [0-9]+ -->$/ { mark = $3; next }
    /^<!-- not run: .* -->$/ { sub(/^<!-- not run: /, ""); sub(/ -->$/, ""); mark = "skip: " $0; next }
    /[^[:space:]]/ { mark = "" }
  ' "$1"
}

failed=0 ran=0 skipped=0
for page in "${pages[@]}"; do
  dir="$work/pages/${page//\//_}"
  mkdir -p "$dir/blocks"
  blocks "$page" "$dir/blocks"
  shopt -s nullglob
  files=("$dir/blocks"/*.sh)
  shopt -u nullglob
  [ ${#files[@]} -gt 0 ] || continue
  cp -a "$work/tree" "$dir/clone"
  for f in "${files[@]}"; do
    read -r _ line want < <(head -1 "$f")
    if [[ $want == skip:* ]]; then
      echo "SKIP $page:$line (${want#skip: })"
      skipped=$((skipped + 1))
      continue
    fi
    start=$(date +%s)
    set +e
    (cd "$dir/clone" && timeout "$BLOCK_TIMEOUT" bash -e -o pipefail "$f") >"$f.log" 2>&1 </dev/null
    got=$?
    set -e
    ran=$((ran + 1))
    if [ "$got" = "$want" ]; then
      echo "PASS $page:$line ($(($(date +%s) - start)) s)"
    else
      echo "FAIL $page:$line: exit status $got, want $want"
      sed -n '2,$p' "$f" | sed 's/^/    | /'
      tail -n 30 "$f.log" | sed 's/^/    > /'
      failed=$((failed + 1))
    fi
  done
done
echo "test-docs: $ran blocks run, $failed failed, $skipped not run"
[ "$failed" -eq 0 ]
