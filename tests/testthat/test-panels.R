# An independent check character: the number YYNNNNNNN mod 23 by long
# division over its digits, as a letter of the PNC alphabet.
oracle_check <- function(year2, serial7) {
  digits <- as.integer(strsplit(paste0(year2, serial7), "")[[1]])
  r <- 0
  for (d in digits) r <- (r * 10 + d) %% 23
  substr("ZABCDEFGHJKLMNPQRTUVWXY", r + 1, r + 1)
}
valid_pnc <- function(year, serial) {
  s <- sprintf("%07d", serial)
  paste0(year, "/", s, oracle_check(sprintf("%02d", year %% 100), s))
}

test_that("normalise_pnc() writes PNC IDs one way and checks them", {
  expect_identical(valid_pnc(2001, 23456), "2001/0023456K")
  expect_identical(
    normalise_pnc(c("2001/0023456K", " 2001/23456k", "20010023456K",
                    "2001 / 0023456 K", NA)),
    c(rep("2001/0023456K", 4), NA))
  set.seed(1)
  years <- sample(1980:2020, 200, replace = TRUE)
  serials <- sample(0:9999999, 200)
  ids <- mapply(valid_pnc, years, serials)
  expect_identical(normalise_pnc(unname(ids)), unname(ids))
  # every other check character is refused
  wrong <- paste0(substr(ids[1], 1, 12),
                  setdiff(LETTERS, substr(ids[1], 13, 13)))
  expect_identical(normalise_pnc(wrong, invalid = "na"),
                   rep(NA_character_, 25))
  expect_error(normalise_pnc("2001/0023456A"), "row 1",
               class = "reoffending_error_bad_argument")
  expect_snapshot_error(normalise_pnc(c("2001/0023456K", "01/23456K",
                                        "2001/00234567K")))
  expect_error(normalise_pnc(1), class = "reoffending_error_bad_argument")
  expect_error(normalise_pnc("x", invalid = "drop"), "`invalid`",
               class = "reoffending_error_bad_argument")
})

# People by combination, in base R: each person's panels pasted in panel
# order, tabulated.
oracle_overlap <- function(ids, panels, levels) {
  on <- tapply(panels, ids, function(p) {
    paste(levels[levels %in% p], collapse = "+")
  })
  table(unname(on))
}

test_that("panel_overlap() counts people by combination like base R", {
  set.seed(14)
  pool <- sprintf("P%03d", 1:300)
  levels <- c("MAPPA", "IOM", "DIP", "ASB", "YOS")
  lists <- lapply(c(40, 120, 90, 70, 30), function(n) {
    data.frame(id = sample(pool, n, replace = TRUE))
  })
  names(lists) <- levels
  res <- do.call(panel_overlap, c(lists, id = "id", id_format = "text"))
  expect_s3_class(res, "report_table")
  long <- do.call(rbind, Map(function(p, f) data.frame(panel = p, id = f$id),
                             levels, lists))
  oracle <- oracle_overlap(long$id, long$panel, levels)
  body <- res$combination != "All people"
  got <- overlap_people(res)
  key <- apply(as.matrix(got[levels]), 1, function(r) {
    paste(levels[r], collapse = "+")
  })
  expect_identical(as.vector(table(key)[names(oracle)]), as.vector(oracle))
  expect_identical(sum(res$people[body]), length(unique(long$id)))
  expect_identical(res$people[!body], length(unique(long$id)))
  expect_equal(sum(res$share[body]), 1)
  expect_identical(sort(res$people[body]), sort(as.vector(oracle)))
  # fewest panels first
  expect_false(is.unsorted(res$panels[body]))
  # repeats: rows naming a person already on the same list
  repeats <- overlap_repeats(res)
  expect_identical(nrow(repeats),
                   sum(vapply(lists, function(f) sum(duplicated(f$id)),
                              integer(1))))
  # the long form gives the same table
  long_res <- panel_overlap(long, id = id, id_format = "text")
  expect_identical(as.data.frame(long_res), as.data.frame(res))
})

test_that("panel_overlap() recreates the known Havering combinations", {
  res <- panel_overlap(havering_panels, id = pnc_id)
  counts <- setNames(res$people, res$combination)
  expect_identical(
    counts[c("IOM only", "IOM and DIP", "MAPPA and IOM",
             "MAPPA, IOM and DIP", "IOM and ASB", "IOM, DIP and ASB",
             "MAPPA only", "MAPPA and ASB", "DIP only", "DIP and ASB",
             "ASB only", "All people")],
    c("IOM only" = 50L, "IOM and DIP" = 25L, "MAPPA and IOM" = 8L,
      "MAPPA, IOM and DIP" = 5L, "IOM and ASB" = 4L, "IOM, DIP and ASB" = 3L,
      "MAPPA only" = 12L, "MAPPA and ASB" = 2L, "DIP only" = 22L,
      "DIP and ASB" = 5L, "ASB only" = 26L, "All people" = 162L))
  expect_identical(nrow(overlap_people(res, "IOM", exact = FALSE)), 95L)
  expect_identical(nrow(overlap_people(res, c("MAPPA", "IOM", "DIP"))), 5L)
  expect_identical(overlap_repeats(res)$panel, c("IOM", "DIP", "DIP"))
  notes <- table_record(res)$notes
  expect_true(any(grepl("52 of 162 people", notes)))
  expect_identical(record_roles(res)[["people"]], "count")
  # the IOM list is the 95 nominals of 2016-17
  iom <- overlap_people(res, "IOM", exact = FALSE)$id
  nominals <- unique(havering_meetings$id[havering_meetings$date >=
                                            as.Date("2016-04-01")])
  expect_setequal(iom, nominals)
})

test_that("panel_matches() reports scored candidates and merges nothing", {
  skip_if_not_installed("stringdist")
  m <- panel_matches(havering_panels, name = name, dob = dob, id = pnc_id)
  expect_identical(nrow(m), 2L)
  expect_true(all(m$score >= 0.9 & m$score < 1))
  expect_setequal(paste(m$panel_a, m$panel_b), "ASB DIP")
  expect_identical(m$name_a, paste0(m$name_b, "e"))
  # without identifiers, people on two lists match themselves exactly
  all <- panel_matches(havering_panels, name = name, dob = dob)
  expect_true(sum(all$score == 1) > 50)
  # surname first is the same name
  lists <- list(A = data.frame(name = "SMITH, John", dob = "1980-01-02"),
                B = data.frame(name = "john smith", dob = "1980-01-02"),
                C = data.frame(name = "John Smith", dob = "1980-01-03"))
  both <- panel_matches(A = lists$A, B = lists$B, C = lists$C)
  expect_identical(nrow(both), 1L)
  expect_identical(both$score, 1)
  expect_error(panel_matches(havering_panels, min_score = 2), "`min_score`",
               class = "reoffending_error_bad_argument")
  expect_error(panel_matches(havering_panels, method = "soundex"),
               "`method`", class = "reoffending_error_bad_argument")
})

test_that("bad lists are errors naming the list and rows", {
  e <- "reoffending_error_bad_argument"
  a <- data.frame(pnc_id = c("2001/0023456K", NA))
  b <- data.frame(pnc_id = "2001/0023456K")
  expect_snapshot_error(panel_overlap(A = a, B = b))
  expect_error(panel_overlap(A = data.frame(pnc_id = c("2001/0023456K", " ")),
                             B = b), "row 2", class = e)
  expect_error(panel_overlap(A = data.frame(pnc_id = "2001/0023456A"), B = b),
               "A\\$pnc_id", class = e)
  expect_error(panel_overlap(b, b), "named", class = e)
  expect_error(panel_overlap(A = b, A = b), "named", class = e)
  expect_error(panel_overlap(), class = e)
  expect_error(panel_overlap(A = b[0, , drop = FALSE]), "nobody", class = e)
  expect_error(panel_overlap(A = b, B = list(1)), "`B`", class = e)
  expect_error(panel_overlap(A = b, id = "nope"), "`id`", class = e)
  expect_error(panel_overlap(A = data.frame(pnc_id = TRUE)), "`id`",
               class = e)
  expect_error(panel_overlap(A = b, id_format = "nhs"), "`id_format`",
               class = e)
  many <- setNames(rep(list(b), 17), paste0("P", 1:17))
  expect_error(do.call(panel_overlap, many), "16", class = e)
  long <- data.frame(panel = c("A", NA), pnc_id = "2001/0023456K")
  expect_error(panel_overlap(long), "`panel`", class = e)
  res <- panel_overlap(A = b, B = b)
  expect_error(overlap_people(res, "C"), "`panels`", class = e)
  expect_error(overlap_people(data.frame()), "panel_overlap", class = e)
  expect_error(overlap_people(res, exact = NA), "`exact`", class = e)
})

test_that("the C engine refuses codes out of range", {
  expect_error(.Call(reoffending:::C_panel_overlap, c(1L, 3L), c(1L, 1L),
                     2L, 1L), "out of range")
  expect_error(.Call(reoffending:::C_panel_overlap, c(1L, NA), c(1L, 1L),
                     2L, 1L), "out of range")
  expect_error(.Call(reoffending:::C_panel_overlap, 1L, 1L, 1L, 17L),
               "between 1 and 16")
  expect_error(.Call(reoffending:::C_panel_overlap, 1, 1L, 1L, 1L),
               "integer")
  res <- .Call(reoffending:::C_panel_overlap, c(1L, 2L, 1L, 1L),
               c(1L, 2L, 2L, 1L), 2L, 2L)
  expect_identical(res[[1]], c(3L, 2L))
  expect_identical(res[[2]], c(0L, 0L, 1L, 1L))
  expect_identical(res[[3]], c(1L, 0L))
})

test_that("plot_overlap() draws a bar per combination and its dots", {
  skip_if_not_installed("ggplot2")
  res <- panel_overlap(havering_panels, id = pnc_id)
  p <- plot_overlap(res)
  expect_s3_class(p, "ggplot")
  built <- ggplot2::ggplot_build(p)
  body <- res$combination != "All people"
  expect_identical(built$data[[1]]$y, as.numeric(res$people[body]))
  # one dot per combination and panel, filled where the panel is in it
  dots <- built$data[[4]]
  expect_identical(nrow(dots), sum(body) * 4L)
  expect_identical(sum(dots$colour == "grey20"), sum(res$panels[body]))
  expect_error(plot_overlap(data.frame()), "panel_overlap",
               class = "reoffending_error_bad_argument")
  # report_plot() and autoplot() know the table from its record
  expect_identical(ggplot2::ggplot_build(report_plot(res))$data[[1]]$y,
                   built$data[[1]]$y)
  expect_identical(ggplot2::ggplot_build(ggplot2::autoplot(res))$data[[1]]$y,
                   built$data[[1]]$y)
  several <- sum(res$people[body & res$panels > 1])
  expect_identical(several, 52L)
  expect_match(ggplot2::get_alt_text(p), paste0(
    "^Bar chart of 162 people by combination of panels \\(MAPPA, IOM, DIP, ",
    "ASB\\)\\. The largest combinations are IOM only \\(50\\), ASB only ",
    "\\(26\\), IOM and DIP \\(25\\); 52 people are on more than one panel\\.$"))
})
