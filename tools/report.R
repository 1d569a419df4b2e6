# The main job: recreates the borough tables from offender-level records (and
# the comparisons from the published figures), checks each against what the
# reports published, and writes the report workbook that officers receive.
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

# ---- Lewisham: caseload, IOM and needs from a case-management extract ------
extract <- utils::read.csv(system.file("extdata", "lewisham_offenders.csv",
                                       package = "reoffending"),
                           stringsAsFactors = FALSE)
extract$cohort <- assign_cohort(extract$age, extract$sex, extract$mhld)
needs <- grep("^need_", names(extract), value = TRUE)
lewisham_source <- "London CRC case records, 30 November 2016"

caseload <- report_table(
  cohort_table(extract, cohort, status),
  title = "CRC caseload by cohort and status, Lewisham, 30 November 2016",
  source = lewisham_source,
  notes = paste("There were no cases in the Mental Health and Learning",
                "Disabilities (MHLD) cohort."))
iom <- report_table(
  cohort_table(extract[extract$iom, ], cohort),
  title = "CRC IOM cases by cohort, Lewisham, 30 November 2016",
  source = lewisham_source)
lewisham_profile <- report_table(
  needs_profile(extract, needs, labels = lewisham_needs$need[1:10]),
  title = "Criminogenic needs profile, Lewisham, 30 November 2016",
  source = lewisham_source)

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
followed <- proven_reoffending(barnet_cohort, barnet_offences)
rates <- reoffending_rates(followed, by = cohort_year)
barnet_table <- compare_cohorts(
  rates[rates$cohort_year == "2015", ], rates[rates$cohort_year == "2014", ],
  benchmark = c(proportion = 0.2353, per_reoffender = 3),
  labels = c("Barnet (2015 cohort)", "Barnet (2014 cohort)",
             "London average (2015 cohort)"))
barnet_need_columns <- c(
  "need_thinking_behaviour", "need_lifestyle", "need_attitudes", "need_drugs",
  "need_relationships", "need_finance", "need_ete",
  "need_emotional_wellbeing", "need_accommodation", "need_alcohol")
nps <- barnet_cohort[barnet_cohort$nps & barnet_cohort$cohort_year == 2015L, ]
barnet_profile <- needs_profile(nps, barnet_need_columns,
                                labels = barnet_needs$need)
barnet_vs_london <- report_table(
  data.frame(need = barnet_needs$need,
             Barnet = barnet_profile$percentage[1:10],
             London = barnet_needs$London),
  title = "Criminogenic needs of NPS offenders, Barnet and London, 2015 cohort",
  source = "Barnet: NPS offender records; London: National Probation Service",
  roles = c(Barnet = "percent", London = "percent"),
  chart = report_chart("need", c("Barnet", "London"),
                       x_title = "Criminogenic need",
                       y_title = "Share of offenders assessed"))
print(barnet_table)
print(barnet_vs_london)
published <- as.data.frame(barnet_reoffending)
recreated <- as.data.frame(barnet_table)
check("Barnet reoffending",
      all(recreated[1:3, 2:3] == published[1:3, 2:3]) &&
        all(round(recreated[4, 2:3], 3) == published[4, 2:3]) &&
        all(round(recreated[5, 2:3], 1) == published[5, 2:3]))
check("Barnet needs", isTRUE(all.equal(
  round(barnet_profile$percentage[1:10], 2), barnet_needs$Barnet)))

# ---- Havering: treatment requirements against targets ----------------------
targets <- with(havering_treatment,
                compare_to_target(result, target, elapsed = elapsed))
havering_table <- report_table(
  data.frame(requirement = havering_treatment$requirement,
             period = havering_treatment$period,
             measure = havering_treatment$measure,
             target = havering_treatment$target,
             result = havering_treatment$result,
             expected = targets$expected,
             pct_of_target = targets$pct_of_target,
             marker = targets$marker),
  title = "DRR and ATR starts and completions against targets, Havering",
  source = paste("Havering Crime and Disorder Overview and Scrutiny",
                 "Committee, 30 November 2017, Table 1"),
  notes = paste("Q2 2017 is 2017-18 to the end of quarter 2; its expected",
                "figure is half the year's target."),
  roles = c(period = "label", target = "count", result = "count",
            expected = "rate", pct_of_target = "proportion",
            marker = "marker"),
  units = c(target = "people", result = "people"),
  labels = c(requirement = "Requirement", period = "Period",
             measure = "Measure", target = "Target", result = "Result",
             expected = "Expected by now", pct_of_target = "% of target",
             marker = "Marker"),
  totals = FALSE)
print(havering_table)
check("Havering markers",
      identical(targets$marker, havering_treatment$marker))

# ---- Lewisham against the Met, year on year ---------------------------------
counts <- as.matrix(lewisham_crime[c("lewisham_2017", "lewisham_2016")])
rownames(counts) <- lewisham_crime$offence
vs_met <- compare_to_benchmark(
  counts, benchmark = as.matrix(lewisham_crime[c("met_2017", "met_2016")]),
  polarity = "lower")
crime_table <- report_table(
  vs_met[, c("indicator", "count_previous", "count", "count_change",
             "benchmark_change", "share", "share_change", "comparison")],
  title = paste("Total notifiable offences, Lewisham against the Met,",
                "12 months to January 2017 and to January 2016"),
  source = "Metropolitan Police, as published in the Lewisham report",
  # Crimes are events, not people: small counts of them are published.
  units = c(count_previous = "events", count = "events"))
print(crime_table)
check("Lewisham crime", all(vs_met$count == lewisham_crime$lewisham_2017))

# ---- The workbook ------------------------------------------------------------
path <- file.path(out_dir, "reoffending-report.xlsx")
write_report(
  list(Lewisham_caseload = caseload, Lewisham_IOM = iom,
       Lewisham_needs = lewisham_profile, Barnet_reoffending = barnet_table,
       Barnet_needs = barnet_vs_london, Havering_treatment = havering_table,
       Lewisham_crime = crime_table),
  path,
  title = "Offender management and reoffending: borough tables",
  source = "London CRC, National Probation Service, borough committee reports",
  contact = "Community safety analysts",
  notes = "Recreated from offender-level records by the R package reoffending.",
  overwrite = TRUE)
cat("Workbook written: ", path, "\n", sep = "")
if (!all(unlist(checks))) {
  cat("Not recreated: ", paste(names(checks)[!unlist(checks)],
                               collapse = ", "), "\n", sep = "")
  quit(status = 1L, save = "no")
}
