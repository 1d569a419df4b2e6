# The main job: recreates the borough tables from offender-level records,
# checks each against its published figures, and writes the report workbook
# that officers receive.
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
lewisham_source <- "London CRC case records, 30 November 2016"

tables <- list(
  Lewisham_caseload = report_table(
    cohort_table(extract, cohort, status),
    title = "CRC caseload by cohort and status, Lewisham, 30 November 2016",
    source = lewisham_source,
    notes = paste("There were no cases in the Mental Health and Learning",
                  "Disabilities (MHLD) cohort.")),
  Lewisham_IOM = report_table(
    cohort_table(extract[extract$iom, ], cohort),
    title = "CRC IOM cases by cohort, Lewisham, 30 November 2016",
    source = lewisham_source),
  Lewisham_needs = report_table(
    needs_profile(extract, needs, labels = lewisham_needs$need[1:10]),
    title = "Criminogenic needs profile, Lewisham, 30 November 2016",
    source = lewisham_source,
    chart = report_chart("need", "percentage",
                         x_title = "Criminogenic need",
                         y_title = "Share of offenders assessed"))
)
published <- list(Lewisham_caseload = lewisham_caseload,
                  Lewisham_IOM = lewisham_iom,
                  Lewisham_needs = lewisham_needs)

# The counts of each published table against the recreated ones, row by row
# (the recreated tables also show empty cohorts, which the reports omit).
same_counts <- function(recreated, published) {
  rows <- match(published[[1]], recreated[[1]])
  if (anyNA(rows)) return(FALSE)
  counts <- names(published)[attr(published, "roles") == "count"]
  mine <- names(recreated)[attr(recreated, "roles") == "count"]
  all(unlist(recreated[rows, mine, drop = FALSE]) ==
        unlist(published[counts]))
}

ok <- TRUE
for (name in names(tables)) {
  print(tables[[name]])
  match <- same_counts(tables[[name]], published[[name]])
  ok <- ok && match
  cat("\nPublished figures recreated: ", if (match) "yes" else "NO",
      "\n\n", sep = "")
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

path <- file.path(out_dir, "reoffending-report.xlsx")
write_report(tables, path,
             title = "Offender management and reoffending: borough tables",
             source = "London CRC; borough committee reports",
             contact = "Community safety analysts",
             notes = "Recreated from offender-level records by the R package reoffending.",
             overwrite = TRUE)
cat("Workbook written: ", path, "\n", sep = "")
if (!ok) quit(status = 1L, save = "no")
