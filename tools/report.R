# The main job: recreates the borough tables from offender-level records and
# sets each beside its published figures; writes them as CSV to report/.
# Usage: Rscript tools/report.R [output directory]
library(reoffending)
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) > 0L) args[1L] else "report"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

extract <- utils::read.csv(system.file("extdata", "lewisham_offenders.csv",
                                       package = "reoffending"),
                           stringsAsFactors = FALSE)
extract$cohort <- assign_cohort(extract$age, extract$sex, extract$mhld)
needs <- grep("^need_", names(extract), value = TRUE)

tables <- list(
  lewisham_caseload = report_table(
    cohort_table(extract, cohort, status),
    title = "Lewisham CRC caseload by cohort and status, 30 November 2016"),
  lewisham_iom = report_table(
    cohort_table(extract[extract$iom, ], cohort),
    title = "Lewisham CRC IOM cases by cohort, 30 November 2016"),
  lewisham_needs = report_table(
    needs_profile(extract, needs, labels = lewisham_needs$need[1:10]),
    title = "Lewisham criminogenic needs profile, 30 November 2016")
)
published <- list(lewisham_caseload = lewisham_caseload,
                  lewisham_iom = lewisham_iom,
                  lewisham_needs = lewisham_needs)

same_counts <- function(recreated, published) {
  recreated <- recreated[recreated[[1]] %in% published[[1]], ]
  counts <- names(published)[attr(published, "roles") == "count"]
  recreated_counts <- recreated[vapply(recreated, is.numeric, logical(1))]
  all(unlist(recreated_counts[seq_along(counts)]) ==
        unlist(published[counts]))
}

ok <- TRUE
for (name in names(tables)) {
  print(tables[[name]])
  match <- same_counts(tables[[name]], published[[name]])
  ok <- ok && match
  cat("\nPublished figures recreated: ", if (match) "yes" else "NO", "\n\n",
      sep = "")
  path <- file.path(out_dir, paste0(name, ".csv"))
  utils::write.csv(as.data.frame(tables[[name]]), path, row.names = FALSE)
  cat("Written: ", path, "\n\n", sep = "")
}
# Barnet: proven reoffending from offender and offence records, and the
# needs of the NPS offenders, beside the published figures.
followed <- proven_reoffending(barnet_cohort, barnet_offences)
rates <- reoffending_rates(followed, by = cohort_year)
barnet_reoffending_now <- compare_cohorts(
  rates[rates$cohort_year == "2015", ], rates[rates$cohort_year == "2014", ],
  benchmark = c(proportion = 0.2353, per_reoffender = 3),
  labels = c("Barnet (2015 cohort)", "Barnet (2014 cohort)",
             "London average (2015 cohort)"))
barnet_need_columns <- c(
  "need_thinking_behaviour", "need_lifestyle", "need_attitudes", "need_drugs",
  "need_relationships", "need_finance", "need_ete",
  "need_emotional_wellbeing", "need_accommodation", "need_alcohol")
nps <- barnet_cohort[barnet_cohort$nps & barnet_cohort$cohort_year == 2015L, ]
barnet_needs_now <- report_table(
  needs_profile(nps, barnet_need_columns, labels = barnet_needs$need),
  title = "Barnet criminogenic needs of NPS offenders (2015 cohort)")

# Counts exactly; proportions and averages at the published rounding.
published_barnet <- as.data.frame(barnet_reoffending)
recreated_barnet <- as.data.frame(barnet_reoffending_now)
barnet_checks <- list(
  barnet_reoffending =
    all(recreated_barnet[1:3, 2:3] == published_barnet[1:3, 2:3]) &&
    all(round(recreated_barnet[4, 2:3], 3) == published_barnet[4, 2:3]) &&
    all(round(recreated_barnet[5, 2:3], 1) == published_barnet[5, 2:3]),
  barnet_needs = isTRUE(all.equal(round(barnet_needs_now$percentage[1:10], 2),
                                  barnet_needs$Barnet))
)
barnet_tables <- list(barnet_reoffending = barnet_reoffending_now,
                      barnet_needs = barnet_needs_now)
for (name in names(barnet_tables)) {
  print(barnet_tables[[name]])
  ok <- ok && barnet_checks[[name]]
  cat("\nPublished figures recreated: ",
      if (barnet_checks[[name]]) "yes" else "NO", "\n\n", sep = "")
  path <- file.path(out_dir, paste0(name, ".csv"))
  utils::write.csv(as.data.frame(barnet_tables[[name]]), path,
                   row.names = FALSE)
  cat("Written: ", path, "\n\n", sep = "")
}
if (!ok) quit(status = 1L, save = "no")
