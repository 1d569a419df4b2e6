#!/bin/sh
# Installs what a fresh machine lacks to build, test and check the package:
# tidyselect and rlang (imported: column arguments are tidy selections),
# libxlsxwriter and pkg-config (the Excel writer), knitr, rmarkdown and pandoc
# (vignettes), testthat, readxl and xml2 (tests), valgrind (CI memory checks),
# checkbashisms (R CMD check --as-cran looks at configure with it), dplyr,
# tibble and data.table (the tests of the table model's verbs; all three
# are in Suggests, which R CMD check requires), lpSolve (tables published
# together are suppressed and checked together by linear programming, and
# the attacker of the disclosure tests), the compiler's AddressSanitizer
# and UBSan runtimes (CI's sanitizer stage; Debian's gcc brings them
# through libgcc-N-dev), ggplot2 (the charts of committee packs); with
# --bench, also the peers the benchmarks compare against.
# Debian's packages first (prebuilt), CRAN as the fallback.
set -eu

bench=0
[ "${1:-}" = "--bench" ] && bench=1

r_pkgs="tidyselect rlang testthat knitr rmarkdown readxl xml2 dplyr tibble data.table lpSolve ggplot2"
[ "$bench" = 1 ] && r_pkgs="$r_pkgs collapse bench openxlsx writexl aftables"

missing_r=$(Rscript -e "p <- strsplit('$r_pkgs', ' ')[[1]]; \
  cat(p[!vapply(p, requireNamespace, logical(1), quietly = TRUE)])")
missing_tools=""
command -v pandoc >/dev/null 2>&1 || missing_tools="$missing_tools pandoc"
command -v valgrind >/dev/null 2>&1 || missing_tools="$missing_tools valgrind"
command -v pkg-config >/dev/null 2>&1 || missing_tools="$missing_tools pkg-config"
# R CMD check --as-cran checks the size of PDFs in inst/doc with qpdf, and
# warns when it is missing.
command -v qpdf >/dev/null 2>&1 || missing_tools="$missing_tools qpdf"
# R CMD check --as-cran wants checkbashisms (Debian's devscripts) for configure.
command -v checkbashisms >/dev/null 2>&1 || missing_tools="$missing_tools devscripts"
missing_libs=""
pkg-config --exists xlsxwriter 2>/dev/null || missing_libs="libxlsxwriter-dev"
# tools/sanitizers.sh preloads these; -print-file-name answers a bare name
# when the compiler has no such library.
cc=$(R CMD config CC 2>/dev/null | cut -d ' ' -f 1)
has_runtime() {
  case "$("${cc:-gcc}" -print-file-name="$1" 2>/dev/null)" in
    /*) return 0 ;;
    *) return 1 ;;
  esac
}
if ! has_runtime libasan.so || ! has_runtime libubsan.so; then
  gcc_major=$("${cc:-gcc}" -dumpversion 2>/dev/null | cut -d . -f 1)
  missing_libs="$missing_libs libgcc-${gcc_major:-12}-dev"
fi

if [ -z "$missing_r$missing_tools$missing_libs" ]; then
  echo "install-deps: everything needed is installed"
  exit 0
fi
echo "install-deps: missing:$missing_tools $missing_libs $missing_r"

if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
  $sudo apt-get update -qq
  debs="$missing_tools $missing_libs"
  for p in $missing_r; do
    deb="r-cran-$(echo "$p" | tr 'A-Z' 'a-z')"
    # Only what Debian has; the rest comes from CRAN below.
    if apt-cache policy "$deb" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      debs="$debs $deb"
    fi
  done
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends $debs \
    || echo "install-deps: apt-get could not install all of:$debs"
fi

still=$(Rscript -e "p <- strsplit('$r_pkgs', ' ')[[1]]; \
  cat(p[!vapply(p, requireNamespace, logical(1), quietly = TRUE)])")
if [ -n "$still" ]; then
  echo "install-deps: installing from CRAN: $still"
  Rscript -e "install.packages(strsplit('$still', ' ')[[1]], \
    repos = 'https://cloud.r-project.org')"
fi
if ! pkg-config --exists xlsxwriter 2>/dev/null; then
  echo "install-deps: libxlsxwriter is missing; install libxlsxwriter-dev" \
    "(Debian/Ubuntu), libxlsxwriter-devel (Fedora) or libxlsxwriter (Homebrew)" >&2
  exit 1
fi
if ! has_runtime libasan.so || ! has_runtime libubsan.so; then
  echo "install-deps: the compiler's libasan or libubsan is missing (CI's" \
    "sanitizer stage needs them); install libgcc-N-dev for gcc N" >&2
  exit 1
fi
for tool in $missing_tools; do
  [ "$tool" = devscripts ] && tool=checkbashisms
  command -v "$tool" >/dev/null 2>&1 || {
    echo "install-deps: $tool is still missing; install it with your package manager" >&2
    exit 1
  }
done
