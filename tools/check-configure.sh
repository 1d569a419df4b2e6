#!/bin/sh
# Checks configure's libxlsxwriter version gate against stand-in headers of
# other versions (only preprocessed, never linked): 1.1.4 and newer 1.x
# pass, 2.x passes with a note, older ones and a header with no version are
# refused naming what was found. Runs configure in a scratch copy, so the
# package's own src/Makevars is left alone.
# Usage, from the package root: sh tools/check-configure.sh
set -u

root=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
failures=0

# check VERSION EXPECTED [PATTERN]: configure against a header defining
# LXW_VERSION as VERSION ("none": not defined) must exit 0 (pass) or 1
# (fail), and print PATTERN.
check() {
  version=$1 expected=$2 pattern=${3:-}
  dir="$scratch/$version"
  mkdir -p "$dir/include" "$dir/pkg/src"
  if [ "$version" = none ]; then
    echo '/* no version */' > "$dir/include/xlsxwriter.h"
  else
    printf '#define LXW_VERSION "%s"\n' "$version" > "$dir/include/xlsxwriter.h"
  fi
  cp "$root/configure" "$dir/pkg/"
  cp "$root/src/Makevars.in" "$dir/pkg/src/"
  output=$(cd "$dir/pkg" && INCLUDE_DIR="$dir/include" LIB_DIR="$dir/lib" \
    sh ./configure 2>&1)
  status=$?
  result=fail
  [ "$status" -eq 0 ] && result=pass
  if [ "$result" != "$expected" ]; then
    echo "FAIL: libxlsxwriter $version: configure said $result, expected $expected"
    echo "$output"
    failures=$((failures + 1))
  elif [ -n "$pattern" ] && ! echo "$output" | grep -q "$pattern"; then
    echo "FAIL: libxlsxwriter $version: output lacks '$pattern'"
    echo "$output"
    failures=$((failures + 1))
  else
    echo "ok: libxlsxwriter $version: $result"
  fi
}

check 1.1.4 pass "libxlsxwriter 1.1.4"
check 1.1.7 pass
check 1.2.4 pass
check 2.0.0 pass "newer than the 1.x"
check 1.1.3 fail "too old: found 1.1.3"
check 1.0.0 fail "found 1.0.0"
check 0.9.9 fail "libxlsxwriter-dev"
check 0.8.8 fail "libxlsxwriter-devel"
check none fail "unknown version"
check 1.x fail "found 1.x"

[ "$failures" -eq 0 ] && echo "configure's version gate: all checks passed"
exit "$failures"
