#!/bin/sh
# Installs what a fresh machine lacks to build, test and check the package:
# knitr, rmarkdown and pandoc (vignettes), testthat, valgrind (CI memory
# checks); with --bench, also the peers the benchmarks compare against.
# Debian's packages first (prebuilt), CRAN as the fallback.
set -eu

bench=0
[ "${1:-}" = "--bench" ] && bench=1

r_pkgs="testthat knitr rmarkdown"
[ "$bench" = 1 ] && r_pkgs="$r_pkgs data.table collapse dplyr bench"

missing_r=$(Rscript -e "p <- strsplit('$r_pkgs', ' ')[[1]]; \
  cat(p[!vapply(p, requireNamespace, logical(1), quietly = TRUE)])")
missing_tools=""
command -v pandoc >/dev/null 2>&1 || missing_tools="$missing_tools pandoc"
command -v valgrind >/dev/null 2>&1 || missing_tools="$missing_tools valgrind"

if [ -z "$missing_r$missing_tools" ]; then
  echo "install-deps: everything needed is installed"
  exit 0
fi
echo "install-deps: missing:$missing_tools $missing_r"

if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
  debs="$missing_tools"
  for p in $missing_r; do
    debs="$debs r-cran-$(echo "$p" | tr 'A-Z' 'a-z')"
  done
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $debs \
    || echo "install-deps: apt-get could not install all of:$debs"
fi

still=$(Rscript -e "p <- strsplit('$r_pkgs', ' ')[[1]]; \
  cat(p[!vapply(p, requireNamespace, logical(1), quietly = TRUE)])")
if [ -n "$still" ]; then
  echo "install-deps: installing from CRAN: $still"
  Rscript -e "install.packages(strsplit('$still', ' ')[[1]], \
    repos = 'https://cloud.r-project.org')"
fi
for tool in $missing_tools; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "install-deps: $tool is still missing; install it with your package manager" >&2
    exit 1
  }
done
