test_that("audit_pack() finds the nine inconsistencies of the seed reports", {
  audit <- audit_pack(seed_pack())
  found <- audit$findings
  expected <- seed_findings()
  expect_equal(nrow(found), 9L)
  key <- function(f) paste(f$check, f$table, f$label, f$column, sep = " | ")
  expect_setequal(key(found), key(expected))
  at <- match(key(expected), key(found))
  expect_equal(found$published[at], expected$published, tolerance = 1e-9)
  expect_equal(found$expected[at], expected$expected, tolerance = 1e-6)
  # The swapped Rape row is explained within its change, not found twice.
  rape <- found[found$label %in% "Rape", ]
  expect_equal(nrow(rape), 1L)
  expect_match(rape$detail, "swapped between jan_2017 and jan_2016")
})

test_that("audit_table() alone finds 2 of the nine", {
  within <- audit_table(lewisham_vawg,
                        change = c(current = "jan_2017", previous = "jan_2016",
                                   change = "difference"))
  expect_equal(nrow(within), 2L)
  expect_equal(sum(seed_findings()$check == "change"), 2L)
})

test_that("consistent tables and text raise no alarm", {
  pack <- seed_pack()
  found <- audit_pack(pack)$findings
  consistent <- setdiff(names(pack$tables),
                        c("Lewisham_VAWG", "Lewisham_offences",
                          "Havering_table_1"))
  expect_false(any(found$table %in% consistent))
  # The offences, hate crime and Havering tables without the VAWG table
  # and the faulty sentences: nothing at all.
  texts <- report_texts[!grepl("Robbery Total|82%|3600", report_texts$text), ]
  quiet <- report_pack(list(
    title = "Consistent", published = "2017-11-30",
    tables = pack$tables[c("Lewisham_offences", "Lewisham_hate_crime",
                           "Lewisham_youth", "Lewisham_crime",
                           "Havering_IOM", "Havering_treatment",
                           "LPT_targets", "LPT_performance",
                           "Barnet_reoffending")],
    text = texts))
  quiet$groups[] <- c(rep("Lewisham", 4), rep("Havering", 2),
                      rep("London Probation Trust", 2), "Barnet")
  audit <- audit_pack(quiet)
  expect_equal(nrow(audit$findings), 0L)
  expect_gt(sum(audit$quoted$status == "consistent"), 20L)
})

test_that("numbers that cannot be matched are unchecked, not passed", {
  quoted <- audit_pack(seed_pack())$quoted
  status <- function(q, group = quoted$group) {
    unique(quoted$status[quoted$quoted == q & quoted$group %in% group])
  }
  expect_equal(status("90%", "Lewisham"), "unchecked")  # "as high as 90%"
  expect_equal(status("21"), "unchecked")    # 21 individuals checked
  expect_equal(status("88%"), "unchecked")   # Hillingdon: no table
  expect_equal(status("76%"), "unchecked")   # no table of custody
  expect_setequal(unique(quoted$status),
                  c("consistent", "inconsistent", "unchecked"))
  expect_true(all(quoted$status[quoted$quoted == "4262"] == "consistent"))
})

# A small pack of the notifiable offences and one sentence.
offences_pack <- function(text, tables = list(Offences = lewisham_crime)) {
  report_pack(list(title = "Offences", published = "2017-03-08",
                   tables = lapply(tables, pack_table, origin = "transcribed"),
                   text = text))
}

test_that("the claims of a sentence are checked: direction and size", {
  ok <- audit_pack(offences_pack(
    "Robbery Business has risen by 1 incident in this time, from 77 to 78"))
  expect_equal(nrow(ok$findings), 0L)
  expect_true(all(ok$quoted$status == "consistent"))
  wrong_way <- audit_pack(offences_pack(
    "Robbery Business has fallen in this time, from 77 to 78"))
  expect_equal(nrow(wrong_way$findings), 1L)
  expect_match(wrong_way$findings$detail, "says a fall")
  wrong_size <- audit_pack(offences_pack(
    "Robbery Business has risen by 3 incidents, from 77 to 78"))
  expect_equal(wrong_size$findings$published, 3)
  expect_equal(wrong_size$findings$expected, 1)
  total <- audit_pack(offences_pack(
    "Robbery Total has reduced from 846 in Jan 2016 to 838 in January 2017"))
  expect_equal(nrow(total$findings), 0L)
  # A row named after its figure is the row quoted.
  after <- audit_pack(offences_pack(
    "There were 846 in Total last year, 769 Robbery (Person) among them."))
  expect_equal(nrow(after$findings), 0L)
  expect_equal(after$quoted$status, c("consistent", "consistent"))
})

test_that("the same quantity and subtotals are compared across tables", {
  changed <- as.data.frame(lewisham_hate_crime)
  changed$lewisham_2017[2] <- 80
  audit <- audit_pack(offences_pack(
    character(), list(Offences = lewisham_crime,
                      Hate = report_table(changed, units = c(
                        lewisham_2017 = "events", met_2017 = "events",
                        lewisham_2016 = "events", met_2016 = "events")))))
  expect_equal(audit$findings$check, "same quantity")
  expect_equal(audit$findings$table, "Offences")
  expect_equal(audit$findings$published, 79)
  expect_equal(audit$findings$expected, 80)
  expect_match(audit$findings$detail, "Homophobic Crime .* in Hate")
  expect_true("label" %in% audit$matches$by)

  robbery <- as.data.frame(lewisham_crime)
  robbery$met_2016[robbery$offence == "Robbery (Total)"] <- 21732
  audit <- audit_pack(offences_pack(
    character(), list(Offences = report_table(robbery, units = c(
      lewisham_2017 = "events", met_2017 = "events",
      lewisham_2016 = "events", met_2016 = "events")))))
  expect_equal(audit$findings$check, "subtotal")
  expect_equal(audit$findings$expected, 20004 + 1727)
})

test_that("the synonym table is data an authority can replace", {
  synonyms <- audit_synonyms()
  expect_named(synonyms, c("kind", "term", "means"))
  without <- synonyms[synonyms$term != "All Domestic Abuse", ]
  found <- audit_pack(seed_pack(), synonyms = without)$findings
  expect_false("All Domestic Abuse" %in% found$label)
  expect_equal(nrow(found), 8L)
  path <- tempfile(fileext = ".csv")
  utils::write.csv(synonyms, path, row.names = FALSE)
  expect_equal(audit_synonyms(path), synonyms)
})

test_that("bad input to audit_pack() is a classed error", {
  expect_error(audit_pack(list()), class = "reoffending_error_bad_argument")
  expect_error(audit_pack(seed_pack(), synonyms = data.frame(a = 1)),
               class = "reoffending_error_bad_argument")
  bad <- data.frame(kind = "cell", term = "a", means = "b")
  expect_error(audit_pack(seed_pack(), synonyms = bad),
               class = "reoffending_error_bad_argument")
  expect_error(audit_synonyms(tempfile()), class = "reoffending_error_file")
  expect_error(audit_pack(seed_pack(), digits = -1),
               class = "reoffending_error_bad_argument")
})

test_that("quoted numbers leave out years, ranges and words", {
  nums <- reoffending:::quoted_numbers(paste(
    "In 2016-2017 (u25) at the end of Quarter 2 in January 2017 we had",
    "2,065 burglaries, 79.5% and 20/20/20 in 2012/13"))
  expect_equal(nums$text, c("2,065", "79.5%"))
  expect_equal(nums$value, c(2065, 79.5))
  expect_equal(nums$places, c(0, 1))
})
