#!/usr/bin/env bash
# Tests of the guest SDK itself (needs a host C compiler, clang with the Mips target,
# and qemu-mipsel):
#   1. runtime_test: the 64-bit division/shift/bit helpers against host arithmetic
#      (20M random operand pairs natively), then the MIPS build under qemu with the same
#      checksum as a native run of the same size.
#   2. softfloat_test: the float/double helpers bit-for-bit against the host's hardware
#      IEEE arithmetic (5M random operand pairs per format), then the MIPS build's
#      checksum against the host's.
#   3. libc_test: the same program built natively (glibc) and as a guest; the outputs
#      must be identical.
#   4. the ELF header and program headers of a guest binary.
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

"$HOSTCC" -O2 -o "$tmp/softfloat_test" guest/tests/softfloat_test.c
"$tmp/softfloat_test" || fail=1
guest/build.sh guest/tests/softfloat_test.c -o "$tmp/softfloat_test.elf"
host="$("$tmp/softfloat_test" 50000)"
guest="$(qemu-mipsel "$tmp/softfloat_test.elf" 50000)"
if [[ "$host" == "$guest" ]]; then echo "softfloat_test (guest): $guest"; else
  echo "softfloat_test: host and guest differ: '$host' vs '$guest'"; fail=1; fi

"$HOSTCC" -O2 -w -o "$tmp/libc_test" guest/tests/libc_test.c
guest/build.sh guest/tests/libc_test.c -o "$tmp/libc_test.elf"
"$tmp/libc_test" > "$tmp/host.txt"
qemu-mipsel "$tmp/libc_test.elf" > "$tmp/guest.txt" 3</dev/null || { echo "libc_test guest exit $?"; fail=1; }
if diff -u "$tmp/host.txt" "$tmp/guest.txt"; then echo "libc_test: guest output identical to glibc ($(wc -l < "$tmp/host.txt") lines)"; else fail=1; fi

# 4. The ELF shape the executor relies on: ET_EXEC, EM_MIPS, ELF32 little-endian,
#    entry 0x00400000, program headers all PT_LOAD.
READELF="$(command -v llvm-readelf || true)"
if [[ -n "$READELF" ]]; then
  hdr="$("$READELF" -h -l "$tmp/libc_test.elf")"
  shape_ok=1
  for want in "Class: *ELF32" "Data: *2's complement, little endian" "Type: *EXEC" \
              "Machine: *MIPS" "Entry point address: *0x400000"; do
    grep -Eq "$want" <<< "$hdr" || { echo "ELF check failed: $want"; shape_ok=0; }
  done
  others="$(sed -n '/Program Headers:/,/Section to Segment/p' <<< "$hdr" | grep -E '^  [A-Z]' | grep -v -E '^  (Type|LOAD) ' || true)"
  [[ -z "$others" ]] || { echo "ELF check failed: non-LOAD program headers:"; echo "$others"; shape_ok=0; }
  [[ $shape_ok == 1 ]] && echo "ELF shape: ET_EXEC, EM_MIPS, LE32, entry 0x400000, PT_LOAD only" || fail=1
else
  echo "llvm-readelf not found: ELF shape not checked"
fi

[[ $fail == 0 ]] && echo "guest SDK tests passed" || { echo "guest SDK tests FAILED"; exit 1; }
