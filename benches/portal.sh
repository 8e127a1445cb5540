#!/usr/bin/env bash
# A portal of N generated repositories of M items each against one
# repository of the same total size (benches/generate.py writes, per M
# items, M/4 decisions and M/20 sessions too; each repository with a short
# git history).
#
#   benches/portal.sh                 # 20 repositories x 500 items
#   benches/portal.sh 200 500         # the issue's size (100,000 items)
#   BUILD=debug benches/portal.sh 4 100
#
# Builds shoshin (release, or the debug build with BUILD=debug), generates
# the repositories once under the target folder, then for the portal and
# the single repository prints one table: wall-clock seconds, user
# instructions (perf stat, when perf is allowed) and peak memory (GNU time).
# Needs cargo, python3, git; perf and /usr/bin/time are used when present.
set -euo pipefail
N="${1:-20}"
M="${2:-500}"
here="$(cd "$(dirname "$0")" && pwd)"
profile="${BUILD:-release}"
if [ "$profile" = release ]; then
  cargo build --release --quiet --manifest-path "$here/../Cargo.toml"
else
  cargo build --quiet --manifest-path "$here/../Cargo.toml"
fi
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$here/../Cargo.toml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin="$target/$profile/shoshin"
base="$target/bench-repos/portal-$N-x-$M"
portal="$base/portal"
single="$base/single-$((N * M))"

if [ ! -f "$base/.done" ]; then
  rm -rf "$base"
  mkdir -p "$portal"
  {
    echo "title: Portal of $N repositories"
    echo "history: { enabled: true }"
    echo "repositories:"
  } > "$portal/shoshin.yaml"
  for i in $(seq 1 "$N"); do
    name="$(printf 'team-%03d' "$i")"
    python3 "$here/generate.py" "$base/repos/$name" --items "$M" --seed "$i" --git 10 > /dev/null
    printf '  - name: %s\n    path: ../repos/%s\n' "$name" "$name" >> "$portal/shoshin.yaml"
  done
  python3 "$here/generate.py" "$single" --items "$((N * M))" --git 10 > /dev/null
  touch "$base/.done"
fi

# One run: prints "seconds instructions peak-MB" for `shoshin build` in $1.
measure() {
  local dir="$1" out="$base/out" stats="$base/stats" timing="$base/time"
  rm -rf "$out"
  local start end instructions="-" peak="-"
  start="$(date +%s.%N)"
  if command -v perf > /dev/null && perf stat -x, -e instructions:u true > /dev/null 2>&1; then
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%M' -o "$timing" perf stat -x, -e instructions:u -o "$stats" "$bin" --quiet build "$dir" -o "$out" > /dev/null
      peak="$(awk '{printf "%.0f", $1 / 1024}' "$timing")"
    else
      perf stat -x, -e instructions:u -o "$stats" "$bin" --quiet build "$dir" -o "$out" > /dev/null
    fi
    # "<not supported>" where the machine gives no counters (a VM): "-".
    instructions="$(awk -F, '/instructions/ { if ($1 ~ /^[0-9]/) printf "%.2fG", $1 / 1e9; else printf "-" }' "$stats")"
  elif [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$timing" "$bin" --quiet build "$dir" -o "$out" > /dev/null
    peak="$(awk '{printf "%.0f", $1 / 1024}' "$timing")"
  else
    "$bin" --quiet build "$dir" -o "$out" > /dev/null
  fi
  end="$(date +%s.%N)"
  echo "$(echo "$end - $start" | bc -l | xargs printf '%.2f') $instructions $peak"
}

records() {
  find "$@" -path '*/.git' -prune -o -name '*.md' -path '*/items/*' -print -o -name '*.md' -path '*/decisions/*' -print -o -name '*.md' -path '*/sessions/*' -print | wc -l
}

portal_records="$(records "$base/repos")"
single_records="$(records "$single")"
# A first build of each fills the history caches (`.git/shoshin/`); the
# figures are of the second, as a scheduled portal build finds them.
measure "$portal" > /dev/null
measure "$single" > /dev/null
read -r p_seconds p_instructions p_peak < <(measure "$portal")
read -r s_seconds s_instructions s_peak < <(measure "$single")
printf '\n%-34s %10s %8s %14s %10s\n' "build ($profile)" records seconds instructions "peak MB"
printf '%-34s %10s %8s %14s %10s\n' "portal: $N repositories x $M items" "$portal_records" "$p_seconds" "$p_instructions" "$p_peak"
printf '%-34s %10s %8s %14s %10s\n' "one repository of $((N * M)) items" "$single_records" "$s_seconds" "$s_instructions" "$s_peak"
