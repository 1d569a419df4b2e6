# ---- Databases ---------------------------------------------------------------
# SQLite in memory, and the PostgreSQL server that tools/with-postgres.sh
# starts for `make test` (skipped without it, as under valgrind).

# The database and tally test files exercise dbplyr, RSQLite and R code,
# not the C engines: skipped under valgrind (CI time is tight). A file with
# snapshots skips in each test (skip_without_dbplyr() does it), as a skip
# at the top of a file makes testthat delete the file's snapshots.
skip_under_valgrind <- function() {
  skip_if(nzchar(Sys.getenv("REOFFENDING_VALGRIND")), "under valgrind")
}

skip_without_dbplyr <- function() {
  skip_under_valgrind()
  skip_if_not_installed("DBI")
  skip_if_not_installed("dplyr")
  skip_if_not_installed("dbplyr")
}

sqlite_connection <- function(env = parent.frame()) {
  skip_without_dbplyr()
  skip_if_not_installed("RSQLite")
  con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
  withr_defer_disconnect(con, env)
  con
}

postgres_connection <- function(env = parent.frame()) {
  skip_without_dbplyr()
  if (!nzchar(Sys.getenv("REOFFENDING_PG"))) {
    skip("no PostgreSQL server (run the tests through tools/with-postgres.sh)")
  }
  skip_if_not_installed("RPostgreSQL")
  con <- DBI::dbConnect(RPostgreSQL::PostgreSQL(),
                        host = Sys.getenv("PGHOST"),
                        port = as.integer(Sys.getenv("PGPORT")),
                        user = Sys.getenv("PGUSER"),
                        dbname = Sys.getenv("PGDATABASE"))
  withr_defer_disconnect(con, env)
  con
}

# Disconnects when the test (the frame `env`) ends.
withr_defer_disconnect <- function(con, env) {
  withr::defer(suppressWarnings(try(DBI::dbDisconnect(con), silent = TRUE)),
               envir = env)
}

# Each connection the database tests run against.
database_connections <- function() {
  list(sqlite = function(env) sqlite_connection(env),
       postgres = function(env) postgres_connection(env))
}

# A data frame as a table of `con` (replaced if there), as a lazy table.
remote_copy <- function(con, data, name) {
  name <- paste0(name, "_", as.hexmode(sample.int(1e6, 1L)))
  DBI::dbWriteTable(con, name, as.data.frame(data), overwrite = TRUE)
  # RPostgreSQL's connection warns that its dbplyr interface is old.
  suppressWarnings(dplyr::tbl(con, name), classes = "rlang_warning")
}

# Random case records with NAs and empty levels: factors (an empty level
# each), text, numbers, logicals and 0/1 flags.
random_cases <- function(n, seed) {
  set.seed(seed)
  pick <- function(x) {
    v <- sample(x, n, replace = TRUE)
    v[sample.int(n, n %/% 10)] <- NA
    v
  }
  data.frame(
    cohort = factor(pick(c("Young", "Adult", "Women")),
                    levels = c("Young", "Adult", "Mature", "Women")),
    status = factor(pick(c("Licence", "Community")),
                    levels = c("Licence", "Custody", "Community")),
    borough = pick(c("Barnet", "Lewisham", "Havering")),
    band = pick(c(1, 2, 3.5)),
    iom = pick(c(TRUE, FALSE)),
    need_drugs = pick(c(0L, 1L)),
    need_alcohol = pick(c(0, 1)),
    stringsAsFactors = FALSE)
}
