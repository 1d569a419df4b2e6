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
if (!ok) quit(status = 1L, save = "no")
