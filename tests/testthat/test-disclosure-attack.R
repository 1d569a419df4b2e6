# An attacker with linear programming (helper-attack.R) against
# suppress_small(): for every withheld count of people, the interval an
# attacker can prove from everything published together is at least
# `threshold` wide.

skip_if_not_installed("lpSolve")

# The issue's table: two rows with 1, 1 and 10 of 12.
issue_records <- function() {
  data.frame(r = rep(c("A", "B", "C"), c(12, 12, 30)),
             k = c("x", "y", rep("z", 10), "x", "y", rep("z", 10),
                   rep(c("x", "y", "z"), each = 10)))
}

# ---- The attacker finds what it should ------------------------------------

test_that("the attacker's cube sums are the published counts", {
  d <- issue_records()
  d$g <- factor(rep(c("g1", "g2"), 27))
  d$s <- rep(c(TRUE, TRUE, FALSE), 18)
  specs <- list(
    attack_spec(rows = "r", cols = "k", by = "g", percent = "col"),
    attack_spec(rows = "r", cols = "k", totals = FALSE, percent = "row"),
    attack_spec(rows = "r", subset = "s", percent = "total"),
    attack_spec(rows = "k", by = "g", totals = FALSE)
  )
  tables <- lapply(specs, attack_build, records = d)
  # nothing withheld: nothing to attack, and every count checked against the
  # cube (a wrong mapping stops)
  res <- attack_tables(d, specs, tables)
  expect_equal(nrow(res), 0L)
})

test_that("primary suppression alone is attacked successfully", {
  d <- issue_records()
  spec <- attack_spec(rows = "r", cols = "k")
  # 1, 1 and 10 of 12 in a row, 1 and 1 of 12 in a column: every withheld
  # cell is pinned by its row's total
  res <- attack_case(d, list(spec), secondary = FALSE)
  expect_equal(nrow(res), 4L)
  expect_true(all(res$pinned))
  expect_equal(res$lower, res$truth, tolerance = 1e-6)
  expect_equal(res$upper, res$truth, tolerance = 1e-6)
})

test_that("a single withheld cell is pinned by its margin", {
  d <- attack_records(list(r = c("A", "B"), k = c("x", "y")), c(3, 10, 10, 10))
  res <- attack_case(d, list(attack_spec(rows = "r", cols = "k")),
                     secondary = FALSE)
  expect_equal(nrow(res), 1L)
  expect_true(res$pinned)
  expect_equal(res$lower, 3, tolerance = 1e-6)
})

# The issue's 4-cycle by hand: A's x and y withheld with B's, so that the
# columns only tie A to B and A's row total is what pins A.
hand_cycle <- function(d) {
  spec <- attack_spec(rows = "r", cols = "k")
  published <- as.data.frame(attack_build(spec, d))
  published[published$r %in% c("A", "B"), c("x", "y")] <- NA
  list(spec = spec, published = published)
}

test_that("withheld cells of 1 and 1 beside a shown total are pinned because each is at least 1", {
  d <- attack_records(list(r = c("A", "B"), k = c("x", "y", "z")),
                      c(1, 10, 1, 10, 10, 10))  # A: x = 1, y = 1, z = 10
  hand <- hand_cycle(d)
  res <- attack_tables(d, list(hand$spec), list(hand$published))
  expect_equal(nrow(res), 4L)
  expect_true(all(res$pinned))
  # with zeros suppressed the attacker only knows >= 0: A's cells 0 to 2
  res <- attack_tables(d, list(hand$spec), list(hand$published),
                       zeros = "suppress")
  expect_false(any(res$pinned))
  expect_equal(res$width, c(2, 2, 2, 2), tolerance = 1e-6)
  expect_true(all(res$narrower))
})

test_that("withheld cells of 2 and 2 beside a shown total lie in 1 to 3", {
  d <- attack_records(list(r = c("A", "B"), k = c("x", "y", "z")),
                      c(2, 10, 2, 10, 10, 10))
  hand <- hand_cycle(d)
  res <- attack_tables(d, list(hand$spec), list(hand$published))
  a <- res[res$row == 1, ]
  expect_equal(a$lower, c(1, 1), tolerance = 1e-6)
  expect_equal(a$upper, c(3, 3), tolerance = 1e-6)
  expect_false(any(res$pinned))
  expect_true(all(res$narrower))
  # a cycle through a row with room is safe: A = 2, 10, 10 and B = 10, 10,
  # 10 hidden in x and y leave A's x anywhere in 1 to 11
  d <- attack_records(list(r = c("A", "B"), k = c("x", "y", "z")),
                      c(2, 10, 10, 10, 10, 10))
  hand <- hand_cycle(d)
  res <- attack_tables(d, list(hand$spec), list(hand$published))
  expect_equal(res$width, rep(10, 4), tolerance = 1e-6)
  expect_false(any(res$narrower))
})

test_that("a percentage of an unpublished total gives a withheld count away", {
  d <- issue_records()
  spec <- attack_spec(rows = "r", cols = "k", totals = FALSE, percent = "row")
  published <- as.data.frame(attack_build(spec, d))
  # hide x and its percentage in row A: z (10, 83.3%) fixes the row total
  published[1, c("x", "x %")] <- NA
  res <- attack_tables(d, list(spec), list(published))
  expect_true(res$pinned)
  expect_equal(res$lower, 1, tolerance = 1e-5)
  # without the percentages the row has no total: unbounded above
  spec0 <- attack_spec(rows = "r", cols = "k", totals = FALSE)
  published0 <- as.data.frame(attack_build(spec0, d))
  published0[1, c("x", "y")] <- NA
  res <- attack_tables(d, list(spec0), list(published0))
  expect_equal(res$upper, c(Inf, Inf))
})

test_that("a percentage shown as not applicable ([z]) says its denominator is 0", {
  # A = 0, 0 (row total 0) and C = 8, 6 withheld, zeros suppressed: only the
  # columns tie A to C, unless A's percentages say [z] rather than [c]
  d <- attack_records(list(r = c("A", "B", "C"), k = c("x", "y")),
                      c(0, 7, 8, 0, 9, 6))
  spec <- attack_spec(rows = "r", cols = "k", percent = "row")
  published <- as.data.frame(attack_build(spec, d))
  published[c(1, 3), c("x", "x %", "y", "y %", "Total", "Total %")] <- NA
  res <- attack_tables(d, list(spec), list(published), zeros = "suppress")
  expect_false(any(res$narrower))
  attr(published, "attack_z") <- data.frame(row = 1L, column = c("x %", "y %", "Total %"))
  res <- attack_tables(d, list(spec), list(published), zeros = "suppress")
  expect_true(all(res$pinned))
})

test_that("a table and its subset bound each other", {
  # whole: A = 10, B = 10 of 20; subset (s): A = 2 withheld, B = 8 shown,
  # total 10: the subset's A is pinned; hidden with B it is only bounded
  # by the whole table (A <= 10, B <= 10)
  d <- attack_records(list(r = c("A", "B"), s = c("FALSE", "TRUE")),
                      c(8, 2, 2, 8))
  d$s <- d$s == "TRUE"
  specs <- list(attack_spec(rows = "r"), attack_spec(rows = "r", subset = "s"))
  tables <- lapply(specs, function(s) as.data.frame(attack_build(s, d)))
  tables[[2]][1, "Total"] <- NA
  res <- attack_tables(d, specs, tables)
  expect_true(res$pinned)
  tables[[2]][1:2, "Total"] <- NA
  res <- attack_tables(d, specs, tables)
  expect_equal(res$lower, c(1, 1), tolerance = 1e-6)
  expect_equal(res$upper, c(9, 9), tolerance = 1e-6)
  # the subset's total too: then B's 8 is at most 10, A's 2 at most 10
  tables[[2]][3, "Total"] <- NA
  res <- attack_tables(d, specs, tables)
  expect_equal(res$upper, c(10, 10, 20), tolerance = 1e-6)
})

test_that("a needs profile's percentages give a withheld count away", {
  d <- data.frame(n1 = c(rep(TRUE, 3), rep(FALSE, 17)),
                  n2 = c(rep(TRUE, 12), rep(FALSE, 8)),
                  n3 = NA)
  d$n3[1:20] <- c(rep(TRUE, 6), rep(FALSE, 14))
  d <- rbind(d, data.frame(n1 = NA, n2 = NA, n3 = rep(NA, 4)))  # not assessed
  spec <- attack_spec("needs", needs = c("n1", "n2", "n3"))
  published <- as.data.frame(attack_build(spec, d))
  expect_equal(published$offenders, c(3, 12, 6, 20))
  published[1, "offenders"] <- NA
  res <- attack_tables(d, list(spec), list(published))
  expect_true(res$pinned)  # 20 assessed times its percentage
  published[1, "percentage"] <- NA
  res <- attack_tables(d, list(spec), list(published))
  expect_equal(c(res$lower, res$upper), c(1, 20), tolerance = 1e-6)
})

test_that("a rates table's proportion or Wilson limits give reoffenders away", {
  d <- data.frame(g = factor(rep(c("a", "b"), c(30, 40))),
                  reoffended = c(rep(TRUE, 3), rep(FALSE, 27),
                                 rep(TRUE, 15), rep(FALSE, 25)))
  d$reoffences <- ifelse(d$reoffended, 2L, 0L)
  spec <- attack_spec("rates", by = "g")
  published <- as.data.frame(attack_build(spec, d))
  published[1, "reoffenders"] <- NA
  res <- attack_tables(d, list(spec), list(published))
  expect_true(res$pinned)  # proportion x offenders
  published[1, c("proportion", "per_reoffender")] <- NA
  res <- attack_tables(d, list(spec), list(published))
  expect_true(res$pinned)  # the Wilson limits
  published[1, c("proportion_lower", "proportion_upper")] <- NA
  res <- attack_tables(d, list(spec), list(published))
  expect_false(res$pinned)
  # each reoffender has at least one of the 6 reoffences
  expect_equal(c(res$lower, res$upper), c(1, 6), tolerance = 1e-6)
})

test_that("skipping settled LPs changes no verdict", {
  set.seed(1)
  for (i in 1:15) {
    d <- attack_records(list(r = paste0("r", 1:4), k = paste0("k", 1:3)),
                        ifelse(stats::runif(12) < 0.5, stats::rpois(12, 2),
                               stats::rpois(12, 15)))
    spec <- attack_spec(rows = "r", cols = "k",
                        percent = c("none", "row", "col", "total")[i %% 4 + 1],
                        totals = i %% 3 != 0)
    published <- list(suppress_small(attack_build(spec, d),
                                     secondary = i %% 2 == 0))
    exact <- attack_tables(d, list(spec), published)
    quick <- attack_tables(d, list(spec), published, exact = FALSE)
    expect_identical(quick[c("pinned", "narrower", "infeasible")],
                     exact[c("pinned", "narrower", "infeasible")])
    expect_true(all(quick$width <= exact$width + 1e-6))
  }
})

# ---- Regression cases from the issue ---------------------------------------

expect_safe <- function(res, threshold = 5, label = "") {
  expect_gt(nrow(res), 0L)
  bad <- res[res$narrower | res$infeasible, , drop = FALSE]
  expect(nrow(bad) == 0L, paste0(label, if (nzchar(label)) ": ",
    nrow(bad), " of ", nrow(res), " withheld cells can be narrowed below ",
    threshold, ":\n", paste(utils::capture.output(print(bad)), collapse = "\n")))
  invisible(res)
}

test_that("the issue's table: 1 and 1 of 12 in two rows is not pinned", {
  d <- issue_records()
  expect_safe(attack_case(d, list(attack_spec(rows = "r", cols = "k"))))
})

test_that("the issue's table without totals, with row, column or overall percentages", {
  d <- issue_records()
  for (percent in c("row", "col", "total")) {
    spec <- attack_spec(rows = "r", cols = "k", totals = FALSE, percent = percent)
    expect_safe(attack_case(d, list(spec)), label = percent)
  }
})

test_that("a rates table's small reoffenders is not proportion times offenders", {
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  old <- followed[followed$age >= 70, ]
  spec <- attack_spec("rates", by = c("cohort_year", "sex"))
  expect_safe(attack_case(old, list(spec)))
  # one row: the whole cohort aged 74 and over
  expect_safe(attack_case(followed[followed$age >= 74, ],
                          list(attack_spec("rates"))))
  # by age: many small groups, reoffences published beside them; first
  # with the margins and rates only, then also knowing that every
  # reoffender has at least one reoffence (reoffences of 1 shown beside a
  # withheld reoffenders say it is 1)
  older <- followed[followed$age >= 60, ]
  spec <- attack_spec("rates", by = c("cohort_year", "age"))
  expect_safe(attack_case(older, list(spec), at_least_one_reoffence = FALSE))
  expect_safe(attack_case(older, list(spec)))
})

test_that("the README pair, suppressed jointly, is safe", {
  team <- lewisham_offenders[1:60, ]
  specs <- list(attack_spec(rows = "cohort", cols = "status"),
                attack_spec(rows = "status", by = "cohort"))
  expect_safe(attack_case(team, specs))
})

test_that("a caseload and its IOM subset, suppressed jointly, are safe (copies of the cube with star variables of different sizes)", {
  # The Lewisham caseload (cohort by status) and its IOM cases by cohort:
  # the cube's copies sum over status (3 levels) and over the IOM flag, and
  # the equations tying their margins once had recycled coefficients.
  team <- lewisham_offenders[seq(1, 1338, by = 4), ]
  specs <- list(attack_spec(rows = "cohort", cols = "status"),
                attack_spec(rows = "cohort", subset = "iom"))
  res <- expect_no_warning(attack_case(team, specs))
  expect_safe(res)
})

test_that("zeros = \"suppress\": withheld zeros are only known to be >= 0", {
  team <- lewisham_offenders[1:60, ]
  expect_safe(attack_case(team, list(attack_spec(rows = "cohort", cols = "status")),
                          zeros = "suppress"))
  expect_safe(attack_case(team, list(attack_spec(rows = "cohort", cols = "status",
                                                 percent = "row")),
                          zeros = "suppress"))
  expect_safe(attack_case(team, list(attack_spec(rows = "cohort", cols = "status",
                                                 totals = FALSE, percent = "col")),
                          zeros = "suppress"))
  d <- issue_records()
  expect_safe(attack_case(d, list(attack_spec(rows = "r", cols = "k")),
                          zeros = "suppress"))
})

test_that("no output of a suppressed table says which cells were primary", {
  team <- lewisham_offenders[1:60, ]
  safe <- suppress_small(cohort_table(team, cohort, status, percent = "row"))
  shown <- c(
    utils::capture.output(print(as.data.frame(safe))),
    format(safe),
    utils::capture.output(print(safe))
  )
  deparsed <- c(
    utils::capture.output(dput(table_record(safe))),
    deparse(attributes(unclass(safe))),
    deparse(attributes(safe))
  )
  expect_false(any(grepl("primary", c(shown, deparsed), ignore.case = TRUE)))
  # `secondary` is a setting of suppress_small() (table_record()$suppression),
  # but never a value saying why a cell was withheld
  expect_false(any(grepl("\"secondary\"", deparsed, fixed = TRUE)))
  expect_false(any(grepl("secondary", shown, ignore.case = TRUE)))
})

# ---- A seeded random attack -------------------------------------------------

# Records with many small cells: each cell of rows x cols x groups holds a
# Poisson(2) or a Poisson(15) count; `s` marks a random subset of records.
random_records <- function(n_rows, n_cols, n_groups) {
  levels <- list(r = paste0("r", seq_len(n_rows)), k = paste0("k", seq_len(n_cols)),
                 g = paste0("g", seq_len(n_groups)))
  cells <- n_rows * n_cols * n_groups
  counts <- ifelse(stats::runif(cells) < 0.5, stats::rpois(cells, 2),
                   stats::rpois(cells, 15))
  d <- attack_records(levels, counts)
  d$s <- stats::runif(nrow(d)) < 0.6
  d
}

# Offenders with three need flags: a few not assessed (all NA), some
# assessed with one flag missing.
random_needs <- function(n_groups) {
  n <- sum(stats::rpois(n_groups, 12)) + 1L
  g <- factor(sample(paste0("g", seq_len(n_groups)), n, replace = TRUE),
              levels = paste0("g", seq_len(n_groups)))
  d <- data.frame(g = g)
  for (v in c("n1", "n2", "n3")) {
    d[[v]] <- stats::runif(n) < stats::runif(1, 0.03, 0.5)
    d[[v]][stats::runif(n) < 0.05] <- NA
  }
  unassessed <- stats::runif(n) < 0.15
  d[unassessed, c("n1", "n2", "n3")] <- NA
  d
}

random_setting <- function() {
  list(threshold = sample(c(3, 5, 10), 1),
       zeros = sample(c("keep", "suppress"), 1))
}

# Runs `draws` cases from `draw()` (records, specs, threshold, zeros),
# reports the family's line and expects nothing narrowed.
attack_family <- function(family, draws, draw) {
  tally <- attack_tally()
  for (i in seq_len(draws)) {
    case <- draw()
    res <- attack_case(case$records, case$specs, threshold = case$threshold,
                       zeros = case$zeros, exact = FALSE)
    tally$add(res, length(case$specs), label = paste0("draw ", i, " ",
      case$zeros, " threshold ", case$threshold, ": ",
      paste(vapply(case$specs, attack_describe, ""), collapse = " + ")))
  }
  message(tally$line(family))
  expect_equal(tally$pinned, 0L, label = paste(family, "pinned"))
  expect_equal(tally$narrower, 0L, label = paste(family, "narrower than threshold"))
  expect_equal(tally$infeasible, 0L, label = paste(family, "infeasible"))
}

attack_describe <- function(spec) {
  paste0(spec$type, "(", paste(c(spec$rows, spec$cols, spec$needs,
    if (length(spec$by)) paste0("by ", spec$by),
    if (!is.null(spec$subset)) paste0("subset ", spec$subset),
    if (!isTRUE(spec$totals)) "no totals",
    if (!identical(spec$percent, "none")) paste0("percent ", spec$percent)),
    collapse = ", "), ")")
}

draws <- function(n) if (attack_valgrind()) 10L else n

test_that("random single tables: no withheld cell narrower than the threshold", {
  set.seed(20240601)
  attack_family("single tables", draws(300), function() {
    n_groups <- sample(1:3, 1)
    spec <- attack_spec(rows = "r", cols = "k",
                        by = if (n_groups > 1) "g",
                        totals = sample(c(TRUE, FALSE), 1),
                        percent = sample(c("none", "row", "col", "total"), 1))
    c(list(records = random_records(sample(2:7, 1), sample(2:5, 1), n_groups),
           specs = list(spec)), random_setting())
  })
})

test_that("random pairs suppressed jointly: whole and by group", {
  set.seed(20240601)
  attack_family("whole vs by group", draws(100), function() {
    c(list(records = random_records(sample(2:6, 1), sample(2:4, 1), sample(2:3, 1)),
           specs = list(attack_spec(rows = "r", cols = "k"),
                        attack_spec(rows = "r", cols = "k", by = "g"))),
      random_setting())
  })
})

test_that("random pairs suppressed jointly: the README pair on a team", {
  set.seed(20240601)
  attack_family("README pair", draws(100), function() {
    team <- lewisham_offenders[sample(nrow(lewisham_offenders), sample(25:90, 1)), ]
    c(list(records = team,
           specs = list(attack_spec(rows = "cohort", cols = "status"),
                        attack_spec(rows = "status", by = "cohort"))),
      random_setting())
  })
})

test_that("random pairs suppressed jointly: needs, whole and by group", {
  set.seed(20240601)
  needs <- c("n1", "n2", "n3")
  attack_family("needs whole vs by group", draws(100), function() {
    c(list(records = random_needs(sample(2:3, 1)),
           specs = list(attack_spec("needs", needs = needs),
                        attack_spec("needs", needs = needs, by = "g"))),
      random_setting())
  })
})

test_that("random pairs suppressed jointly: one-way and two-way", {
  set.seed(20240601)
  attack_family("one-way vs two-way", draws(100), function() {
    c(list(records = random_records(sample(2:7, 1), sample(2:5, 1), 1),
           specs = list(attack_spec(rows = "r"),
                        attack_spec(rows = "r", cols = "k"))),
      random_setting())
  })
})

test_that("random pairs suppressed jointly: a table and its subset", {
  set.seed(20240601)
  attack_family("table vs subset", draws(100), function() {
    c(list(records = random_records(sample(2:6, 1), sample(2:4, 1), 1),
           specs = list(attack_spec(rows = "r", cols = "k"),
                        attack_spec(rows = "r", cols = "k", subset = "s"))),
      random_setting())
  })
})

test_that("random pairs suppressed jointly: counts and their row percentages", {
  set.seed(20240601)
  attack_family("table vs percentages", draws(100), function() {
    c(list(records = random_records(sample(2:6, 1), sample(2:4, 1), 1),
           specs = list(attack_spec(rows = "r", cols = "k"),
                        attack_spec(rows = "r", cols = "k", percent = "row"))),
      random_setting())
  })
})
