# The main job: the package's own example committee pack, for the five seed
# reports. Recreates the borough tables from offender-level records (and the
# comparisons from the published figures), checks each against what the
# reports published, audits the pack across its tables and against the
# reports' text, and writes the workbook, web page and Word document that
# officers receive (with a CSV of each table).
# Usage: Rscript tools/report.R [output directory]
library(reoffending)
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) > 0L) args[1L] else "report"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

checks <- list()
check <- function(name, ok) {
  checks[[name]] <<- isTRUE(ok)
  cat("Published figures recreated (", name, "): ",
      if (isTRUE(ok)) "yes" else "NO", "\n\n", sep = "")
}

# ---- The pack: the five seed reports from one specification ---------------
# inst/pack/seed-reports.R holds the specification (tables, statements,
# charts, text); next quarter's pack is the same call on the new extract.
extract <- utils::read.csv(system.file("extdata", "lewisham_offenders.csv",
                                       package = "reoffending"),
                           stringsAsFactors = FALSE)
spec <- source(system.file("pack", "seed-reports.R",
                           package = "reoffending"))$value
pack <- report_pack(spec, extract)
tables <- pack$tables
print(pack)
cat("\n")

# ---- Lewisham: caseload, IOM and needs from a case-management extract ------
caseload <- tables$Lewisham_caseload
iom <- tables$Lewisham_IOM
lewisham_profile <- tables$Lewisham_needs

# Counts of the published rows (the recreated tables also show the empty
# MHLD cohort, which the report leaves out).
same_counts <- function(recreated, published, columns, published_columns) {
  rows <- match(published[[1]], recreated[[1]])
  !anyNA(rows) && all(unlist(recreated[rows, columns]) ==
                        unlist(published[published_columns]))
}
for (tab in list(caseload, iom, lewisham_profile)) print(tab)
check("Lewisham caseload", same_counts(
  caseload, lewisham_caseload, c("Community", "Custody", "Licence", "Total"),
  c("Community", "Custody", "Licence", "Total")))
check("Lewisham IOM", same_counts(iom, lewisham_iom, "Total", "IOM cases"))
check("Lewisham needs", same_counts(lewisham_profile, lewisham_needs,
                                    "offenders", "offenders"))

# ---- Barnet: proven reoffending from offender and offence records ----------
barnet_table <- tables$Barnet_reoffending
barnet_vs_london <- tables$Barnet_needs
print(barnet_table)
print(barnet_vs_london)
published <- as.data.frame(barnet_reoffending)
recreated <- as.data.frame(barnet_table)
check("Barnet reoffending",
      all(recreated[1:3, 2:3] == published[1:3, 2:3]) &&
        all(round(recreated[4, 2:3], 3) == published[4, 2:3]) &&
        all(round(recreated[5, 2:3], 1) == published[5, 2:3]))
check("Barnet needs", isTRUE(all.equal(
  round(barnet_vs_london$Barnet, 2), barnet_needs$Barnet)))

# ---- Havering: treatment requirements against targets ----------------------
targets <- tables$Havering_treatment
print(targets)
check("Havering markers",
      identical(targets$marker, havering_treatment$marker))

# ---- Lewisham against the Met, year on year ---------------------------------
vs_met <- tables$Lewisham_crime
print(vs_met)
check("Lewisham crime", all(vs_met$count == lewisham_crime$lewisham_2017))

# ---- The audit: the pack's tables against each other and its text -----------
audit <- audit_pack(pack)
print(audit)
utils::write.csv(audit$findings, file.path(out_dir, "pack-audit.csv"),
                 row.names = FALSE)
utils::write.csv(audit$quoted, file.path(out_dir, "pack-quoted.csv"),
                 row.names = FALSE)
# The reports' own inconsistencies (tests/testthat/fixtures/pack-findings.csv):
# nine, no more and no fewer.
check("Pack audit: the nine known inconsistencies", nrow(audit$findings) == 9L)
cat("\n")

# ---- The outputs: workbook, web page and Word document, and CSV ---------------
documents <- requireNamespace("rmarkdown", quietly = TRUE) &&
  rmarkdown::pandoc_available()
if (!documents) cat("No pandoc: the web page and Word document are left out.\n")
formats <- c("xlsx", if (documents) c("html", "docx"))
paths <- write_pack(pack, out_dir, formats = formats,
                    name = "reoffending-report", overwrite = TRUE)
csv_dir <- file.path(out_dir, "csv")
dir.create(csv_dir, showWarnings = FALSE)
for (name in names(tables)) {
  utils::write.csv(format(tables[[name]]),
                   file.path(csv_dir, paste0(name, ".csv")), row.names = FALSE)
}
cat("Written: ", paste(c(paths, csv_dir), collapse = ", "), "\n", sep = "")
if (!all(unlist(checks))) {
  cat("Not recreated: ", paste(names(checks)[!unlist(checks)],
                               collapse = ", "), "\n", sep = "")
  quit(status = 1L, save = "no")
}
