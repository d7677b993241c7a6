#!/usr/bin/env bash
# Tests of the guest SDK itself (needs a host C compiler, clang with the Mips target,
# and qemu-mipsel):
#   1. runtime_test: the 64-bit division/shift/bit helpers against host arithmetic
#      (20M random operand pairs natively), then the MIPS build under qemu with the same
#      checksum as a native run of the same size.
#   2. libc_test: the same program built natively (glibc) and as a guest; the outputs
#      must be identical.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
HOSTCC="${HOSTCC:-cc}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

"$HOSTCC" -O2 -o "$tmp/runtime_test" guest/tests/runtime_test.c
"$tmp/runtime_test" || fail=1
guest/build.sh guest/tests/runtime_test.c -o "$tmp/runtime_test.elf"
host="$("$tmp/runtime_test" 300000)"
guest="$(qemu-mipsel "$tmp/runtime_test.elf" 300000)"
if [[ "$host" == "$guest" ]]; then echo "runtime_test (guest): $guest"; else
  echo "runtime_test: host and guest differ: '$host' vs '$guest'"; fail=1; fi

"$HOSTCC" -O2 -w -o "$tmp/libc_test" guest/tests/libc_test.c
guest/build.sh guest/tests/libc_test.c -o "$tmp/libc_test.elf"
"$tmp/libc_test" > "$tmp/host.txt"
qemu-mipsel "$tmp/libc_test.elf" > "$tmp/guest.txt" 3</dev/null || { echo "libc_test guest exit $?"; fail=1; }
if diff -u "$tmp/host.txt" "$tmp/guest.txt"; then echo "libc_test: guest output identical to glibc ($(wc -l < "$tmp/host.txt") lines)"; else fail=1; fi

[[ $fail == 0 ]] && echo "guest SDK tests passed" || { echo "guest SDK tests FAILED"; exit 1; }
