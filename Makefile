# Set-up and the two jobs of README.md. Each target installs what a fresh
# machine lacks first.
LIB := $(CURDIR)/.lib
R_ENV := R_LIBS="$(LIB):$${R_LIBS:-}"

.PHONY: deps install report test check bench document clean

deps:
	sh tools/install-deps.sh

install: deps
	mkdir -p $(LIB)
	R CMD INSTALL --preclean --no-multiarch --library=$(LIB) .

# The main job: recreate the borough tables (printed, and as CSV in report/).
report: install
	$(R_ENV) Rscript tools/report.R report

# The tests, ending with "N passed, N failed", beside a throwaway
# PostgreSQL server (tools/with-postgres.sh; the database tests skip
# without one).
test: install
	sh tools/with-postgres.sh env $(R_ENV) Rscript tools/run-tests.R tests/testthat

check: deps
	rm -rf check && mkdir -p check
	cd check && R CMD build .. && \
	  _R_CHECK_CRAN_INCOMING_REMOTE_=false R CMD check --as-cran --no-manual reoffending_*.tar.gz

bench: deps
	sh tools/install-deps.sh --bench
	mkdir -p $(LIB)
	R CMD INSTALL --preclean --no-multiarch --library=$(LIB) .
	$(R_ENV) Rscript bench/cohort_table.R
	$(R_ENV) Rscript bench/write_report.R
	$(R_ENV) Rscript bench/compare_to_target.R
	$(R_ENV) Rscript bench/disclosure.R
	$(R_ENV) Rscript bench/engines.R
	$(R_ENV) Rscript bench/proven_reoffending.R
	$(R_ENV) Rscript bench/incidents.R
	$(R_ENV) Rscript bench/people.R
	sh tools/with-postgres.sh env $(R_ENV) Rscript bench/database.R

document:
	Rscript -e 'roxygen2::roxygenise()'
	rm -f src/*.o src/*.so  # roxygen's load_all() leaves an unoptimised build

clean:
	rm -rf $(LIB) check report src/*.o src/*.so
