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

path <- file.path(out_dir, "reoffending-report.xlsx")
write_report(tables, path,
             title = "Offender management and reoffending: borough tables",
             source = "London CRC; borough committee reports",
             contact = "Community safety analysts",
             notes = "Recreated from offender-level records by the R package reoffending.",
             overwrite = TRUE)
cat("Workbook written: ", path, "\n", sep = "")
if (!ok) quit(status = 1L, save = "no")
