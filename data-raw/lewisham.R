# Builds the Lewisham datasets in data/ and inst/extdata/.
#
# The published tables are transcribed from the Lewisham Safer Stronger
# Communities Select Committee document pack of 8 March 2017 (London CRC
# presentation, "Lewisham Statistics", figures as of 30 November 2016).
# The offender records are synthetic, drawn so that the caseload, IOM and
# needs tables computed from them equal the published ones exactly.
#
# Run from the package root with the package installed:
#   Rscript data-raw/lewisham.R

library(reoffending)
set.seed(20161130)

source_text <- paste(
  "London CRC presentation to the Lewisham Safer Stronger Communities",
  "Select Committee, 8 March 2017: Lewisham statistics, as of 30/11/2016."
)
cohorts <- crc_cohort_model()$levels
published_cohorts <- c("Young Males", "Adult Males", "Mature Males", "Women")
statuses <- c("Community", "Custody", "Licence")

# Published tables -----------------------------------------------------------

caseload <- matrix(c(188, 101, 90,
                     342, 131, 191,
                      58,  20, 31,
                     127,  24, 35),
                   ncol = 3, byrow = TRUE,
                   dimnames = list(published_cohorts, statuses))
lewisham_caseload <- data.frame(
  cohort = c(published_cohorts, "Total"),
  Community = c(188L, 342L, 58L, 127L, 715L),
  Custody = c(101L, 131L, 20L, 24L, 276L),
  Licence = c(90L, 191L, 31L, 35L, 347L),
  Total = c(379L, 664L, 109L, 186L, 1338L)
)
lewisham_caseload <- report_table(
  lewisham_caseload,
  title = "CRC caseload numbers, Lewisham: total number of cases 1338",
  source = source_text,
  units = c(Community = "people", Custody = "people", Licence = "people",
            Total = "people"),
  totals = list(rows = 5, column = "Total"),
  notes = paste("There were no cases in the cohort for Mental Health and",
                "Learning Disabilities.")
)

lewisham_iom <- report_table(
  data.frame(cohort = c(published_cohorts, "Total"),
             `IOM cases` = c(20L, 104L, 0L, 10L, 134L),
             check.names = FALSE),
  title = "Lewisham IOM numbers: total number of CRC IOM cases 134",
  source = source_text, units = c(`IOM cases` = "people"), totals = 5
)

need_labels <- c("Accommodation is a Need", "ETE is a Need",
                 "Relationships is a Need", "Lifestyle is a Need",
                 "Drugs is a Need", "Alcohol is a Need",
                 "Thinking And Behaviour is a Need", "Attitudes is a Need",
                 "Finance is a Need", "Emotional Well-being is a Need")
need_counts <- c(164L, 491L, 295L, 411L, 250L, 183L, 862L, 690L, 309L, 225L)
need_published_pct <- c(17.6, 52.6, 31.6, 44.1, 26.8, 19.6, 92.4, 74.0,
                        33.1, 24.1)
lewisham_needs <- report_table(
  data.frame(need = c(need_labels, "Total Offenders"),
             offenders = c(need_counts, 933L),
             percentage = c(need_published_pct / 100, NA)),
  title = "Lewisham needs profile",
  source = source_text,
  roles = c(percentage = "proportion"), units = c(offenders = "people"),
  # The last row is the number assessed, not a sum: needs overlap.
  totals = list(rows = 11, sums = FALSE)
)

# Synthetic offender records -------------------------------------------------

records <- do.call(rbind, lapply(published_cohorts, function(cohort) {
  do.call(rbind, lapply(statuses, function(status) {
    n <- caseload[cohort, status]
    data.frame(cohort = rep(cohort, n), status = rep(status, n))
  }))
}))
records <- records[sample(nrow(records)), ]
n <- nrow(records)
age_range <- list(`Young Males` = 18:25, `Adult Males` = 26:49,
                  `Mature Males` = 50:78, Women = 18:66)
records$age <- vapply(records$cohort, function(cohort) {
  range <- age_range[[cohort]]
  range[sample.int(length(range), 1L)]
}, integer(1), USE.NAMES = FALSE)
records$sex <- ifelse(records$cohort == "Women", "Female", "Male")
records$mhld <- FALSE

iom_counts <- c(`Young Males` = 20, `Adult Males` = 104, `Mature Males` = 0,
                Women = 10)
records$iom <- FALSE
for (cohort in names(iom_counts)) {
  rows <- which(records$cohort == cohort)
  records$iom[rows[sample.int(length(rows), iom_counts[[cohort]])]] <- TRUE
}

need_columns <- c("need_accommodation", "need_ete", "need_relationships",
                  "need_lifestyle", "need_drugs", "need_alcohol",
                  "need_thinking_behaviour", "need_attitudes",
                  "need_finance", "need_emotional_wellbeing")
assessed <- sort(sample.int(n, 933L))
for (k in seq_along(need_columns)) {
  flag <- rep(NA, n)
  flag[assessed] <- FALSE
  flag[assessed[sample.int(length(assessed), need_counts[k])]] <- TRUE
  records[[need_columns[k]]] <- flag
}

lewisham_offenders <- data.frame(
  id = sprintf("LEW%05d", seq_len(n)),
  age = records$age,
  sex = records$sex,
  mhld = records$mhld,
  cohort = assign_cohort(records$age, records$sex, records$mhld),
  status = factor(records$status, levels = statuses),
  iom = records$iom,
  records[need_columns],
  stringsAsFactors = FALSE
)
rownames(lewisham_offenders) <- NULL
stopifnot(identical(as.character(lewisham_offenders$cohort), records$cohort))

# The computed tables must equal the published ones.
computed <- cohort_table(lewisham_offenders, cohort, status)
stopifnot(all(computed$Total[computed$cohort != "MHLD"] ==
                lewisham_caseload$Total))
computed_iom <- cohort_table(lewisham_offenders[lewisham_offenders$iom, ],
                             cohort)
stopifnot(all(computed_iom$Total[computed_iom$cohort != "MHLD"] ==
                lewisham_iom$`IOM cases`))
computed_needs <- needs_profile(lewisham_offenders, need_columns)
stopifnot(all(computed_needs$offenders == lewisham_needs$offenders))

save(lewisham_caseload, file = "data/lewisham_caseload.rda",
     compress = "xz")
save(lewisham_iom, file = "data/lewisham_iom.rda", compress = "xz")
save(lewisham_needs, file = "data/lewisham_needs.rda", compress = "xz")
save(lewisham_offenders, file = "data/lewisham_offenders.rda",
     compress = "xz")
utils::write.csv(lewisham_offenders, "inst/extdata/lewisham_offenders.csv",
                 row.names = FALSE, na = "")
