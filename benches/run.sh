#!/usr/bin/env bash
# Times `shoshin check` and `shoshin build` on generated records repositories.
#
#   benches/run.sh [SIZES...]        default sizes: 1000 10000 (items)
#
# Environment (all optional):
#   SHOSHIN_BIN=path   time this binary instead of building target/profiling/shoshin
#   BENCH_RUNS=3       runs per command (the table shows the median wall time, max RSS)
#   BENCH_SEED=1       generator seed
#   BENCH_COMMITS=n    commits of git history in each generated repository;
#                      default N/5 (at least 20); 0 = plain directory, no git
#   BENCH_HUGO=0       skip the Hugo comparison (default: run it when `hugo` is installed)
#   BENCH_ZOLA=path    the Zola binary to compare with (default: `zola` on PATH;
#                      skipped with a note when there is none); BENCH_ZOLA=0 skips it
#   BENCH_PLAIN=0      skip the build of a copy that is not a git repository
#   BENCH_SERVE=0      skip the `serve` edit-to-reload timing (needs cargo)
#   BENCH_OUT=DIR      write the built sites under DIR (e.g. a tmpfs such as
#                      /dev/shm, to time shoshin and Hugo without the disk);
#                      default: a temporary folder in the target directory
#
# The Markdown table goes to stdout (and to <target>/bench-results.md);
# progress and notes go to stderr. See benches/README.md.
set -euo pipefail
export LC_ALL=C # decimal points and sort order in the numbers below

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
generator=$script_dir/generate.py

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

case ${1:-} in
-h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
esac

if [[ $# -gt 0 ]]; then
    sizes=("$@")
else
    sizes=(1000 10000)
fi
for n in "${sizes[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "size '$n' is not a positive whole number of items"
done

runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive whole number"
[[ $seed =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a whole number"
if [[ -n ${BENCH_COMMITS:-} && ! ${BENCH_COMMITS} =~ ^[0-9]+$ ]]; then
    die "BENCH_COMMITS must be a whole number (0 for no git history)"
fi

command -v python3 >/dev/null || die "python3 is needed to generate the repositories"

# Cargo's target directory (honours CARGO_TARGET_DIR and .cargo/config).
target_dir=
if command -v cargo >/dev/null; then
    target_dir=$(cd "$repo_root" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null) || target_dir=
fi
if [[ -z $target_dir ]]; then
    target_dir=${CARGO_TARGET_DIR:-target}
    [[ $target_dir == /* ]] || target_dir=$repo_root/$target_dir
fi

# ---- the binary
if [[ -n ${SHOSHIN_BIN:-} ]]; then
    bin=$SHOSHIN_BIN
    if [[ $bin != */* ]]; then
        bin=$(type -P "$bin") || die "SHOSHIN_BIN=$SHOSHIN_BIN not found on PATH"
    fi
    say "using SHOSHIN_BIN=$bin (not building)"
else
    command -v cargo >/dev/null || die "cargo not found (set SHOSHIN_BIN to time an existing binary)"
    # The `profiling` profile is the release build with line tables and
    # symbols kept: the same code, and a binary perf can name functions in.
    say "building the release binary (profile profiling)"
    (cd "$repo_root" && cargo build --profile profiling) >&2
    bin=$target_dir/profiling/shoshin
fi
[[ -x $bin ]] || die "$bin is not an executable file"

# ---- the timer
if /usr/bin/time -v true >/dev/null 2>&1; then
    have_gnu_time=1
else
    have_gnu_time=0
    say "note: GNU /usr/bin/time not found (or has no -v); timing with bash's 'time', peak RSS not measured"
    say "      (Debian/Ubuntu: apt-get install time)"
fi

mkdir -p "$target_dir/bench-repos"
work=$(mktemp -d "$target_dir/bench-tmp.XXXXXX")
gen_tmp=
out=
plain=
cleanup() {
    rm -rf "$work"
    if [[ -n $out ]]; then rm -rf "$out"; fi
    if [[ -n $plain ]]; then rm -rf "$plain"; fi
    if [[ -n $gen_tmp ]]; then rm -rf "$gen_tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

generator_hash=$(python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()[:16])' "$generator")

# ensure_repo N COMMITS -> path of a generated repository for N items (cached)
ensure_repo() {
    local n=$1 commits=$2 dir stamp want
    dir=$target_dir/bench-repos/$n
    stamp=$target_dir/bench-repos/$n.stamp
    want="generator=$generator_hash items=$n seed=$seed commits=$commits"
    if [[ -d $dir && -f $stamp && $(<"$stamp") == "$want" ]]; then
        say "size $n: using cached $dir"
    else
        say "size $n: generating ($want)"
        rm -f "$stamp"
        gen_tmp=$(mktemp -d "$target_dir/bench-repos/.gen.XXXXXX")
        local git_args=()
        if [[ $commits -gt 0 ]]; then git_args=(--git "$commits"); fi
        python3 "$generator" "$gen_tmp" --items "$n" --seed "$seed" ${git_args[@]+"${git_args[@]}"} ||
            die "generator failed for size $n"
        rm -rf "$dir"
        chmod 755 "$gen_tmp"
        mv "$gen_tmp" "$dir"
        gen_tmp=
        printf '%s\n' "$want" >"$stamp"
    fi
    repo=$dir
}

# markdown_mb DIR -> size of the *.md files outside .git, in MB (10^6 bytes)
markdown_mb() {
    local bytes
    bytes=$(find "$1" -name .git -prune -o -type f -name '*.md' -exec cat {} + | wc -c)
    awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }'
}

# measure LOG CMD... -> sets m_wall (s), m_cpu (user + system s, or empty),
# m_rss (kB or empty), m_rc
measure() {
    local log=$1 tfile=$work/time.txt wfile=$work/wall.txt
    shift
    local TIMEFORMAT=%R
    m_rc=0
    rm -f "$tfile"
    if [[ $have_gnu_time == 1 ]]; then
        { time /usr/bin/time -v -o "$tfile" "$@" >"$log" 2>&1; } 2>"$wfile" || m_rc=$?
        m_rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tfile" 2>/dev/null || true)
        m_cpu=$(awk -F: '/(User|System) time \(seconds\)/ { t += $2; n++ } END { if (n) printf "%.3f", t }' "$tfile" 2>/dev/null || true)
    else
        { time "$@" >"$log" 2>&1; } 2>"$wfile" || m_rc=$?
        m_rss=
        m_cpu=
    fi
    m_wall=$(tail -n 1 "$wfile")
}

# median of the arguments (numbers)
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rows=()
notes=()
ratios=()

# bench SIZE LABEL MDMB PREP CMD...  (PREP: "clean-out" removes $out before
# each run; "cold-history" removes $out and whatever shoshin keeps in
# $repo/.git/shoshin, so that history is read from git in full, as on a
# fresh clone)
bench() {
    local size=$1 label=$2 mdmb=$3 prep=$4
    shift 4
    local walls=() cpus=() rsss=() rcs=() i log=$work/$size-${label// /_}.log
    for ((i = 1; i <= runs; i++)); do
        if [[ $prep == clean-out || $prep == cold-history ]]; then rm -rf "$out"; fi
        if [[ $prep == cold-history ]]; then rm -rf "$repo/.git/shoshin"; fi
        # Each run starts with nothing left for the disk to write from the one before.
        sync
        measure "$log" "$@"
        walls+=("$m_wall")
        if [[ -n $m_cpu ]]; then cpus+=("$m_cpu"); fi
        if [[ -n $m_rss ]]; then rsss+=("$m_rss"); fi
        rcs+=("$m_rc")
        say "  $label run $i: ${m_wall}s${m_cpu:+ (CPU ${m_cpu}s)}, exit $m_rc${m_rss:+, ${m_rss} kB}"
    done
    local wall cpu=n/a rss rc
    wall=$(median "${walls[@]}")
    last_cpu=
    if [[ ${#cpus[@]} -gt 0 ]]; then
        last_cpu=$(median "${cpus[@]}")
        cpu=$(printf '%.3f' "$last_cpu")
    fi
    if [[ ${#rsss[@]} -gt 0 ]]; then
        rss=$(printf '%s\n' "${rsss[@]}" | sort -n | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }')
    else
        rss=n/a
    fi
    rc=$(printf '%s\n' "${rcs[@]}" | sort -un | paste -sd, -)
    if [[ $rc != 0 ]]; then
        say "  $label exited $rc; last lines of its output:"
        tail -n 5 "$log" | sed 's/^/    | /' >&2
        notes+=("size $size, \`$label\` exited $rc: $(tail -n 1 "$log" | cut -c1-160)")
    fi
    rows+=("| $size | \`$label\` | $(printf '%.3f' "$wall") | $cpu | $rss | $rc | $mdmb |")
    last_wall=$wall
}

# hugo_site REPO KINDS -> a Hugo site in $work whose content is REPO, with
# minimal templates (a page's title and rendered body; a list's titles and
# links). KINDS says which of Hugo's outputs it writes:
#   site   the kinds of output shoshin's site has: a page per record, a list
#          per folder, a page per tag and the tags' list, one feed of the
#          latest 200 pages (shoshin's feed.xml holds 200 decisions), a
#          sitemap and a 404 page. Hugo's defaults would add a feed per
#          folder and per tag of every page in it.
#   pages  a page per record and a list per folder only (earlier rounds).
hugo_site() {
    local site=$work/hugo-site
    rm -rf "$site"
    mkdir -p "$site/layouts/_default"
    case $2 in
    site)
        cat >"$site/config.toml" <<HUGO
baseURL = "http://example.org/"
title = "benchmark"
contentDir = "$1"
rssLimit = 200
disableKinds = ["robotsTXT"]
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
HUGO
        ;;
    pages)
        cat >"$site/config.toml" <<HUGO
baseURL = "http://example.org/"
title = "benchmark"
contentDir = "$1"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
HUGO
        ;;
    *) die "hugo_site: unknown kinds '$2'" ;;
    esac
    local head='<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>'
    printf '%s\n' "$head{{ .Content }}</body></html>" >"$site/layouts/_default/single.html"
    printf '%s\n' "$head<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>" \
        >"$site/layouts/_default/list.html"
    cp "$site/layouts/_default/list.html" "$site/layouts/index.html"
    hugo_dir=$site
}

use_hugo=0
if [[ ${BENCH_HUGO:-1} != 0 ]]; then
    if command -v hugo >/dev/null; then
        use_hugo=1
        say "comparing with $(hugo version | head -n 1)"
    else
        say "note: hugo not found (Debian: apt-get install hugo); no comparison"
    fi
fi
# zola_site REPO -> a Zola site in $work whose content is REPO's records,
# converted (outside the timed runs) into the front matter Zola reads: title,
# date and tags, the body as it is. Minimal templates, as for Hugo: a page's
# title and rendered body; a list's titles and links. It writes the kinds of
# output shoshin's site has: a page per record, a section per folder, a page
# per tag and the tags' list, one Atom feed of the latest 200 pages
# (shoshin's feed.xml holds 200 decisions), a sitemap and a 404 page (Zola's
# built-in ones), and robots.txt.
zola_site() {
    local site=$work/zola-site
    rm -rf "$site"
    mkdir -p "$site/templates" "$site/content"
    cat >"$site/config.toml" <<ZOLA
base_url = "http://example.org"
title = "benchmark"
compile_sass = false
build_search_index = false
generate_feeds = true
feed_limit = 200
taxonomies = [{ name = "tags" }]
ZOLA
    python3 - "$1" "$site/content" <<'PY' || die "could not convert $1 into a Zola site"
import json, os, re, sys

root, content = sys.argv[1], sys.argv[2]
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")

def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1]
    return v

def toml(v):
    return json.dumps(v, ensure_ascii=False)

for top in ("items", "decisions", "sessions"):
    os.makedirs(os.path.join(content, top), exist_ok=True)
    with open(os.path.join(content, top, "_index.md"), "w") as f:
        f.write("+++\ntitle = %s\n+++\n" % toml(top))
with open(os.path.join(content, "_index.md"), "w") as f:
    f.write("+++\ntitle = \"benchmark\"\n+++\n")
for top in ("items", "decisions", "sessions"):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for name in files:
            if not name.endswith(".md"):
                continue
            text = open(os.path.join(dirpath, name), encoding="utf-8").read()
            fields, tags, body, key = {}, [], text, None
            if text.startswith("---\n"):
                end = text.find("\n---\n", 3)
                if end > 0:
                    body = text[end + 5:]
                    for line in text[4:end].split("\n"):
                        if line.startswith("  - ") and key == "tags":
                            tags.append(unquote(line[4:]))
                            continue
                        key, _, value = line.partition(":")
                        key, value = key.strip(), value.strip()
                        if key == "tags" and value.startswith("["):
                            tags = [unquote(t) for t in value.strip("[]").split(",") if t.strip()]
                        elif key == "tags" and value:
                            tags = [unquote(value)]
                        elif key in ("title", "date"):
                            fields[key] = unquote(value)
            front = ["title = %s" % toml(fields.get("title", name[:-3]))]
            date = DATE.match(fields.get("date", ""))
            if date:
                front.append("date = %s" % date.group(1))
            if tags:
                front.append("[taxonomies]\ntags = [%s]" % ", ".join(toml(t) for t in tags))
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            os.makedirs(os.path.dirname(os.path.join(content, rel)), exist_ok=True)
            with open(os.path.join(content, rel), "w", encoding="utf-8") as f:
                f.write("+++\n%s\n+++\n%s" % ("\n".join(front), body))
PY
    local head='<!doctype html><html><head><meta charset="utf-8"><title>{{ TITLE }}</title></head><body><h1>{{ TITLE }}</h1>'
    local list='<ul>{% for p in PAGES %}<li><a href="{{ p.path }}">{{ p.title }}</a></li>{% endfor %}</ul></body></html>'
    printf '%s\n' "${head//TITLE/page.title}{{ page.content | safe }}</body></html>" >"$site/templates/page.html"
    printf '%s\n' "${head//TITLE/section.title}${list//PAGES/section.pages}" >"$site/templates/section.html"
    printf '%s\n' "${head//TITLE/section.title}<ul>{% for s in section.subsections %}<li>{{ s }}</li>{% endfor %}</ul></body></html>" \
        >"$site/templates/index.html"
    printf '%s\n' "${head//TITLE/taxonomy.name}<ul>{% for t in terms %}<li><a href=\"{{ t.path }}\">{{ t.name }}</a> {{ t.pages | length }}</li>{% endfor %}</ul></body></html>" \
        >"$site/templates/taxonomy_list.html"
    printf '%s\n' "${head//TITLE/term.name}${list//PAGES/term.pages}" >"$site/templates/taxonomy_single.html"
    zola_dir=$site
}

use_zola=0
zola_version=
if [[ ${BENCH_ZOLA:-} != 0 ]]; then
    zola_bin=${BENCH_ZOLA:-zola}
    if [[ $zola_bin != */* ]]; then zola_bin=$(type -P "$zola_bin" || true); fi
    if [[ -n $zola_bin && -x $zola_bin ]]; then
        use_zola=1
        zola_version=$("$zola_bin" --version | head -n 1)
        say "comparing with $zola_version ($zola_bin)"
    else
        say "note: zola not found (set BENCH_ZOLA=path, or put zola on PATH); no Zola comparison"
    fi
fi
use_plain=0
if [[ ${BENCH_PLAIN:-1} != 0 ]]; then use_plain=1; fi
use_serve=0
if [[ ${BENCH_SERVE:-1} != 0 ]]; then
    if [[ -z ${SHOSHIN_BIN:-} ]] && command -v cargo >/dev/null; then
        use_serve=1
        (cd "$repo_root" && cargo build --release --bench serve_reload) >&2
    else
        say "note: the serve timing needs cargo and the binary it builds; skipped with SHOSHIN_BIN"
    fi
fi

for n in "${sizes[@]}"; do
    commits=${BENCH_COMMITS:-$((n / 5 > 20 ? n / 5 : 20))}
    ensure_repo "$n" "$commits"
    mdmb=$(markdown_mb "$repo")
    out=${BENCH_OUT:-$work}/shoshin-bench-site-$n
    say "size $n: $repo ($mdmb MB of Markdown)"
    if [[ -d $repo/.git ]]; then
        # History read from git in full and every record parsed, as in a
        # fresh clone: the first run on a repository, and every run in a CI
        # that does not keep .git/shoshin.
        bench "$n" "check (nothing cached)" "$mdmb" cold-history "$bin" check "$repo"
        bench "$n" "build (cold, nothing cached)" "$mdmb" cold-history "$bin" build "$repo" -o "$out"
        shoshin_first="$last_wall $last_cpu"
    else
        shoshin_first=
    fi
    # From here on, shoshin finds what the runs above kept in .git/shoshin
    # (the history; a repository without git keeps nothing).
    bench "$n" "check" "$mdmb" none "$bin" check "$repo"
    bench "$n" "build (cold)" "$mdmb" clean-out "$bin" build "$repo" -o "$out"
    if [[ ! -d $out ]]; then
        notes+=("size $n: the cold build left no output folder, so the second build ran cold as well")
    fi
    shoshin_cold=$last_wall
    shoshin_cold_pair="$last_wall $last_cpu"
    bench "$n" "build (over existing output)" "$mdmb" none "$bin" build "$repo" -o "$out"
    shoshin_over="$last_wall $last_cpu"
    if [[ -d $repo/.git ]]; then
        # The same build without reading git history, to see what history costs.
        cp "$repo/shoshin.yaml" "$work/shoshin.yaml.saved"
        printf 'history:\n  enabled: false\n' >>"$repo/shoshin.yaml"
        bench "$n" "build (history off)" "$mdmb" clean-out "$bin" build "$repo" -o "$out"
        cp "$work/shoshin.yaml.saved" "$repo/shoshin.yaml"
    fi
    rm -rf "$out"
    shoshin_plain=
    if [[ $use_plain == 1 && -d $repo/.git ]]; then
        # The same records in a folder that is not a git repository (a copy
        # without .git, outside any checkout): no history and nothing cached.
        plain=$(mktemp -d "${TMPDIR:-/tmp}/shoshin-bench-plain.XXXXXX")
        tar -C "$repo" --exclude=./.git -cf - . | tar -C "$plain" -xf -
        if git -C "$plain" rev-parse --git-dir >/dev/null 2>&1; then
            notes+=("size $n: $plain lies inside a git repository; the build of a folder that is not one was skipped")
        else
            bench "$n" "check (not a git repository)" "$mdmb" none "$bin" check "$plain"
            bench "$n" "build (not a git repository)" "$mdmb" clean-out "$bin" build "$plain" -o "$out"
            shoshin_plain="$last_wall $last_cpu"
        fi
        rm -rf "$out" "$plain"
        plain=
    fi
    if [[ $use_serve == 1 ]]; then
        say "  serve: timing one-file edits until the browser's reload message"
        serve_log=$work/$n-serve.log
        if (cd "$repo_root" && cargo bench --bench serve_reload -- "$repo" 7) >"$serve_log" 2>&1; then
            read -r serve_median serve_max < <(tail -n 1 "$serve_log")
            rows+=("| $n | \`serve: edit → reload of the edited record's page\` (median of 7, max $(printf '%.3f' "$(awk -v m="$serve_max" 'BEGIN { print m / 1000 }')")) | $(awk -v m="$serve_median" 'BEGIN { printf "%.3f", m / 1000 }') | n/a | n/a | 0 | $mdmb |")
            backlog_median= backlog_max=
            read -r _ backlog_median backlog_max < <(grep '^backlog: [0-9]' "$serve_log" | tail -n 1) || true
            if [[ -n ${backlog_median:-} ]]; then
                rows+=("| $n | \`serve: edit → reload of a page showing the backlog\` (median of 7, max $(printf '%.3f' "$(awk -v m="$backlog_max" 'BEGIN { print m / 1000 }')")) | $(awk -v m="$backlog_median" 'BEGIN { printf "%.3f", m / 1000 }') | n/a | n/a | 0 | $mdmb |")
            fi
        else
            notes+=("size $n: the serve timing failed: $(tail -n 1 "$serve_log" | cut -c1-160)")
        fi
    fi
    if [[ $use_hugo == 1 ]]; then
        # The ratio compares like with like: Hugo writing the kinds of output
        # shoshin's site has. Hugo writing only pages and folder lists is
        # timed as well, as earlier rounds compared with it.
        for kinds in site pages; do
            hugo_site "$repo" "$kinds"
            case $kinds in
            site) label="hugo build (cold, minimal templates, the site's kinds of output)" ;;
            pages) label="hugo build (cold, minimal templates, pages and folder lists only)" ;;
            esac
            bench "$n" "$label" "$mdmb" clean-out hugo --quiet -s "$hugo_dir" -d "$out"
            rm -rf "$out"
            ratios+=("size $n: shoshin build (cold) / $label = $(awk -v s="$shoshin_cold" -v h="$last_wall" 'BEGIN { printf "%.3f", s / h }')")
        done
    fi
    if [[ $use_zola == 1 ]]; then
        # Zola has no cache: each run builds everything, as shoshin's first
        # build does. Its content folder is written before the timed runs.
        zola_site "$repo"
        label="zola build (minimal templates, the site's kinds of output)"
        bench "$n" "$label" "$mdmb" clean-out "$zola_bin" --root "$zola_dir" build --output-dir "$out"
        rm -rf "$out"
        zola_wall=$last_wall zola_cpu=$last_cpu
        # ratio "WALL [CPU]" -> "w.www", with " (CPU time c.ccc)" when both CPU times are known
        ratio() {
            local w=${1%% *} c=
            if [[ $1 == *" "* ]]; then c=${1#* }; fi
            awk -v s="$w" -v z="$zola_wall" 'BEGIN { printf "%.3f", s / z }'
            if [[ -n $c && -n $zola_cpu ]]; then
                awk -v s="$c" -v z="$zola_cpu" 'BEGIN { printf " (CPU time %.3f)", s / z }'
            fi
        }
        if [[ -n $shoshin_first ]]; then
            ratios+=("size $n: shoshin build (cold, nothing cached) / zola build = $(ratio "$shoshin_first")")
        fi
        ratios+=("size $n: shoshin build (cold) / zola build = $(ratio "$shoshin_cold_pair")")
        ratios+=("size $n: shoshin build (over existing output) / zola build = $(ratio "$shoshin_over")")
        if [[ -n $shoshin_plain ]]; then
            ratios+=("size $n: shoshin build (not a git repository) / zola build = $(ratio "$shoshin_plain")")
        fi
    fi
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
version=$("$bin" --version 2>/dev/null | head -n 1 || true)
commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo "no commit")

{
    echo "shoshin benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): ${version:-$bin} (source $commit);" \
        "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores${cpu:+, $cpu}; runs per command: $runs; seed $seed${zola_version:+; compared with $zola_version}"
    echo
    echo "| size (items) | command | wall s (median) | CPU s (median) | peak RSS MB (max) | exit | Markdown MB |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    if [[ ${#ratios[@]} -gt 0 ]]; then
        echo
        printf -- '- %s\n' "${ratios[@]}"
    fi
    if [[ ${#notes[@]} -gt 0 ]]; then
        echo
        printf -- '- %s\n' "${notes[@]}"
    fi
    if [[ $have_gnu_time == 0 ]]; then
        echo
        echo "- peak RSS not measured: GNU /usr/bin/time was not available"
    fi
} | tee "$target_dir/bench-results.md"
