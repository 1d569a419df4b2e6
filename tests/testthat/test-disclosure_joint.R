# Tables published together: dims, linking, joint suppression and checks.

suppress_jointly <- reoffending:::suppress_jointly
check_jointly <- reoffending:::check_jointly

team <- lewisham_offenders[1:60, ]

# The count cells of a table as a matrix, withheld ones NA.
counts_of <- function(x) {
  meta <- reoffending:::table_meta(x)
  columns <- meta$columns$name[meta$columns$role == "count"]
  as.matrix(as.data.frame(x)[columns])
}

# Which cells each table withholds, by key (from the record's dims).
withheld_keys <- function(x) {
  cells <- reoffending:::count_cells(x)
  sort(unique(cells$key[is.na(cells$value) & !is.na(cells$key)]))
}

# An attacker written apart from the package: the unknowns are the cells of
# a rows x cols array, the equations are built by position from the layouts
# of a two-way table with margins and, optionally, of a by-rows table
# (block i holds rows x cols' columns of row level i, then its total) or a
# one-way table (rows then total); lpSolve with a dense matrix.
layout_bounds <- function(two_way, by_rows = NULL, one_way = NULL) {
  v <- counts_of(two_way)
  nr <- nrow(v) - 1L
  nc <- ncol(v) - 1L
  n <- nr * nc
  at <- function(i, j) (j - 1L) * nr + i
  eq <- list()
  add <- function(cells, value) {
    row <- numeric(n)
    row[cells] <- 1
    eq[[length(eq) + 1L]] <<- list(row = row, value = value)
  }
  published <- list()
  put <- function(cells, value) {
    published[[length(published) + 1L]] <<- list(cells = cells, value = value)
  }
  for (i in seq_len(nr + 1L)) {
    for (j in seq_len(nc + 1L)) {
      rows <- if (i <= nr) i else seq_len(nr)
      cols <- if (j <= nc) j else seq_len(nc)
      put(as.vector(outer(rows, (cols - 1L) * nr, `+`)), v[i, j])
    }
  }
  if (!is.null(by_rows)) {
    w <- counts_of(by_rows)[, 1L]
    for (i in seq_len(nr)) {
      block <- w[(i - 1L) * (nc + 1L) + seq_len(nc + 1L)]
      for (j in seq_len(nc)) put(at(i, j), block[j])
      put(at(i, seq_len(nc)), block[nc + 1L])
    }
  }
  if (!is.null(one_way)) {
    w <- counts_of(one_way)[, 1L]
    for (i in seq_len(nr)) put(at(i, seq_len(nc)), w[i])
    put(seq_len(n), w[nr + 1L])
  }
  dir <- character()
  rhs <- numeric()
  mat <- NULL
  for (p in published) {
    row <- numeric(n)
    row[p$cells] <- 1
    mat <- rbind(mat, row)
    if (is.na(p$value)) {
      dir <- c(dir, ">=")
      rhs <- c(rhs, 1)
    } else {
      dir <- c(dir, "=")
      rhs <- c(rhs, p$value)
    }
  }
  hidden <- Filter(function(p) is.na(p$value), published)
  t(vapply(hidden, function(p) {
    obj <- numeric(n)
    obj[p$cells] <- 1
    c(lpSolve::lp("min", obj, mat, dir, rhs)$objval,
      lpSolve::lp("max", obj, mat, dir, rhs)$objval)
  }, numeric(2)))
}

test_that("cohort_table() and needs_profile() state their dims", {
  a <- cohort_table(team, cohort, status)
  dims <- table_record(a)$dims
  expect_identical(dims$records, 60)
  expect_identical(dims$levels$cohort, levels(team$cohort))
  expect_identical(dims$rows$column, "cohort")
  expect_identical(dims$columns$level, c(levels(team$status), NA))
  b <- cohort_table(team, status, by = cohort)
  expect_identical(table_record(b)$dims$by, c(cohort = "cohort"))
  expect_true(all(is.na(table_record(b)$dims$columns$level)))

  keys <- reoffending:::cube_keys(a)
  women_custody <- keys$keys[[which(keys$row == 5 &
                                      keys$column == "Custody")]]
  expect_identical(women_custody[order(names(women_custody))],
                   c(cohort = "Women", status = "Custody"))
  # The total row and column are margins: the grand total has no variable.
  expect_length(keys$keys[[which(keys$row == 6 & keys$column == "Total")]],
                0L)

  needs <- needs_profile(team, c(need_drugs, need_alcohol), by = cohort)
  nd <- table_record(needs)$dims
  expect_identical(nd$rows$map$variable, c("need_drugs", "need_alcohol"))
  expect_identical(nd$columns$level, levels(team$cohort))
  expect_identical(unname(nd$fixed), "TRUE")
  # Not stated for a table whose rows cannot be told apart.
  twice <- needs_profile(team, c(need_drugs, need_alcohol),
                         labels = c("Same", "Same"))
  expect_null(table_record(twice)$dims)
  expect_null(table_record(suppressMessages(
    report_table(data.frame(a = "x", n = 3L))))$dims)
})

test_that("dims survive the verbs that keep the cells, and go otherwise", {
  skip_if_not_installed("dplyr")
  a <- cohort_table(team, cohort, status)
  dims <- table_record(a)$dims
  kept <- dplyr::arrange(dplyr::filter(a, Total > 0), dplyr::desc(Total))
  expect_identical(table_record(kept)$dims, dims)
  expect_identical(table_record(a[2:4, c("cohort", "Custody")])$dims$columns$
                     column, "Custody")
  renamed <- a
  names(renamed)[c(1, 3)] <- c("Cohort", "In custody")
  rd <- table_record(renamed)$dims
  expect_identical(rd$rows$column, "Cohort")
  expect_true("In custody" %in% rd$columns$column)
  expect_identical(names(rd$levels), names(dims$levels))
  expect_identical(table_record(dplyr::rename(a, Cohort = cohort))$dims$rows$
                     column, "Cohort")
  expect_identical(table_record(rbind(a[1:3, ], a[4:6, ]))$dims, dims)
  expect_identical(table_record(dplyr::mutate(a, share = Total / 60))$dims,
                   dims)
  # Rows tied to the cells still stand for the same quantities after
  # suppression.
  expect_identical(table_record(suppress_small(a))$dims, dims)

  expect_null(table_record(dplyr::mutate(a, Total = Total + 1L))$dims)
  relabelled <- a
  relabelled$cohort[5] <- "Female"
  expect_null(table_record(relabelled)$dims)
  expect_null(table_record(a[, c("Custody", "Total")])$dims)
  other <- cohort_table(lewisham_offenders[61:120, ], cohort, status)
  expect_null(table_record(rbind(a, other))$dims)
  expect_null(table_record(rbind(a, a))$dims)
  expect_null(table_record(merge(a, data.frame(cohort = "Women",
                                               x = 1)))$dims)
  expect_null(table_record(report_table(a, totals = FALSE))$dims)
})

test_that("the README pair is suppressed alike and checked together", {
  skip_if_not_installed("lpSolve")
  a <- cohort_table(team, cohort, status)
  b <- cohort_table(team, status, by = cohort)
  # One by one, a quantity hidden in one table and shown in the other is
  # found (before the single-table search of 2026, Women's Community and
  # Total were).
  apart <- list(suppress_small(a), suppress_small(b))
  found <- check_jointly(apart)
  shared <- intersect(reoffending:::count_cells(a)$key,
                      reoffending:::count_cells(b)$key)
  hidden <- lapply(apart, function(t) intersect(withheld_keys(t), shared))
  if (!setequal(hidden[[1]], hidden[[2]])) {
    narrow <- found[!is.na(found$problem), ]
    expect_true(nrow(narrow) > 0L)
    expect_identical(unique(narrow$problem),
                     "interval narrower than the threshold")
  }

  together <- suppress_jointly(list(first = a, second = b))
  expect_named(together, c("first", "second"))
  keys <- lapply(together, withheld_keys)
  expect_identical(intersect(keys[[1]], shared), intersect(keys[[2]], shared))
  checked <- check_jointly(together)
  expect_true(all(is.na(checked$problem)))
  expect_true(all(checked$upper - checked$lower >= 5))
  expect_identical(checked$table[1], "first")
  # Each table on its own is still safe.
  expect_identical(nrow(disclosure_check(together[[1]])), 0L)
  expect_identical(nrow(disclosure_check(together[[2]])), 0L)

  # The attacker agrees with one built by position from the layouts.
  oracle <- layout_bounds(together[[1]], by_rows = together[[2]])
  own <- checked[checked$table == "first", ]
  expect_equal(unname(oracle[seq_len(nrow(own)), ]),
               unname(cbind(own$lower, own$upper)))
  apart_oracle <- layout_bounds(apart[[1]], by_rows = apart[[2]])
  apart_own <- found[found$table == 1L, ]
  expect_equal(unname(apart_oracle[seq_len(nrow(apart_own)), ]),
               unname(cbind(apart_own$lower, apart_own$upper)))
})

test_that("intervals match an enumeration of every table on tiny data", {
  skip_if_not_installed("lpSolve")
  cells <- c(2, 6, 7, 8, 9, 9)
  d <- data.frame(r = factor(rep(c("a", "a", "b", "b", "c", "c"), cells)),
                  k = factor(rep(c("x", "y", "x", "y", "x", "y"), cells)))
  out <- suppress_jointly(list(cohort_table(d, r, k), cohort_table(d, r)),
                          threshold = 3)
  checked <- check_jointly(out, threshold = 3)
  expect_true(all(is.na(checked$problem)))
  v <- counts_of(out[[1]])
  w <- counts_of(out[[2]])[, 1]
  expect_true(sum(is.na(v)) >= 4L)
  # Every 3 x 2 table of whole numbers 0 to 15 (no cell can be more): the
  # published cells of both tables as sums of its cells (`along`), those
  # that agree with what is shown, hidden cells at least 1.
  along <- rbind(diag(6), kronecker(t(rep(1, 2)), diag(3)),
                 kronecker(diag(2), t(rep(1, 3))), rep(1, 6))
  published <- c(v[1:3, 1:2], v[1:3, 3], v[4, 1:2], v[4, 3])
  along <- rbind(along, kronecker(t(rep(1, 2)), diag(3)), rep(1, 6))
  published <- c(published, w)
  body <- c(v[1:3, 1:2])
  free <- as.matrix(expand.grid(rep(list(0:15), sum(is.na(body)))))
  grid <- matrix(body, nrow(free), 6, byrow = TRUE)
  grid[, is.na(body)] <- free
  sums <- grid %*% t(along)
  shown <- !is.na(published)
  fits <- rowSums(sums[, shown, drop = FALSE] !=
                    matrix(published[shown], nrow(sums), sum(shown),
                           byrow = TRUE)) == 0 &
    rowSums(sums[, !shown, drop = FALSE] < 1) == 0
  expect_true(any(fits))
  lower <- apply(sums[fits, !shown, drop = FALSE], 2, min)
  upper <- apply(sums[fits, !shown, drop = FALSE], 2, max)
  # The same cells in the order of check_jointly(): table 1 by row and
  # column, then table 2.
  two_way <- matrix(seq_len(12), 4, 3)
  order_1 <- match(c(t(two_way)), c(c(two_way[1:3, 1:2]), two_way[1:3, 3],
                                    two_way[4, 1:2], two_way[4, 3]))
  position <- c(order_1, 13:16)
  hidden_in_order <- position[position %in% which(!shown)]
  expect_equal(checked$lower, unname(lower[match(hidden_in_order,
                                                 which(!shown))]))
  expect_equal(checked$upper, unname(upper[match(hidden_in_order,
                                                 which(!shown))]))
})

test_that("whole and by group, one- and two-way, counts and percentages", {
  skip_if_not_installed("lpSolve")
  d <- lewisham_offenders[seq(1, 1338, by = 9), ]
  d$group <- factor(ifelse(d$iom, "IOM", "Other"))
  sets <- list(
    whole_by = list(cohort_table(d, cohort, status),
                    cohort_table(d, cohort, status, by = group)),
    one_two = list(cohort_table(d, cohort),
                   cohort_table(d, cohort, status)),
    percent = list(cohort_table(d, cohort, status),
                   cohort_table(d, cohort, status, percent = "row")))
  for (name in names(sets)) {
    out <- suppress_jointly(sets[[name]])
    checked <- check_jointly(out)
    expect_true(nrow(checked) > 0L, label = name)
    expect_true(all(is.na(checked$problem)), label = name)
    expect_true(all(checked$linked), label = name)
  }
  # A table and its percentage version withhold the same counts, and the
  # percentages of withheld counts.
  out <- suppress_jointly(sets$percent)
  expect_identical(withheld_keys(out[[1]]), withheld_keys(out[[2]]))
  applies <- out[[2]]$Total %in% NA | out[[2]]$Total > 0
  expect_identical(is.na(out[[2]]$`Custody %`)[applies],
                   (is.na(out[[2]]$Custody) | is.na(out[[2]]$Total))[applies])
})

test_that("needs profiles whole and by group are suppressed together", {
  skip_if_not_installed("lpSolve")
  d <- lewisham_offenders[1:200, ]
  needs <- grep("^need_", names(d), value = TRUE)[1:4]
  whole <- needs_profile(d, needs)
  by_group <- needs_profile(d, needs, by = cohort)
  apart <- list(suppress_small(whole), suppress_small(by_group))
  expect_true(any(!is.na(check_jointly(apart)$problem)))
  out <- suppress_jointly(list(whole, by_group))
  checked <- check_jointly(out)
  expect_true(all(is.na(checked$problem)))
  expect_true(all(checked$linked))
  # The needs get a copy of the cube each, not their product.
  cells <- lapply(out, reoffending:::count_cells)
  cube <- reoffending:::build_cube(cells)
  expect_setequal(cube$star, needs)
  expect_identical(cube$n, length(needs) * 2 * 2 * 5)
})

test_that("a table and its subset are suppressed together", {
  skip_if_not_installed("lpSolve")
  d <- lewisham_offenders[1:300, ]
  whole <- cohort_table(d, cohort, status)
  part <- cohort_table(d[d$iom, ], cohort, status)
  links <- reoffending:::linked_sets(lapply(list(whole, part),
                                            reoffending:::count_cells))
  expect_identical(links$sets, list(1:2))
  # The subset's keys fix its own records and the whole's.
  expect_length(links$filters[[1]], 1L)
  expect_length(links$filters[[2]], 2L)
  out <- suppress_jointly(list(whole, part))
  checked <- check_jointly(out)
  expect_true(all(checked$linked))
  expect_true(all(is.na(checked$problem)))
  # More records in the smaller table's cells than the larger's: no subset.
  other <- cohort_table(lewisham_offenders[301:360, ], cohort, status)
  links <- reoffending:::linked_sets(lapply(list(other, part),
                                            reoffending:::count_cells))
  expect_identical(links$sets, list(1L, 2L))
})

test_that("tables of other records, or no dims, are suppressed on their own", {
  skip_if_not_installed("lpSolve")
  a <- cohort_table(team, cohort, status)
  # Another team of as many records: the same variables, other totals.
  other <- cohort_table(lewisham_offenders[61:120, ], cohort, status)
  out <- suppress_jointly(list(a, other))
  expect_identical(out[[1]], suppress_small(a))
  expect_identical(out[[2]], suppress_small(other))
  # A whole table and one by group of other records, as many: no key in
  # common, but no table of counts fits both.
  by_group <- cohort_table(lewisham_offenders[61:120, ], cohort, status,
                           by = iom)
  out <- suppress_jointly(list(a, by_group))
  expect_identical(out[[1]], suppress_small(a))
  expect_identical(out[[2]], suppress_small(by_group))
  plain <- suppressMessages(report_table(
    data.frame(area = c("A", "B", "Total"), n = c(3L, 9L, 12L))))
  out <- suppress_jointly(list(a, plain))
  expect_identical(out[[1]], suppress_small(a))
  expect_identical(as.data.frame(out[[2]]),
                   as.data.frame(suppress_small(plain)))
  checked <- check_jointly(list(suppress_small(plain)))
  expect_false(any(checked$linked))
  # Its own cube: 3 and 9 hidden against a total of 12.
  expect_identical(checked$lower, c(1, 1))
  expect_identical(checked$upper, c(11, 11))

  expect_error(suppress_jointly(list(suppress_small(a), other)),
               class = "reoffending_error_bad_argument")
  expect_error(suppress_jointly(a), class = "reoffending_error_bad_argument")
  expect_error(suppress_jointly(list(a, "b")),
               class = "reoffending_error_bad_argument")
})

test_that("without lpSolve, linked tables are refused", {
  ns <- asNamespace("reoffending")
  old <- get("has_lpsolve", envir = ns)
  unlockBinding("has_lpsolve", ns)
  assign("has_lpsolve", function() FALSE, envir = ns)
  on.exit({
    assign("has_lpsolve", old, envir = ns)
    lockBinding("has_lpsolve", ns)
  })
  a <- cohort_table(team, cohort, status)
  b <- cohort_table(team, status, by = cohort)
  expect_error(suppress_jointly(list(a, b)),
               class = "reoffending_error_missing_package")
  expect_error(suppress_jointly(list(a, b)),
               "lpSolve is needed to suppress linked tables together")
  expect_error(check_jointly(list(suppress_small(a), suppress_small(b))),
               class = "reoffending_error_missing_package")
  # Unlinked tables need no solver.
  other <- cohort_table(lewisham_offenders[61:120, ], cohort, status)
  expect_identical(suppress_jointly(list(a, other))[[1]], suppress_small(a))
})

test_that("write_report() suppresses its tables together", {
  skip_if_not_installed("lpSolve")
  skip_if_not_installed("readxl")
  a <- cohort_table(team, cohort, status)
  b <- cohort_table(team, status, by = cohort)
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Caseload = a, Grouped = b), path, title = "Team")
  together <- suppress_jointly(list(a, b))
  first <- readxl::read_excel(path, "Caseload", skip = 3, col_types = "text")
  expect_identical(first$Custody,
                   ifelse(is.na(together[[1]]$Custody), "[c]",
                          as.character(together[[1]]$Custody)))
  second <- readxl::read_excel(path, "Grouped", skip = 3, col_types = "text")
  expect_identical(second$Total,
                   ifelse(is.na(together[[2]]$Total), "[c]",
                          as.character(together[[2]]$Total)))
  # Suppressed one by one beforehand, they give each other away.
  expect_error(write_report(list(suppress_small(a), suppress_small(b)), path,
                            title = "Team", overwrite = TRUE),
               "would disclose with the tables published beside it",
               class = "reoffending_error_disclosure")
  # The same table at two thresholds: the lower shows what the higher hides.
  expect_error(write_report(list(a, suppress_small(a, threshold = 3)), path,
                            title = "Team", overwrite = TRUE,
                            suppress = 10),
               class = "reoffending_error_disclosure")
})

test_that("disclosure_check() of a list reports what the tables give away together", {
  skip_if_not_installed("lpSolve")
  team <- lewisham_offenders[1:60, ]
  whole <- cohort_table(team, cohort, status)
  by_cohort <- cohort_table(team, status, by = cohort)
  apart <- list(whole = suppress_small(whole),
                by_cohort = suppress_small(by_cohort))
  # Each is safe on its own ...
  expect_identical(nrow(disclosure_check(apart$whole)), 0L)
  expect_identical(nrow(disclosure_check(apart$by_cohort)), 0L)
  # ... but not together.
  problems <- disclosure_check(apart)
  expect_identical(names(problems), c("table", "row", "column", "label",
                                      "value", "lower", "upper", "problem"))
  expect_gt(nrow(problems), 0L)
  expect_true(all(problems$table %in% c("whole", "by_cohort")))
  expect_true(all(problems$upper - problems$lower < 5))
  together <- suppress_small(list(whole = whole, by_cohort = by_cohort))
  expect_identical(names(together), c("whole", "by_cohort"))
  expect_identical(nrow(disclosure_check(together)), 0L)
  # A small count shown in one table of the list is found too.
  shown <- disclosure_check(list(a = together$whole, b = by_cohort))
  expect_true("small count shown" %in% shown$problem[shown$table == "b"])
})
