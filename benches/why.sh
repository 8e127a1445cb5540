#!/usr/bin/env bash
# Times `shoshin why` on a generated repository of N decisions (default
# 10,000), each with `applies_to` patterns over its own module, and a code
# tree of one source file per module citing its decision in a comment.
#
#   benches/why.sh            # 10,000 decisions
#   benches/why.sh 2000       # another size
#
# Prints the median of 7 runs of `shoshin why` on one file, and the time of
# the query itself (after loading) from `--timings`. Needs cargo, python3.
set -euo pipefail
N="${1:-10000}"
here="$(cd "$(dirname "$0")" && pwd)"
cargo build --release --quiet --manifest-path "$here/../Cargo.toml"
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$here/../Cargo.toml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin="$target/release/shoshin"
repo="$target/bench-repos/why-$N"
if [ ! -f "$repo/.done" ]; then
  rm -rf "$repo"
  python3 - "$repo" "$N" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{root}/decisions")
for i in range(1, n + 1):
    module = f"m{i % 500:03d}/part{i}"
    status = "superseded" if i % 10 == 0 else "accepted"
    with open(f"{root}/decisions/ADR-{i:05d}.md", "w") as f:
        f.write(f"---\nid: ADR-{i:05d}\ntitle: Decision {i}\nstatus: {status}\ndate: 2026-01-01\n"
                f"deciders: [ana]\napplies_to: [src/{module}/**, 'src/m{i % 500:03d}/*.rs']\n---\n"
                f"## Context\nModule {module} works this way for reason {i}.\n")
    os.makedirs(f"{root}/src/{module}", exist_ok=True)
    with open(f"{root}/src/{module}/lib.rs", "w") as f:
        f.write(f"// Follows ADR-{i:05d}.\nfn f() {{}}\n")
open(f"{root}/.done", "w").close()
PY
  touch "$repo/.done"
fi
file="src/m123/part4123/lib.rs"
times=()
for _ in 1 2 3 4 5 6 7; do
  start=$(date +%s%N)
  "$bin" why --root "$repo" "$repo/$file" > /dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "shoshin why on $N decisions: median ${sorted[3]} ms (runs: ${times[*]})"
"$bin" --timings why --root "$repo" "$repo/$file" 2>&1 >/dev/null | sed 's/^/  /'
