#!/usr/bin/env python3
"""Cross-checks the conformance expectations.

Every `PUT name, $reg  # value` line (or test-macro line, see PUT below) in a conformance .S file carries the value we
worked out by hand (or in Python). This script compares those annotations with the
.expected files (which were produced by qemu-mipsel and are what run-qemu.sh and the
executor tests compare against), so an expectation counts as verified only when the
hand-derived value and the reference emulator agree.

Usage: python3 Tests/Conformance/check-annotations.py [FILE.S ...]
Exit status 0 when every line of every .expected file has a matching annotation.
Lines of the form `PUT name, $reg  # -` are deliberately unannotated (e.g. addresses
that depend on the loader); they are listed but not counted as failures.
"""
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
# `PUT name, $reg  # value` and the test macros that print under their first argument
# (`BRANCH name, insn ...  # value`, `LINKBR name, insn ...  # value`).
PUT = re.compile(r"^\s*(?:\w+:)?\s*(?:PUT|BRANCH|LINKBR)\s+(\w+)\s*,[^#]*#\s*(\S+)")


def annotations(source):
    found = {}
    for number, line in enumerate(source.read_text().splitlines(), 1):
        m = PUT.match(line)
        if m:
            name, value = m.groups()
            if name in found:
                raise SystemExit(f"{source.name}:{number}: duplicate PUT name {name}")
            found[name] = value.lower()
    return found


def check(source):
    expected = source.with_suffix(".expected")
    if not expected.exists():
        return 0, 0, [f"{source.name}: no .expected file"]
    notes = annotations(source)
    ok, skipped, problems = 0, 0, []
    for line in expected.read_text().splitlines():
        parts = line.split()
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
            continue  # free-form lines (e.g. text the program echoes) are not PUT lines
        name, value = parts
        want = notes.get(name)
        if want is None:
            problems.append(f"{source.name}: '{name}' has no annotation")
        elif want == "-":
            skipped += 1
        elif want != value:
            problems.append(f"{source.name}: {name}: annotation {want}, expected file {value}")
        else:
            ok += 1
    return ok, skipped, problems


def main():
    files = [pathlib.Path(f) for f in sys.argv[1:]] or sorted(HERE.glob("*.S")) + sorted(HERE.glob("faults/*.S"))
    total_ok = total_skipped = 0
    all_problems = []
    for f in files:
        ok, skipped, problems = check(f)
        total_ok += ok
        total_skipped += skipped
        all_problems += problems
    for p in all_problems:
        print(p)
    print(f"{total_ok} values agree, {total_skipped} unannotated by design, "
          f"{len(all_problems)} problems")
    return 1 if all_problems else 0


sys.exit(main())
