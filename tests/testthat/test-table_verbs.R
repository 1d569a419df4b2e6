# Withheld cells travel with the table: by the row's key and the column,
# through subsetting, renaming, binding, merging and the dplyr verbs.

small_caseload <- function() {
  suppress_small(cohort_table(lewisham_offenders[1:60, ], cohort, status))
}

# Withheld cells as "key|column", the way a reader would name them.
withheld_keys <- function(x) {
  cells <- table_record(x)$cells
  cells <- cells[cells$shown == "[c]", , drop = FALSE]
  keys <- table_record(x)$keys
  key <- do.call(paste, c(lapply(keys, function(k) {
    as.character(x[[k]][cells$row])
  }), sep = "/"))
  sort(paste(key, cells$column, sep = "|"))
}

# Every cell as "key|column", withheld or not.
withheld_keys_all <- function(x) {
  keys <- table_record(x)$keys
  key <- do.call(paste, c(lapply(keys, function(k) as.character(x[[k]])),
                          sep = "/"))
  as.vector(outer(key, names(x), paste, sep = "|"))
}

# The cells of every count of people as printed.
shown_counts <- function(x) {
  cells <- format(x)
  record <- table_record(x)
  people <- record$columns$role == "count" &
    (is.na(record$columns$unit) | record$columns$unit == "people")
  unlist(cells[people], use.names = FALSE)
}

small_shown <- function(x, threshold = 5) {
  text <- shown_counts(x)
  value <- suppressWarnings(as.numeric(gsub(",", "", text)))
  sum(value > 0 & value < threshold, na.rm = TRUE)
}

test_that("a total labelled TOTAL protects its cells (regression)", {
  x <- suppressMessages(report_table(data.frame(
    area = c("A", "B", "C", "TOTAL"), n = c(3, 20, 30, 53))))
  safe <- suppress_small(x)
  expect_gt(sum(is.na(safe$n)), 1L)
  expect_identical(nrow(disclosure_check(safe)), 0L)
  # Primary alone is caught, whatever the total's label.
  expect_identical(disclosure_check(suppress_small(x, secondary = FALSE))$
                     problem, "worked out exactly")
})

test_that("arrange() and filter() keep [c], never [x] (regression)", {
  skip_if_not_installed("dplyr")
  s <- small_caseload()
  arranged <- dplyr::arrange(s, dplyr::desc(Total))
  expect_identical(withheld_keys(arranged), withheld_keys(s))
  expect_false(any(grepl("[x]", unlist(format(arranged)), fixed = TRUE)))
  expect_identical(nrow(disclosure_check(arranged)), 0L)
  by_cohort <- dplyr::arrange(s, cohort)
  expect_identical(nrow(disclosure_check(by_cohort)), 0L)
  filtered <- dplyr::filter(s, cohort != "Women")
  expect_false(any(grepl("[x]", unlist(format(filtered)), fixed = TRUE)))
  expect_true(all(withheld_keys(filtered) %in% withheld_keys(s)))
  expect_identical(nrow(disclosure_check(filtered)), 0L)
  # The total row is still the total row after sorting.
  expect_identical(table_record(arranged)$rows$role[arranged$cohort ==
                                                      "Total"], "total")
})

test_that("renaming keeps [c] (regression)", {
  s <- small_caseload()
  renamed <- s
  names(renamed)[2] <- "In the community"
  expect_identical(sort(sub("Community", "In the community",
                            withheld_keys(s))), withheld_keys(renamed))
  expect_identical(table_record(renamed)$columns$label[2],
                   "In the community")
  skip_if_not_installed("dplyr")
  r <- dplyr::rename(s, community = Community)
  expect_identical(sort(sub("Community", "community", withheld_keys(s))),
                   withheld_keys(r))
  expect_identical(nrow(disclosure_check(r)), 0L)
})

test_that("a value put in a withheld cell is refused", {
  s <- small_caseload()
  row <- table_record(s)$cells$row[table_record(s)$cells$column ==
                                     "Community"][1]
  err <- "reoffending_error_disclosure"
  expect_error(s$Community[row] <- 2L, "withheld cell", class = err)
  expect_error(s[row, "Community"] <- 2L, "withheld cell", class = err)
  expect_error(s[["Community"]] <- rep(1L, nrow(s)), "withheld cell",
               class = err)
  skip_if_not_installed("dplyr")
  expect_error(dplyr::mutate(s, Community = 1L), "withheld cell",
               class = err)
  # A column computed from withheld counts is withheld where they are.
  shared <- dplyr::mutate(s, share = Total / 60)
  expect_true(all(format(shared)$share[is.na(shared$share)] == "[c]"))
})

test_that("transform(), merge() and rbind() keep the record", {
  s <- small_caseload()
  t <- transform(s, share = Total / 60)
  expect_s3_class(t, "report_table")
  expect_identical(withheld_keys(t)[!grepl("share", withheld_keys(t))],
                   withheld_keys(s))
  m <- merge(s, data.frame(cohort = c("Women", "Young Males"),
                           note = c("a", "b")))
  expect_true(all(withheld_keys(m) %in% withheld_keys(s)))
  expect_gt(length(withheld_keys(m)), 0L)
  by_group <- suppress_small(cohort_table(lewisham_offenders[1:60, ],
                                          status, by = sex))
  halves <- split(seq_len(nrow(by_group)), by_group$sex)
  bound <- rbind(by_group[halves[[1]], ], by_group[halves[[2]], ])
  expect_identical(withheld_keys(bound), withheld_keys(by_group))
  expect_identical(table_record(bound)$rows$role,
                   table_record(by_group)$rows$role)
  expect_identical(nrow(disclosure_check(bound)), 0L)
  # Rows with the same labels cannot be told apart.
  expect_error(rbind(s, s), "same labels",
               class = "reoffending_error_disclosure")
})

test_that("dplyr verbs keep the record", {
  skip_if_not_installed("dplyr")
  s <- small_caseload()
  sel <- dplyr::select(s, cohort, Licence)
  expect_identical(withheld_keys(sel),
                   withheld_keys(s)[grepl("\\|Licence$", withheld_keys(s))])
  joined <- dplyr::left_join(s, data.frame(cohort = "MHLD", flag = 1),
                             by = "cohort")
  expect_true(all(withheld_keys(s) %in% withheld_keys(joined)))
  bound <- dplyr::bind_rows(s[1:3, ], s[4:6, ])
  expect_identical(withheld_keys(bound), withheld_keys(s))
  expect_identical(small_shown(bound), 0L)
  sliced <- dplyr::slice(s, c(6, 1, 2))
  expect_true(all(withheld_keys(sliced) %in% withheld_keys(s)))
  expect_identical(table_record(sliced)$rows$role[1], "total")
})

test_that("write_report() protects counts of people whatever made them", {
  skip_if_not_installed("readxl")
  tab <- cohort_table(lewisham_offenders[1:60, ], cohort, status)
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  copies <- list(Transformed = transform(tab, share = Total / 60),
                 Plain = as.data.frame(tab))
  if (requireNamespace("tibble", quietly = TRUE)) {
    copies$Tibble <- tibble::as_tibble(as.data.frame(tab))
  }
  suppressMessages(write_report(copies, path, title = "Copies"))
  for (sheet in names(copies)) {
    back <- readxl::read_excel(path, sheet, skip = 3, col_types = "text")
    counts <- suppressWarnings(as.numeric(unlist(back[c("Community",
                                                        "Custody",
                                                        "Licence")])))
    expect_false(any(counts > 0 & counts < 5, na.rm = TRUE), label = sheet)
    expect_true(any(unlist(back) == "[c]"), label = sheet)
  }
  # Small counts leave only when asked, and the cover sheet says so.
  expect_message(write_report(list(Caseload = tab), path, title = "Open",
                              overwrite = TRUE, suppress = FALSE),
                 "suppression is off")
  cover <- readxl::read_excel(path, "Cover_sheet", col_names = FALSE)[[1]]
  expect_true(any(grepl("suppression was turned off", cover)))
  # Events are not suppressed unless asked.
  crimes <- report_table(data.frame(area = c("A", "B"), crimes = c(2, 3)),
                         units = c(crimes = "events"), totals = FALSE)
  write_report(list(Crimes = crimes), path, title = "Crimes",
               overwrite = TRUE)
  back <- readxl::read_excel(path, "Crimes", skip = 2)
  expect_identical(back$crimes, c(2, 3))
  # Rows added after suppression with small counts are refused.
  s <- small_caseload()
  extra <- suppressMessages(report_table(data.frame(
    cohort = "Extra", Community = 2L, Custody = 0L, Licence = 0L,
    Total = 2L)))
  expect_error(write_report(list(Mixed = rbind(s, extra)), path,
                            title = "Mixed", overwrite = TRUE),
               "would disclose", class = "reoffending_error_disclosure")
})

test_that("levels called Total or Missing are kept as data", {
  d <- data.frame(r = c("Total care", "Other", "Total care", "Other"),
                  k = c("Total", "b", "b", "b"))
  tab <- cohort_table(d, r, k)
  expect_identical(sort(names(tab)), sort(c("r", "b", "Total", "All")))
  expect_identical(names(tab)[4], "All")
  expect_identical(tab$Total, c(0L, 1L, 1L))
  expect_identical(tab$All, c(2L, 2L, 4L))
  expect_identical(table_record(tab)$total_column, "All")
  expect_identical(table_record(tab)$rows$role, c("body", "body", "total"))
  rows <- cohort_table(data.frame(r = c("Total", "a")), r)
  expect_identical(sort(rows$r[1:2]), sort(c("a", "Total")))
  expect_identical(rows$r[3], "All")
  expect_identical(table_record(rows)$rows$role, c("body", "body", "total"))
})

# Random tables: 1 to 3 keys, by-groups, totals labelled at random, through
# random verbs: the withheld cells stay withheld, by key, and no count of 1
# to 4 people reaches print or the workbook.
random_table <- function() {
  nr <- sample(2:6, 1)
  nc <- sample(2:4, 1)
  ng <- sample(1:3, 1)
  cells <- expand.grid(r = paste0("R", seq_len(nr)),
                       c = paste0("C", seq_len(nc)),
                       g = paste0("G", seq_len(ng)), stringsAsFactors = TRUE)
  counts <- ifelse(stats::runif(nrow(cells)) < 0.35,
                   sample(1:4, nrow(cells), TRUE),
                   sample(c(0, 5:40), nrow(cells), TRUE))
  records <- cells[rep(seq_len(nrow(cells)), counts), , drop = FALSE]
  tab <- if (ng > 1L) cohort_table(records, r, c, by = g) else
    cohort_table(records, r, c)
  # A plain copy relabelled: its totals are found from the values.
  label <- sample(c("Total", "TOTAL", "All", "London", "Total Offenders",
                    ""), 1)
  plain <- as.data.frame(tab)
  if (ng == 1L && nzchar(label)) plain$r[plain$r == "Total"] <- label
  if (ng == 1L && sample(2, 1) == 1L) {
    tab <- suppressMessages(report_table(plain))
  }
  tab
}

random_verb <- function(x) {
  n <- nrow(x)
  verbs <- list(
    function(x) x[sample(n), , drop = FALSE],
    function(x) x[sort(sample(n, max(1, n - 2))), , drop = FALSE],
    function(x) transform(x, extra = seq_len(nrow(x)) + 10),
    function(x) x[, c(1, sample(2:ncol(x))), drop = FALSE]
  )
  if (requireNamespace("dplyr", quietly = TRUE)) {
    verbs <- c(verbs, list(
      function(x) dplyr::arrange(x, dplyr::desc(x[[ncol(x)]])),
      function(x) dplyr::filter(x, seq_len(nrow(x)) %% 2 == 1 |
                                  seq_len(nrow(x)) == nrow(x)),
      function(x) dplyr::mutate(x, flag = "ok")
    ))
  }
  verbs[[sample(length(verbs), 1)]](x)
}

test_that("random tables through random verbs keep their withheld cells", {
  skip_if_not_installed("readxl")
  set.seed(20161130)
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  for (k in seq_len(60)) {
    safe <- suppress_small(random_table())
    key_before <- withheld_keys(safe)
    moved <- safe
    for (step in seq_len(sample(1:3, 1))) moved <- random_verb(moved)
    expect_s3_class(moved, "report_table")
    # What is left of the withheld cells is still withheld, and nothing
    # else is: compared by the row's labels and the column's name.
    after <- withheld_keys(moved)
    rows_left <- unique(sub("\\|.*", "", withheld_keys_all(moved)))
    left <- sub("\\|.*", "", key_before) %in% rows_left &
      sub(".*\\|", "", key_before) %in% names(moved)
    expect_identical(sort(after[!grepl("\\|(extra|flag)$", after)]),
                     sort(key_before[left]), label = k)
    expect_identical(small_shown(moved), 0L, label = k)
    expect_identical(nrow(disclosure_check(moved)), 0L, label = k)
    write_report(list(T = moved), path, title = "Random", overwrite = TRUE)
    back <- readxl::read_excel(path, "T", skip = 3, col_types = "text")
    counts <- suppressWarnings(as.numeric(unlist(back)))
    people <- table_record(moved)$columns$role == "count"
    shown <- suppressWarnings(as.numeric(unlist(back[people])))
    expect_false(any(shown > 0 & shown < 5, na.rm = TRUE), label = k)
  }
})
