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

# ---- Lewisham against the Met, year on year, from monthly records ---------
# The Met's monthly counts by area and offence group (met_offences, synthetic
# in the package), counted for the two 12-month periods with subtotals from
# the offence classification, then compared as published.
years <- rolling_12_months("2017-01", n = 2)
tno <- incident_counts(met_offences, month, by = offence, periods = years,
                       area = area, count = count, areas = "Lewisham",
                       total = "Met Total")
shown <- match(lewisham_crime$offence, tno$offence)
now <- c("Lewisham, 12 months to Jan 2017", "Met Total, 12 months to Jan 2017")
before <- c("Lewisham, 12 months to Jan 2016",
            "Met Total, 12 months to Jan 2016")
# The comparison with the Met is the pack's table (inst/pack/seed-reports.R),
# counted from the same records.
crime_table <- tables$Lewisham_crime
print(crime_table)
recreated <- as.data.frame(tno)[shown, ]
check("Lewisham crime, from records",
      !anyNA(shown) &&
        identical(recreated[[now[1]]], lewisham_crime$lewisham_2017) &&
        identical(recreated[[now[2]]], lewisham_crime$met_2017) &&
        identical(recreated[[before[1]]], lewisham_crime$lewisham_2016) &&
        identical(recreated[[before[2]]], lewisham_crime$met_2016))
hate <- match(lewisham_hate_crime$offence, tno$offence)
check("Lewisham hate crime, from records",
      !anyNA(hate) &&
        identical(as.data.frame(tno)[hate, now[1]],
                  lewisham_hate_crime$lewisham_2017) &&
        identical(as.data.frame(tno)[hate, before[2]],
                  lewisham_hate_crime$met_2016))
lewisham_records <- met_offences[met_offences$area == "Lewisham", ]
youth <- incident_counts(lewisham_records, month, by = offence,
                         periods = calendar_years(2013, 2016), count = count)
youth <- as.data.frame(youth)[match(lewisham_youth_violence$measure,
                                    youth$offence), ]
check("Lewisham youth violence, from records",
      identical(unname(as.matrix(youth[c("2013", "2014", "2015", "2016")])),
                unname(as.matrix(as.data.frame(lewisham_youth_violence)[
                  c("2013", "2014", "2015", "2016")]))))
# VAWG: recomputed from the records, the published table's Rape counts are
# the wrong way round and its Total Sexual difference is 11.7% for 11.3%;
# the check passes when exactly those cells are flagged.
vawg <- as.data.frame(tno)[match(lewisham_vawg$offence, tno$offence), ]
vawg_table <- report_table(
  data.frame(offence = lewisham_vawg$offence,
             jan_2017 = vawg[[now[1]]], jan_2016 = vawg[[before[1]]],
             difference = pct_change(vawg[[now[1]]], vawg[[before[1]]])),
  title = paste("Violence against women and girls, Lewisham, 12 months to",
                "January 2017 and 2016 (recomputed)"),
  source = "Metropolitan Police monthly counts by borough and offence",
  roles = c(difference = "pct_change"),
  units = c(jan_2017 = "events", jan_2016 = "events"), totals = FALSE)
print(vawg_table)
differs <- lewisham_vawg$offence[lewisham_vawg$jan_2017 !=
                                   vawg_table$jan_2017]
audit <- audit_table(lewisham_vawg,
                     change = c(current = "jan_2017", previous = "jan_2016",
                                change = "difference"))
check("Lewisham VAWG, from records (published errors flagged)",
      identical(differs, "Rape") &&
        identical(audit$label, c("Total Sexual", "Rape")) &&
        nrow(audit_table(vawg_table,
                         change = c(current = "jan_2017",
                                    previous = "jan_2016",
                                    change = "difference"))) == 0L)

# ---- Barnet: the cohorts built from index events ----------------------------
events_cohort <- suppressMessages(reoffending_cohort(
  barnet_events, period = "year", offences = barnet_offences,
  people = barnet_people, offence = offence, disposal = disposal,
  custody_start = custody_start, ignore = "recall"))
events_rates <- reoffending_rates(
  proven_reoffending(events_cohort, barnet_offences), by = cohort)
events_rates <- as.data.frame(events_rates)[events_rates$cohort %in%
                                              c("2015", "2014"), ]
check("Barnet reoffending, cohorts from events",
      identical(events_rates$offenders, c(4588L, 4262L)) &&
        identical(events_rates$reoffenders, c(1016L, 862L)) &&
        identical(events_rates$reoffences, c(2970L, 2570L)))

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
