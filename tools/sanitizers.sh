#!/bin/sh
# The tests once more against a build of the package with AddressSanitizer
# and UndefinedBehaviorSanitizer: -fsanitize=address,undefined through a
# private Makevars (R_MAKEVARS_USER), installed from a copy of the sources
# (so that the objects in src/ stay the plain build's) into a library of its
# own. R itself is not instrumented, so the compiler's libasan and libubsan
# are preloaded. Fails on a test failure and on any sanitizer report in the
# output; the fuzz test's child processes inherit the preload, and a report
# there fails the fuzz test with the report in its message.
# Usage: sh tools/sanitizers.sh [log file]; run from the package's root.
set -u

root=$(pwd)
log=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The library is read by the tests' unprivileged child (test-file-faults.R).
chmod 755 "$work"

cc=$(R CMD config CC)
compiler=${cc%% *}
find_runtime() {  # find_runtime NAME: the compiler's shared runtime library
  file=$($compiler -print-file-name="$1")
  case "$file" in
    /*) [ -e "$file" ] && readlink -f "$file" && return 0 ;;
  esac
  echo "sanitizers: $compiler has no $1; install its runtime (Debian:" \
    "libgcc-N-dev for gcc N, which brings libasan and libubsan)" >&2
  return 1
}
asan=$(find_runtime libasan.so) || exit 1
ubsan=$(find_runtime libubsan.so) || exit 1
echo "sanitizers: $compiler with $asan and $ubsan"

flags="-g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer"
cat > "$work/Makevars" <<EOF
CFLAGS = $flags
LDFLAGS = -fsanitize=address,undefined
EOF

# A copy of the sources, without the plain build's objects and libraries.
mkdir "$work/src-copy" "$work/lib"
chmod 755 "$work/lib"
tar -C "$root" --exclude=./.git --exclude=./.lib --exclude=./check \
  --exclude='./src/*.o' --exclude='./src/*.so' --exclude=./report \
  -cf - . | tar -C "$work/src-copy" -xf -
# The load test of the installed package would load it into an R without
# the sanitizer runtime; the tests load it properly below.
if ! R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --preclean \
    --no-multiarch --no-test-load --library="$work/lib" \
    "$work/src-copy" > "$work/install.log" 2>&1; then
  cat "$work/install.log"
  echo "sanitizers: the instrumented build failed" >&2
  exit 1
fi
grep -q -- "-fsanitize=address,undefined" "$work/install.log" || {
  cat "$work/install.log"
  echo "sanitizers: the build did not use the sanitizer flags" >&2
  exit 1
}

# detect_leaks=0: R frees little at exit, by design. allocator_may_return_null
# and max_allocation_size_mb: a huge allocation is R's "cannot allocate"
# error, as it is under the fuzz test's ulimit in the plain run.
out="$work/tests.log"
LD_PRELOAD="$asan $ubsan" \
ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:allocator_may_return_null=1:max_allocation_size_mb=4096:detect_odr_violation=0" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
R_LIBS="$work/lib" \
  Rscript tools/run-tests.R tests/testthat > "$out" 2>&1
status=$?
[ -n "$log" ] && cp "$out" "$log"
# The fuzz test's table, and the counts.
sed -n '/^Fuzz of /,/^returned; expanded/p' "$out"
tail -n 3 "$out"

reports=$(grep -n -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)" "$out")
if [ -n "$reports" ]; then
  echo "sanitizers: reports in the test output:"
  echo "$reports" | head -n 20
  # The first report in full.
  first=$(echo "$reports" | head -n 1 | cut -d: -f1)
  sed -n "$((first > 5 ? first - 5 : 1)),$((first + 60))p" "$out"
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitizers: the tests failed (exit status $status)"
  grep -E -A 15 "^(Failure|Error) \(" "$out" | head -n 120
  exit 1
fi
echo "sanitizers: no reports"
