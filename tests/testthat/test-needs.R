needs_records <- function(n = 3000, seed = 3) {
  set.seed(seed)
  d <- data.frame(area = factor(sample(c("North", "South", NA), n,
                                       replace = TRUE, prob = c(.5, .45, .05)),
                                levels = c("North", "South", "West")))
  for (k in 1:4) {
    d[[paste0("need_", k)]] <- sample(c(TRUE, FALSE, NA), n, replace = TRUE,
                                      prob = c(.3, .6, .1))
  }
  not_assessed <- sample.int(n, n %/% 4)
  d[not_assessed, paste0("need_", 1:4)] <- NA
  d
}

test_that("counts and percentages follow a base R oracle", {
  d <- needs_records()
  needs <- paste0("need_", 1:4)
  tab <- needs_profile(d, needs)
  assessed <- rowSums(!is.na(d[needs])) > 0
  expect_identical(tab$need, c("1", "2", "3", "4", "Total Offenders"))
  expect_identical(tab$offenders,
                   c(as.integer(colSums(d[needs], na.rm = TRUE)),
                     sum(assessed)))
  expect_equal(tab$percentage,
               c(colSums(d[needs], na.rm = TRUE) / sum(assessed), NA),
               ignore_attr = TRUE)
  expect_identical(unname(record_roles(tab)),
                   c("label", "count", "proportion"))
})

test_that("by gives one offenders/percentage pair per group", {
  d <- needs_records()
  needs <- paste0("need_", 1:4)
  tab <- needs_profile(d, needs, by = area)
  expect_identical(names(tab),
                   c("need", "North offenders", "North percentage",
                     "South offenders", "South percentage",
                     "West offenders", "West percentage",
                     "Missing offenders", "Missing percentage"))
  south <- d[d$area %in% "South", ]
  assessed <- sum(rowSums(!is.na(south[needs])) > 0)
  expect_identical(tab$`South offenders`,
                   c(as.integer(colSums(south[needs], na.rm = TRUE)),
                     assessed))
  expect_identical(tab$`West offenders`, rep(0L, 5))
  expect_true(all(is.na(tab$`West percentage`)))
})

test_that("0/1 flags equal logical flags; labels are used", {
  d <- needs_records()
  needs <- paste0("need_", 1:4)
  numeric <- d
  numeric[needs] <- lapply(d[needs], as.numeric)
  integer <- d
  integer[needs] <- lapply(d[needs], as.integer)
  expect_identical(needs_profile(numeric, needs), needs_profile(d, needs))
  expect_identical(needs_profile(integer, needs), needs_profile(d, needs))
  tab <- needs_profile(d, c(need_1, need_2), labels = c("Drugs", "Alcohol"))
  expect_identical(tab$need, c("Drugs", "Alcohol", "Total Offenders"))
})

test_that("default labels come from the column names", {
  d <- data.frame(need_thinking_behaviour = TRUE, need_ete = FALSE)
  expect_identical(needs_profile(d, names(d))$need,
                   c("Thinking behaviour", "Ete", "Total Offenders"))
})

test_that("nobody assessed gives zero counts and NA percentages", {
  d <- data.frame(need_a = c(NA, NA), need_b = c(NA, NA))
  tab <- needs_profile(d, c("need_a", "need_b"))
  expect_identical(tab$offenders, c(0L, 0L, 0L))
  expect_true(all(is.na(tab$percentage)))
  tab <- needs_profile(d[0, ], c("need_a", "need_b"))
  expect_identical(tab$offenders, c(0L, 0L, 0L))
})

test_that("levels give the groups and their order, empty ones kept", {
  d <- needs_records()
  needs <- paste0("need_", 1:4)
  own <- c("West", "South", "East", "North")
  tab <- needs_profile(d, needs, by = area, levels = list(area = own))
  expect_identical(tab, needs_profile(transform(d, area = factor(area, own)),
                                      needs, by = area))
  expect_identical(names(tab)[c(2, 6, 10)],
                   c("West offenders", "East offenders",
                     "Missing offenders"))
  expect_identical(tab$`East offenders`, rep(0L, 5))
  expect_identical(needs_profile(list(d[1:50, ], d[-(1:50), ]), needs,
                                 by = area, levels = list(area = own)), tab)
  expect_error(needs_profile(d, needs, by = area,
                             levels = list(area = c("West", "South"))),
               "not among its `levels`",
               class = "reoffending_error_bad_argument")
  expect_error(needs_profile(d, needs, levels = list(area = own)),
               "not the `by` column",
               class = "reoffending_error_bad_argument")
  expect_error(needs_profile(needs_tally(d, needs, by = area), levels = own),
               "`levels` must be NULL when `data` is a tally",
               class = "reoffending_error_bad_argument")
})

test_that("needs_profile() names the bad argument", {
  d <- needs_records(50)
  expect_error(needs_profile(1:3, "a"), "`data` must be a data frame")
  expect_error(needs_profile(d), "`needs` must name")
  expect_error(needs_profile(d, "need_9"), "`needs` must select columns of `data`: .*`need_9` doesn't exist")
  expect_error(needs_profile(d, "need_1", by = c(area, need_2)),
               "`by` must name one column")
  expect_error(needs_profile(d, "need_1", by = need_1), "`by` must not be")
  expect_error(needs_profile(d, c("need_1", "need_2"), labels = "A"),
               "`labels` must be a character vector with one label per need")
  d$need_text <- "yes"
  expect_error(needs_profile(d, need_text), "`need_text` must be logical")
  d$need_num <- 2
  expect_error(needs_profile(d, need_num), "`need_num` must hold only 0, 1")
  d$need_int <- 2L
  expect_error(needs_profile(d, need_int), "`need_int` must hold only 0, 1")
})
