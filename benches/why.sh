#!/usr/bin/env bash
# Times `shoshin why` on a generated repository of N decisions (default
# 10,000), each with two `applies_to` patterns over its own module
# (`src/mNNN/partI/**` and `src/mNNN/*.rs`), and a code tree of one source
# file per decision citing it in a comment, in a git repository (the why
# index lives in its git folder). See benches/README.md.
#
#   benches/why.sh                 # 10,000 decisions, release build
#   benches/why.sh 2000            # another size
#   SHOSHIN_BIN=path/to/shoshin benches/why.sh
#   BENCH_CALLGRIND=1 benches/why.sh   # also count instructions (valgrind)
#   BENCH_LAYOUT=apart benches/why.sh   # the records in a folder of their own
#
# The layout: `together` (default) makes the code tree the records root,
# as when shoshin runs at the top of a repository, so `why` checks all its
# folders for new records; `apart` keeps the decisions in `records/` (the
# records root, with `code_root: ..`) beside the code.
#
# Prints a Markdown table: for a file and for a folder, cold (no why index:
# `.git/shoshin` deleted before each run) and warm (the index of the run
# before), the median, minimum and maximum wall time and the median user +
# system CPU time of BENCH_RUNS runs (default 7), with the target (50 ms at
# 10,000 decisions); then the phases of one warm run (`--timings`).
# Needs cargo (unless SHOSHIN_BIN is set), git and python3.
set -euo pipefail
N="${1:-10000}"
RUNS="${BENCH_RUNS:-7}"
here="$(cd "$(dirname "$0")" && pwd)"
manifest="$here/../Cargo.toml"
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$manifest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
if [ -n "${SHOSHIN_BIN:-}" ]; then
  bin="$SHOSHIN_BIN"
else
  cargo build --release --locked --quiet --manifest-path "$manifest"
  bin="$target/release/shoshin"
fi
LAYOUT="${BENCH_LAYOUT:-together}"
case "$LAYOUT" in
  together) repo="$target/bench-repos/why-$N"; records="$repo" ;;
  apart) repo="$target/bench-repos/why-$N-apart"; records="$repo/records" ;;
  *) echo "BENCH_LAYOUT is together or apart" >&2; exit 2 ;;
esac
if [ ! -f "$repo/.done" ]; then
  rm -rf "$repo"
  python3 - "$repo" "$N" "$records" <<'PY'
import os, sys
root, n, records = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(f"{records}/decisions")
if records != root:
    with open(f"{records}/shoshin.yaml", "w") as f:
        f.write("code_root: ..\n")
for i in range(1, n + 1):
    module = f"m{i % 500:03d}/part{i}"
    status = "superseded" if i % 10 == 0 else "accepted"
    with open(f"{records}/decisions/ADR-{i:05d}.md", "w") as f:
        f.write(f"---\nid: ADR-{i:05d}\ntitle: Decision {i}\nstatus: {status}\ndate: 2026-01-01\n"
                f"deciders: [ana]\napplies_to: [src/{module}/**, 'src/m{i % 500:03d}/*.rs']\n---\n"
                f"## Context\nModule {module} works this way for reason {i}.\n")
    os.makedirs(f"{root}/src/{module}", exist_ok=True)
    with open(f"{root}/src/{module}/lib.rs", "w") as f:
        f.write(f"// Follows ADR-{i:05d}.\nfn f() {{}}\n")
open(f"{root}/.done", "w").close()
PY
fi
# The why index is kept in the git folder: the repository must be one.
[ -d "$repo/.git" ] || git init -q "$repo"
# A decision near the end, its module's file and its module's folder.
i=$(( N - 77 > 0 ? N - 77 : N ))
module="$(printf 'm%03d' $(( i % 500 )))"
file="src/$module/part$i/lib.rs"
folder="src/$module"

# Runs `why` on $1 once; cold ($2 = cold) without the why index.
why_once() {
  [ "$2" = cold ] && rm -rf "$repo/.git/shoshin"
  # Exit 1 (nothing matched) would still be timed: no path here is unmatched.
  "$bin" why --root "$records" "$repo/$1" > /dev/null || true
}

# The median, minimum and maximum wall time of RUNS runs of `why` on $1
# ($2 = cold or warm) in ms, then the median user + system CPU time in ms.
# Timed from Python, to the millisecond (`/usr/bin/time` counts in 10 ms
# steps), with the CPU time of the finished run from the kernel.
time_why() {
  [ "$2" = warm ] && why_once "$1" cold
  python3 - "$RUNS" "$2" "$repo" "$bin" "$records" "$repo/$1" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time
runs, mode, repo, command = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
walls, cpus = [], []
for _ in range(runs):
    if mode == "cold":
        shutil.rmtree(os.path.join(repo, ".git", "shoshin"), ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([command[0], "why", "--root", *command[1:]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append((time.perf_counter() - start) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
print(round(statistics.median(walls)), round(min(walls)), round(max(walls)), round(statistics.median(cpus)))
PY
}

# Instructions `why` on $1 ($2 = cold or warm) executes, counted by
# callgrind: the same on a busy machine as on a quiet one.
count_why() {
  local out
  out="$(mktemp -d)"
  why_once "$1" "$2"
  [ "$2" = cold ] && rm -rf "$repo/.git/shoshin"
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" why --root "$records" "$repo/$1" \
    > /dev/null 2> "$out/log" || true
  grep -o 'Collected : [0-9]*' "$out/log" | grep -o '[0-9]*$'
  rm -rf "$out"
}

commit="$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "shoshin why: $N decisions ($(( N * 2 )) patterns), $N source files, layout $LAYOUT; $("$bin" --version), commit $commit, $(nproc) cores"
echo
if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
  echo "| path | index | wall ms (median) | min | max | CPU ms (median) | instructions | target |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
else
  echo "| path | index | wall ms (median) | min | max | CPU ms (median) | target |"
  echo "|---|---|---:|---:|---:|---:|---:|"
fi
goal="50 ms"
[ "$N" = 10000 ] || goal="(50 ms at 10,000)"
for path in "$file" "$folder"; do
  for state in cold warm; do
    read -r median min max cpu < <(time_why "$path" "$state")
    if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
      echo "| \`$path\` | $state | $median | $min | $max | $cpu | $(count_why "$path" "$state") | $goal |"
    else
      echo "| \`$path\` | $state | $median | $min | $max | $cpu | $goal |"
    fi
  done
done
echo
echo "Phases of one warm run on \`$file\` (\`--timings\`):"
echo
why_once "$file" warm
"$bin" --timings why --root "$records" "$repo/$file" 2>&1 >/dev/null | sed 's/^/    /'
