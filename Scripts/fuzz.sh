#!/usr/bin/env bash
# libFuzzer + AddressSanitizer fuzzing of the parsers that read files rapport did not write:
#   instrument   InstrumentLoader (instrument JSON), then scoring and answer parsing
#   record       record / draft / summary / client / config decoders, the fast summary decoder
#                (checked against JSONDecoder), record ids, dates, client ids
#   csv          SeriesCSV, the reader of `rapport chart --csv` (Formats; compiled with ScreenKit)
# The targets are compiled straight from the sources with swiftc (outside the package graph, so
# swift-crypto is not rebuilt with sanitizers). Not part of CI.
#
# Usage: Scripts/fuzz.sh [RUNS=1000000] [TARGET...]     (default: every target available)
# Crashing inputs go to .build/fuzz/crashes-<target>/; the corpus grows in .build/fuzz/corpus-<target>/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-1000000}
shift || true
OUT=${FUZZ_BUILD:-$ROOT/.build/fuzz}
export SWIFT_BACKTRACE=enable=no   # the Swift backtracer trips ASan after a fatalError
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g)
mkdir -p "$OUT"
BUILD_LOG=$OUT/build.log
: >"$BUILD_LOG"
# swiftc with the build output (ld.gold warns about every ASan helper symbol) kept in a log.
sc() { swiftc "$@" >>"$BUILD_LOG" 2>&1 || { grep -E "error" "$BUILD_LOG" | head -20 >&2; exit 1; }; }
cd "$ROOT"

targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(instrument record)
    [[ -f Sources/Formats/Series/SeriesCSV.swift ]] && targets+=(csv)
fi

build_module() { # name, source dir
    local name=$1 dir=$2
    echo "fuzz: building $name with -sanitize=fuzzer,address"
    # shellcheck disable=SC2046
    sc "${FLAGS[@]}" -module-name "$name" -I "$OUT" -emit-library -static -emit-module \
        -emit-module-path "$OUT/$name.swiftmodule" -o "$OUT/lib$name.a" $(find "$dir" -name '*.swift' | sort)
}

seed() { # target, corpus dir
    local target=$1 corpus=$2
    mkdir -p "$corpus"
    [[ -n $(ls -A "$corpus") ]] && return 0
    case $target in
    instrument) cp assets/instruments/*.json "$corpus/" ;;
    record)
        local bin=$ROOT/.build/debug/rapport tmp
        tmp=$(mktemp -d)
        if [[ -x $bin ]]; then
            RAPPORT_ASSETS=$ROOT/assets "$bin" demo --unsealed --clients 2 --sessions 3 --data-dir "$tmp/d" >/dev/null
            RAPPORT_ASSETS=$ROOT/assets "$bin" debug save-draft --client "$(ls "$tmp/d/clients" | head -1)" --session 9 \
                --instrument wai-sr --answers 1,2,,4,5,,,,,,, --data-dir "$tmp/d" >/dev/null
            local n=0
            while IFS= read -r f; do n=$((n + 1)); cp "$f" "$corpus/seed-$n.json"; done < <(find "$tmp/d" -name '*.json' | head -40)
        fi
        printf '{"schemaVersion":1}' >"$corpus/minimal.json"
        rm -rf "$tmp"
        ;;
    csv)
        printf 'session,goal,task,bond\n1,2.91,3.0,3.62\n2,,3.05,3.56\n' >"$corpus/basic.csv"
        printf '\xef\xbb\xbf"session","a ""quoted"" name"\r\n3,1e3\r\n\r\n1,-2\r\n' >"$corpus/quoted.csv"
        ;;
    esac
}

# Numbers (the one number formatter) is imported by Instruments and ScreenKit, so it is built first.
[[ -f $OUT/libNumbers.a && -z ${FUZZ_REBUILD:-} ]] || build_module Numbers Sources/Numbers
[[ -f $OUT/libInstruments.a && -z ${FUZZ_REBUILD:-} ]] || build_module Instruments Sources/Instruments
for target in "${targets[@]}"; do
    case $target in
    instrument)
        sc "${FLAGS[@]}" -module-name InstrumentFuzz -I "$OUT" -L "$OUT" -lInstruments -lNumbers \
            Fuzz/InstrumentFuzz.swift -o "$OUT/fuzz-instrument"
        max_len=32768
        ;;
    record)
        sc "${FLAGS[@]}" -module-name StoreFuzz -I "$OUT" -L "$OUT" -lInstruments -lNumbers Fuzz/RecordFuzz.swift \
            Sources/Store/Files/StoreCoding.swift Sources/Store/Files/StoreError.swift Sources/Store/Files/JSONScanner.swift \
            Sources/Store/Directory/DataLayout.swift Sources/Store/Audit/AuditEntry.swift Sources/Store/Security/AccountID.swift \
            Sources/Store/Model/*.swift -o "$OUT/fuzz-record"
        max_len=8192
        ;;
    csv)
        [[ -f $OUT/libScreenKit.a && -z ${FUZZ_REBUILD:-} ]] || build_module ScreenKit Sources/ScreenKit
        sc "${FLAGS[@]}" -module-name CSVFuzz -I "$OUT" -L "$OUT" -lScreenKit -lNumbers Fuzz/SeriesCSVFuzz.swift \
            Sources/Formats/Series/SeriesCSV.swift -o "$OUT/fuzz-csv"
        max_len=4096
        ;;
    *) echo "unknown target $target" >&2; exit 64 ;;
    esac
    seed "$target" "$OUT/corpus-$target"
    mkdir -p "$OUT/crashes-$target"
    echo "fuzz: running $target for $RUNS executions"
    log=$OUT/fuzz-$target.log
    status=0
    "$OUT/fuzz-$target" -runs="$RUNS" -max_len="$max_len" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$OUT/crashes-$target/" "$OUT/corpus-$target" >"$log" 2>&1 || status=$?
    executed=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")
    speed=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$log")
    echo "fuzz: $target: ${executed:-?} executions (${speed:-?}/s), exit $status, crashes: $(ls "$OUT/crashes-$target" | wc -l)"
    if ((status != 0)); then
        grep -E "ERROR|Fatal error|SUMMARY|panic" "$log" | head -5
        exit 1
    fi
done
