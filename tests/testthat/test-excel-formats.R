# The writer's format ids, chosen per kind of cell by match(), against the
# same formats added cell by cell.

test_that("marker and RAG cells get the formats they got cell by cell", {
  set.seed(23)
  n <- 300L
  rag <- sample(c("Red", "Amber", "Green", " green ", "n/a", NA), n, TRUE)
  marker <- sample(c("\u2713", "\u2717", "\u2191", "\u2193", NA), n, TRUE)
  totals <- sample(c(TRUE, FALSE), n, TRUE, prob = c(0.1, 0.9))
  registry <- reoffending:::format_registry()
  got_rag <- reoffending:::text_formats(rag, "rag", totals, registry,
                                        FALSE, NULL)
  got_marker <- reoffending:::text_formats(marker, "marker", totals,
                                           registry, FALSE, NULL)
  colours <- reoffending:::colours
  fill <- c(red = colours[["red_fill"]], amber = colours[["amber_fill"]],
            green = colours[["green_fill"]])
  want_rag <- vapply(seq_len(n), function(i) {
    k <- tolower(trimws(rag[i]))
    f <- if (!is.na(k) && k %in% names(fill)) fill[[k]] else NA_integer_
    registry$add(bg_color = f, bold = totals[i])
  }, integer(1))
  want_marker <- vapply(seq_len(n), function(i) {
    f <- if (is.na(marker[i])) NA_integer_ else
      switch(marker[i], "\u2713" = colours[["green"]],
             "\u2717" = colours[["red"]], NA_integer_)
    registry$add(font_color = f, bold = totals[i])
  }, integer(1))
  expect_identical(got_rag, want_rag)
  expect_identical(got_marker, want_marker)
  # Six kinds of RAG cell at most (three fills and none, bold or not).
  expect_lte(length(unique(got_rag)), 8L)
  expect_identical(reoffending:::text_formats(character(), "rag", logical(),
                                              registry, FALSE, NULL),
                   integer())
})

test_that("number cells take their row's measure format", {
  set.seed(24)
  n <- 200L
  measures <- sample(c("count", "proportion", "rate", NA), n, TRUE)
  value <- round(runif(n) * 100, sample(0:1, n, TRUE))
  value[sample(n, 5)] <- NA
  totals <- sample(c(TRUE, FALSE), n, TRUE)
  registry <- reoffending:::format_registry()
  for (role in c("count", "change")) {
    num_format <- reoffending:::role_number_format(role, value)
    got <- reoffending:::measure_formats(measures, value, role, num_format,
                                         totals, registry)
    want <- vapply(seq_len(n), function(i) {
      fmt <- if (is.na(measures[i])) num_format else
        reoffending:::role_number_format(
          reoffending:::measure_role(measures[i], role), value[i])
      registry$add(fmt, bold = totals[i], align_right = TRUE)
    }, integer(1))
    expect_identical(got, want)
  }
})
