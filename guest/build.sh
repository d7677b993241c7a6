#!/usr/bin/env bash
# Reference build for zkMIPS guests: guest/build.sh FILE... -o OUT
#
# Compiles the guest SDK (every *.c and *.S in guest/src, in sorted order) together with
# the given C / assembly files and links a static MIPS32r2 little-endian ELF with
# guest/link.ld. `zkmips build` implements exactly this recipe; guest/README.md
# documents it. Environment: CC (default: clang) must be the clang of the Swift
# toolchain or any clang with the Mips target and ld.lld next to it.
set -euo pipefail

usage() {
  echo "usage: $0 FILE.c|FILE.S... -o OUT" >&2
  exit 2
}

GUEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CC="${CC:-clang}"

out=""
files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -o) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    -o*) out="${1#-o}"; shift ;;
    -h|--help) usage ;;
    -*) echo "$0: unknown option $1 (only -o is accepted)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
[[ -n "$out" && ${#files[@]} -gt 0 ]] || usage

# The SDK sources, in a fixed (C locale, sorted) order so builds are reproducible.
sdk=()
while IFS= read -r f; do sdk+=("$f"); done < <(
  cd "$GUEST_DIR/src" && LC_ALL=C ls -1 -- *.c *.S 2>/dev/null | LC_ALL=C sort | sed "s|^|$GUEST_DIR/src/|")

cflags=(
  --target=mipsel-unknown-linux-gnu -march=mips32r2 -msoft-float
  -ffreestanding -nostdlib -nostdlibinc -static -fno-pic -mno-abicalls -G0
  -fno-stack-protector -fno-unwind-tables -fno-asynchronous-unwind-tables
  -ffunction-sections -fdata-sections
  -O2
  -I "$GUEST_DIR/include"
)
ldflags=(
  -fuse-ld=lld
  -Wl,-T,"$GUEST_DIR/link.ld"
  -Wl,--gc-sections
  -Wl,--build-id=none
  -Wl,-z,max-page-size=4096
)

exec "$CC" "${cflags[@]}" "${sdk[@]}" "${files[@]}" "${ldflags[@]}" -o "$out"
