#!/usr/bin/env bash
# Builds every example with guest/build.sh and checks it under qemu-mipsel:
#   stdin = input.txt (fd 3 = hints.txt if present) -> stdout must equal expected.txt
#   stdin = empty, fd 3 empty                         -> stdout must equal expected-empty.txt
# and the exit status must be 0 in both cases. Usage: Examples/run-qemu.sh [NAME...]
# Set QEMU_INSN_PLUGIN to a built guest/tools/qemu-insn-count.so to also print
# instruction counts.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
QEMU="${QEMU:-qemu-mipsel}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ulimit -c 0
pass=0 fail=0
names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for d in Examples/*/; do [[ -f "$d/main.c" ]] && names+=("$(basename "$d")"); done
fi
plugin=()
[[ -n "${QEMU_INSN_PLUGIN:-}" ]] && plugin=(-plugin "$QEMU_INSN_PLUGIN")

check() { # name label stdin hints expected
  local name="$1" label="$2" in="$3" hints="$4" want="$5" status
  "$QEMU" "${plugin[@]}" "$tmp/$name.elf" < "$in" > "$tmp/out" 2> "$tmp/err" 3< "$hints"
  status=$?
  if [[ $status -eq 0 ]] && cmp -s "$tmp/out" "$want"; then
    pass=$((pass + 1))
    echo "ok   $name ($label)$(grep -ho 'insns: [0-9]*' "$tmp/err" | sed 's/^/, /')"
  else
    fail=$((fail + 1))
    echo "FAIL $name ($label): exit $status"
    diff "$want" "$tmp/out" | head -5
    head -5 "$tmp/err"
  fi
}

for name in "${names[@]}"; do
  dir="Examples/$name"
  if ! guest/build.sh "$dir/main.c" -o "$tmp/$name.elf"; then
    fail=$((fail + 1)); echo "FAIL $name: build"; continue
  fi
  hints=/dev/null
  [[ -f "$dir/hints.txt" ]] && hints="$dir/hints.txt"
  [[ -f "$dir/input.txt" ]] && check "$name" input.txt "$dir/input.txt" "$hints" "$dir/expected.txt"
  [[ -f "$dir/expected-empty.txt" ]] && check "$name" "empty stdin" /dev/null /dev/null "$dir/expected-empty.txt"
done
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
