#!/usr/bin/env bash
# Builds every conformance program with guest/build.sh and checks it under qemu-mipsel.
#
#   Tests/Conformance/run-qemu.sh [-v] [PROGRAM.S|PROGRAM.c ...]
#
# For each program NAME (Tests/Conformance/*.S, *.c and faults/*.S):
#   stdin   = NAME.input if present, else /dev/null
#   fd 3    = NAME.hints if present, else /dev/null (the hint stream is always open)
#   stdout  must equal NAME.expected
#   status  must equal NAME.status if present, else 0; a status file saying "nonzero"
#           accepts any non-zero status and only requires NAME.expected to be a prefix
#           of stdout (used where qemu itself misbehaves, see faults/README.md).
# Prints one line per failure (all lines with -v) and "N passed, M failed".
# Environment: QEMU (default qemu-mipsel), CC (passed to guest/build.sh).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
QEMU="${QEMU:-qemu-mipsel}"
verbose=0
programs=()
for arg in "$@"; do
  if [[ "$arg" == -v ]]; then verbose=1; else programs+=("$arg"); fi
done
if [[ ${#programs[@]} -eq 0 ]]; then
  shopt -s nullglob
  programs=("$here"/*.S "$here"/*.c "$here"/faults/*.S)
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ulimit -c 0 # qemu-user would otherwise write a core file for every fault program

pass=0
fail=0
for src in "${programs[@]}"; do
  dir="$(cd "$(dirname "$src")" && pwd)"
  file="$(basename "$src")"
  name="${file%.*}"
  label="${dir#"$here"}"
  label="${label#/}${label:+/}$name"
  elf="$tmp/${label//\//_}.elf"

  if ! "$root/guest/build.sh" "$dir/$file" -o "$elf" 2> "$tmp/build.err"; then
    echo "FAIL $label: build failed"; sed 's/^/     /' "$tmp/build.err" | head -10
    fail=$((fail + 1)); continue
  fi
  input=/dev/null; [[ -f "$dir/$name.input" ]] && input="$dir/$name.input"
  hints=/dev/null; [[ -f "$dir/$name.hints" ]] && hints="$dir/$name.hints"
  want_status=0; [[ -f "$dir/$name.status" ]] && want_status="$(tr -d ' \n' < "$dir/$name.status")"

  # Run from the temp dir (in case qemu writes a core file despite ulimit); the braces
  # send bash's own "Segmentation fault"-style notice to /dev/null.
  { ( cd "$tmp" && exec "$QEMU" "$elf" < "$input" 3< "$hints" > "$tmp/out" 2> "$tmp/err" ); status=$?; } 2> /dev/null

  problem=""
  if [[ ! -f "$dir/$name.expected" ]]; then
    problem="no $name.expected"
  elif [[ "$want_status" == nonzero ]]; then
    [[ $status -ne 0 ]] || problem="exit status 0, expected non-zero"
    size=$(wc -c < "$dir/$name.expected")
    head -c "$size" "$tmp/out" | cmp -s - "$dir/$name.expected" || problem="${problem:+$problem; }stdout does not start with $name.expected"
  else
    [[ "$status" == "$want_status" ]] || problem="exit status $status, expected $want_status"
    cmp -s "$tmp/out" "$dir/$name.expected" || problem="${problem:+$problem; }stdout differs from $name.expected"
  fi

  if [[ -z "$problem" ]]; then
    pass=$((pass + 1))
    [[ $verbose == 1 ]] && echo "ok   $label (status $status)"
  else
    fail=$((fail + 1))
    echo "FAIL $label: $problem"
    if [[ -f "$dir/$name.expected" ]]; then
      diff "$dir/$name.expected" "$tmp/out" | head -10 | sed 's/^/     /'
    fi
    head -3 "$tmp/err" | sed 's/^/     stderr: /'
  fi
done

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
