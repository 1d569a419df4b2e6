# Column arguments are tidy selections (tidyselect::eval_select()), and the
# groups of a grouped data frame are taken as `by`.

tidy_records <- function(n = 400, seed = 7) {
  set.seed(seed)
  data.frame(
    cohort = factor(sample(c("Young Males", "Adult Males", "Women"), n, TRUE),
                    levels = c("Young Males", "Adult Males", "Women")),
    status = sample(c("Community", "Custody"), n, TRUE),
    area = sample(1:3, n, TRUE),
    need_drugs = sample(c(TRUE, FALSE, NA), n, TRUE),
    need_alcohol = sample(c(TRUE, FALSE, NA), n, TRUE),
    stringsAsFactors = FALSE)
}

followed_records <- function(n = 300, seed = 8) {
  set.seed(seed)
  data.frame(id = seq_len(n),
             cohort_year = sample(2014:2015, n, TRUE),
             sex = sample(c("Female", "Male"), n, TRUE),
             reoffended = sample(c(TRUE, FALSE), n, TRUE),
             stringsAsFactors = FALSE) |>
    transform(reoffences = ifelse(reoffended, sample(1:4, n, TRUE), 0L))
}

# The same table, by value and by record.
expect_same_table <- function(object, expected) {
  expect_identical(as.data.frame(object), as.data.frame(expected))
  expect_identical(table_record(object), table_record(expected))
}

bad <- "reoffending_error_bad_argument"

test_that("cohort_table() takes every form of tidy selection", {
  d <- tidy_records()
  ref <- cohort_table(d, cohort, status, by = area)
  col <- "cohort"
  expect_same_table(cohort_table(d, "cohort", "status", by = "area"), ref)
  expect_same_table(cohort_table(d, all_of(col), all_of("status"),
                                 by = all_of("area")), ref)
  expect_same_table(cohort_table(d, starts_with("coh"), starts_with("stat"),
                                 by = starts_with("ar")), ref)
  expect_same_table(cohort_table(d, where(is.factor), where(is.character),
                                 by = where(is.integer)), ref)
  expect_no_warning(
    out <- cohort_table(d, .data$cohort, .data[["status"]], by = .data$area))
  expect_same_table(out, ref)
  expect_same_table(cohort_table(d, !!rlang::sym(col),
                                 !!rlang::sym("status"),
                                 by = !!rlang::sym("area")), ref)
  # A name held in a variable keeps working, without tidyselect's warning.
  expect_no_warning(out <- cohort_table(d, col, "status", by = "area"))
  expect_same_table(out, ref)
  # NULL where it was allowed
  expect_same_table(cohort_table(d, cohort, NULL, by = NULL),
                    cohort_table(d, cohort))
})

test_that("needs_profile() takes every form of tidy selection", {
  d <- tidy_records()
  ref <- needs_profile(d, c(need_drugs, need_alcohol), by = status)
  v <- c("need_drugs", "need_alcohol")
  expect_same_table(needs_profile(d, v, by = "status"), ref)
  expect_same_table(needs_profile(d, all_of(v), by = all_of("status")), ref)
  expect_same_table(needs_profile(d, starts_with("need_"),
                                  by = starts_with("stat")), ref)
  expect_same_table(needs_profile(d, where(is.logical),
                                  by = where(is.character)), ref)
  expect_no_warning(out <- needs_profile(d, c(.data$need_drugs,
                                              .data$need_alcohol),
                                         by = .data$status))
  expect_same_table(out, ref)
  expect_same_table(needs_profile(d, c(!!!rlang::syms(v)),
                                  by = !!rlang::sym("status")), ref)
})

test_that("reoffending_rates() takes every form of tidy selection", {
  x <- followed_records()
  ref <- reoffending_rates(x, by = c(cohort_year, sex))
  expect_same_table(reoffending_rates(x, by = c("cohort_year", "sex")), ref)
  expect_same_table(reoffending_rates(x, by = all_of(c("cohort_year",
                                                       "sex"))), ref)
  expect_same_table(reoffending_rates(x, by = c(starts_with("cohort"),
                                                starts_with("se"))), ref)
  expect_same_table(reoffending_rates(x, by = c(cohort_year,
                                                where(is.character))), ref)
  expect_no_warning(out <- reoffending_rates(x, by = c(.data$cohort_year,
                                                       .data$sex)))
  expect_same_table(out, ref)
  expect_same_table(reoffending_rates(x, by = c(!!rlang::sym("cohort_year"),
                                                !!rlang::sym("sex"))), ref)
})

test_that("proven_reoffending() takes every form of tidy selection", {
  cohort <- data.frame(pid = c("a", "b"), released = as.Date("2015-01-01"))
  offences <- data.frame(pid = c("a", "a", "b"),
                         committed = as.Date(c("2015-02-01", "2014-01-01",
                                               "2015-03-01")),
                         convicted = as.Date(c("2015-03-01", "2014-02-01",
                                               NA)))
  ref <- proven_reoffending(cohort, offences, id = "pid",
                            index_date = "released",
                            offence_date = "committed",
                            proven_date = "convicted")
  expect_identical(ref$reoffences, c(1L, 0L))
  date <- "released"
  expect_identical(proven_reoffending(cohort, offences, pid, released,
                                      committed, convicted), ref)
  expect_identical(proven_reoffending(cohort, offences, all_of("pid"),
                                      all_of(date), all_of("committed"),
                                      all_of("convicted")), ref)
  expect_identical(proven_reoffending(cohort, offences, starts_with("p"),
                                      starts_with("rel"), starts_with("com"),
                                      starts_with("conv")), ref)
  is_date <- function(x) inherits(x, "Date")
  expect_identical(proven_reoffending(cohort, offences,
                                      where(is.character), where(is_date),
                                      committed, convicted), ref)
  expect_no_warning(out <- proven_reoffending(cohort, offences, .data$pid,
                                              .data$released,
                                              .data$committed,
                                              .data$convicted))
  expect_identical(out, ref)
  expect_identical(proven_reoffending(cohort, offences, !!rlang::sym("pid"),
                                      !!rlang::sym(date),
                                      !!rlang::sym("committed"),
                                      !!rlang::sym("convicted")), ref)
})

test_that("tidyselect's errors come back naming the argument", {
  d <- tidy_records()
  x <- followed_records()
  expect_error(cohort_table(d, nope), class = bad)
  expect_error(cohort_table(d, nope),
               "^`rows` must select columns of `data`: .*`nope` doesn't exist")
  expect_error(cohort_table(d, cohort, all_of("nope")),
               "^`cols` must select columns of `data`: .*`nope`", class = bad)
  expect_error(cohort_table(d, cohort, by = starts_with("zz") | nope),
               "^`by` must select columns of `data`: .*`nope`", class = bad)
  expect_error(needs_profile(d, c(need_drugs, nope)),
               "^`needs` must select columns of `data`: .*`nope`", class = bad)
  expect_error(needs_profile(d, need_drugs, by = nope),
               "^`by` must select columns of `data`: .*`nope`", class = bad)
  expect_error(reoffending_rates(x, by = .data$nope),
               "^`by` must select columns of `x`: .*`nope`", class = bad)
  expect_error(proven_reoffending(x, x, index_date = nope),
               "^`index_date` must select columns of `cohort`: .*`nope`",
               class = bad)
  # other tidyselect errors: renaming, a wrong type
  expect_error(cohort_table(d, c(group = cohort)),
               "^`rows` must select columns of `data`: Can't rename",
               class = bad)
  expect_error(cohort_table(d, TRUE),
               "^`rows` must select columns of `data`: ", class = bad)
  # the argument's own rules stay
  expect_error(cohort_table(d, starts_with("need_")),
               "`rows` must name one column, not 2", class = bad)
  expect_error(cohort_table(d, cohort, where(is.logical)),
               "`cols` must name one column, not 2", class = bad)
  expect_error(cohort_table(d, starts_with("zz")),
               "`rows` must name at least one column of `data`", class = bad)
  expect_error(needs_profile(d, starts_with("zz")),
               "`needs` must name at least one column", class = bad)
  expect_error(needs_profile(d, need_drugs, by = c(status, area)),
               "`by` must name one column, not 2", class = bad)
  expect_error(cohort_table(d, 1), "`rows` must name columns, not give",
               class = bad)
  position <- 2
  expect_error(cohort_table(d, cohort, position),
               "`cols` must name columns, not give their positions \\(2\\)",
               class = bad)
  expect_error(proven_reoffending(x, x, id = c(id, sex)),
               "`id` must name one column of `cohort`, not 2", class = bad)
})

test_that("the groups of a grouped data frame are taken as `by`", {
  skip_if_not_installed("dplyr")
  d <- tidy_records()
  x <- followed_records()
  g <- dplyr::group_by(tibble::as_tibble(d), area)
  expect_same_table(cohort_table(g, cohort, status),
                    cohort_table(d, cohort, status, by = area))
  # groups first, then `by`
  expect_same_table(cohort_table(g, cohort, by = status),
                    cohort_table(d, cohort, by = c(area, status)))
  expect_same_table(needs_profile(dplyr::group_by(d, status),
                                  starts_with("need_")),
                    needs_profile(d, starts_with("need_"), by = status))
  gx <- dplyr::group_by(x, cohort_year)
  expect_same_table(reoffending_rates(gx),
                    reoffending_rates(x, by = cohort_year))
  expect_same_table(reoffending_rates(gx, by = sex),
                    reoffending_rates(x, by = c(cohort_year, sex)))
  # the same without dplyr's group_vars(): the "groups" attribute
  expect_identical(reoffending:::group_columns(dplyr::group_by(x, sex,
                                                               cohort_year)),
                   c("sex", "cohort_year"))
})

test_that("a column in both group_by() and `by` is refused", {
  skip_if_not_installed("dplyr")
  d <- tidy_records()
  g <- dplyr::group_by(d, area)
  expect_error(cohort_table(g, cohort, by = area),
               "`by` names \"area\", which `data` is already grouped by",
               class = bad)
  expect_error(reoffending_rates(dplyr::group_by(followed_records(), sex),
                                 by = c(cohort_year, sex)),
               "`by` names \"sex\", which `x` is already grouped by",
               class = bad)
  expect_error(needs_profile(dplyr::group_by(d, status), need_drugs,
                             by = area),
               "`by` must name one column, not 2 \\(the groups of `data`",
               class = bad)
  expect_error(cohort_table(g, area),
               "`rows`, `cols` and `by` must name different columns",
               class = bad)
})

test_that("groups are read without dplyr from the groups attribute", {
  d <- tidy_records()
  groups <- data.frame(area = 1:3)
  groups$.rows <- lapply(1:3, function(a) which(d$area == a))
  g <- structure(d, class = c("grouped_df", "data.frame"), groups = groups)
  expect_identical(setdiff(names(attr(g, "groups")), ".rows"), "area")
  expect_same_table(cohort_table(g, cohort), cohort_table(d, cohort,
                                                          by = area))
})
