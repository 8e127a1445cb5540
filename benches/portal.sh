#!/usr/bin/env bash
# A portal of N generated repositories of M items each against one
# repository of the same total size (benches/generate.py writes, per M
# items, M/4 decisions and M/20 sessions too; each repository with a short
# git history).
#
#   benches/portal.sh                 # 20 repositories x 500 items
#   benches/portal.sh 200 500         # the issue's size (100,000 items)
#   RUNS=5 BUILD=release benches/portal.sh 4 100
#
# Builds shoshin (the `profiling` profile, or BUILD=release / BUILD=debug;
# BIN=path uses that binary instead), generates the repositories once under
# the target folder, then prints one table of `shoshin build`, each row the
# median of RUNS runs (default 3) of wall-clock seconds, user and system CPU
# seconds, and peak memory:
#
#   portal, first build        nothing kept: no history cache in any
#                              repository, no reading kept by the portal
#   portal, nothing moved      the next build: every repository reused
#   one repository, first      the same records in one repository, nothing kept
#   one repository, rebuild    its next build (its history cache kept)
#
# OUT=folder writes the sites there (a tmpfs keeps disk writes out of the
# figures). Needs cargo, python3, git and GNU time (/usr/bin/time).
set -euo pipefail
N="${1:-20}"
M="${2:-500}"
RUNS="${RUNS:-3}"
here="$(cd "$(dirname "$0")" && pwd)"
profile="${BUILD:-profiling}"
manifest="$here/../Cargo.toml"
if [ -z "${BIN:-}" ]; then
  case "$profile" in
    debug) cargo build --quiet --manifest-path "$manifest" ;;
    *) cargo build --quiet --profile "$profile" --manifest-path "$manifest" ;;
  esac
fi
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$manifest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin="${BIN:-$target/$profile/shoshin}"
base="$target/bench-repos/portal-$N-x-$M"
portal="$base/portal"
single="$base/single-$((N * M))"
out="${OUT:-$base/out}"

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

# Forgets everything kept between builds of the portal, or of the single repository.
forget_portal() {
  rm -rf "$portal/.shoshin-portal/.reuse"
  for repo in "$base"/repos/*; do rm -rf "$repo/.git/shoshin"; done
}
forget_single() { rm -rf "$single/.git/shoshin"; }

# One build of $1 after running $2 (a command, or `true`): prints
# "wall user sys peak-MB".
once() {
  local dir="$1" before="$2" timing="$base/time"
  $before
  rm -rf "$out"
  /usr/bin/time -f '%e %U %S %M' -o "$timing" "$bin" --quiet build "$dir" -o "$out" > /dev/null
  awk '{printf "%s %s %s %.0f\n", $1, $2, $3, $4 / 1024}' "$timing"
}

# The median, column by column, of RUNS runs of `once "$@"`.
median() {
  for _ in $(seq 1 "$RUNS"); do once "$@"; done | python3 -c '
import sys, statistics
rows = [list(map(float, line.split())) for line in sys.stdin if line.strip()]
print(" ".join("%.2f" % statistics.median(column) for column in zip(*rows)))'
}

records() {
  find "$@" -path '*/.git' -prune -o -name '*.md' -path '*/items/*' -print -o -name '*.md' -path '*/decisions/*' -print -o -name '*.md' -path '*/sessions/*' -print | wc -l
}

portal_records="$(records "$base/repos")"
single_records="$(records "$single")"
read -r pf_wall pf_user pf_sys pf_peak < <(median "$portal" forget_portal)
# The first build after the medians above left everything kept.
read -r pr_wall pr_user pr_sys pr_peak < <(median "$portal" true)
reused="$("$bin" --quiet build "$portal" -o "$out" --timings 2>&1 | grep -c ': reused ' || true)"
read -r sf_wall sf_user sf_sys sf_peak < <(median "$single" forget_single)
read -r sr_wall sr_user sr_sys sr_peak < <(median "$single" true)

echo
echo "shoshin build ($profile), median of $RUNS runs; $(nproc) cores"
printf '%-42s %8s %8s %8s %8s %8s\n' "" records "wall s" "user s" "sys s" "peak MB"
row() { printf '%-42s %8s %8s %8s %8s %8s\n' "$@"; }
row "portal ($N x $M items), first build" "$portal_records" "$pf_wall" "$pf_user" "$pf_sys" "$pf_peak"
row "portal ($N x $M items), nothing moved" "$portal_records" "$pr_wall" "$pr_user" "$pr_sys" "$pr_peak"
row "one repository ($((N * M)) items), first" "$single_records" "$sf_wall" "$sf_user" "$sf_sys" "$sf_peak"
row "one repository ($((N * M)) items), rebuild" "$single_records" "$sr_wall" "$sr_user" "$sr_sys" "$sr_peak"
echo "repositories reused when nothing moved: $reused of $N"
rm -rf "$out"
