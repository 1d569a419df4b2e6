# The package's own example pack: the tables, statements and text of the
# five seed reports, as one specification for report_pack(). tools/report.R
# (`make report`) and the tests run it; next quarter's pack is the same
# function on the new extract.
#
#   spec <- source(system.file("pack", "seed-reports.R",
#                              package = "reoffending"))$value
#   pack <- report_pack(spec, extract)
#
# `extract` is the Lewisham case-management extract
# (inst/extdata/lewisham_offenders.csv); the Barnet tables are recreated
# from barnet_cohort and barnet_offences.
function(extract) {
  extract$cohort <- assign_cohort(extract$age, extract$sex, extract$mhld)
  needs <- grep("^need_", names(extract), value = TRUE)
  lewisham_source <- "London CRC case records, 30 November 2016"

  # ---- Lewisham --------------------------------------------------------------
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
  profile <- report_table(
    needs_profile(extract, needs, labels = lewisham_needs$need[1:10]),
    title = "Criminogenic needs profile, Lewisham, 30 November 2016",
    source = lewisham_source)

  # Lewisham against the Met, counted from the Met's monthly records
  # (met_offences) for the two 12-month periods, subtotals from the offence
  # classification, in the order of the published table.
  tno <- as.data.frame(incident_counts(
    met_offences, month, by = offence,
    periods = rolling_12_months("2017-01", n = 2), area = area,
    count = count, areas = "Lewisham", total = "Met Total"))
  tno <- tno[match(lewisham_crime$offence, tno$offence), ]
  counts <- as.matrix(tno[c("Lewisham, 12 months to Jan 2017",
                            "Lewisham, 12 months to Jan 2016")])
  rownames(counts) <- tno$offence
  vs_met <- compare_to_benchmark(
    counts, benchmark = as.matrix(tno[c("Met Total, 12 months to Jan 2017",
                                        "Met Total, 12 months to Jan 2016")]),
    polarity = "lower")
  crime_table <- report_table(
    vs_met[, c("indicator", "count_previous", "count", "count_change",
               "benchmark_change", "share", "share_change", "comparison")],
    title = paste("Total notifiable offences, Lewisham against the Met,",
                  "12 months to January 2017 and to January 2016"),
    source = "Metropolitan Police monthly counts by borough and offence",
    # Crimes are events, not people: small counts of them are published.
    units = c(count_previous = "events", count = "events"))
  robbery <- match(c("Robbery (Person)", "Robbery (Business)"),
                   crime_table$indicator)

  youth <- lewisham_youth_violence
  serious <- youth$measure == "Serious Youth Violence"

  # ---- Barnet ----------------------------------------------------------------
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  rates <- reoffending_rates(followed, by = cohort_year)
  barnet_table <- compare_cohorts(
    rates[rates$cohort_year == "2015", ], rates[rates$cohort_year == "2014", ],
    benchmark = c(proportion = 0.2353, per_reoffender = 3),
    labels = c("Barnet (2015 cohort)", "Barnet (2014 cohort)",
               "London average (2015 cohort)"))
  barnet_need_columns <- c(
    "need_thinking_behaviour", "need_lifestyle", "need_attitudes",
    "need_drugs", "need_relationships", "need_finance", "need_ete",
    "need_emotional_wellbeing", "need_accommodation", "need_alcohol")
  nps <- barnet_cohort[barnet_cohort$nps & barnet_cohort$cohort_year == 2015L, ]
  barnet_profile <- needs_profile(nps, barnet_need_columns,
                                  labels = barnet_needs$need)
  barnet_vs_london <- report_table(
    data.frame(need = barnet_needs$need,
               Barnet = barnet_profile$percentage[1:10],
               London = barnet_needs$London),
    title = paste("Criminogenic needs of NPS offenders, Barnet and London,",
                  "2015 cohort"),
    source = "Barnet: NPS offender records; London: National Probation Service",
    roles = c(Barnet = "percent", London = "percent"),
    chart = report_chart("need", c("Barnet", "London"),
                         x_title = "Criminogenic need",
                         y_title = "Share of offenders assessed"))
  needs_chart <- pack_chart(
    function() {
      long <- data.frame(
        need = factor(rep(barnet_vs_london$need, 2L),
                      levels = rev(barnet_vs_london$need)),
        area = rep(c("Barnet", "London"), each = nrow(barnet_vs_london)),
        share = c(barnet_vs_london$Barnet, barnet_vs_london$London))
      ggplot2::ggplot(long, ggplot2::aes(x = share, y = need, fill = area)) +
        ggplot2::geom_col(position = "dodge") +
        ggplot2::scale_x_continuous(labels = function(x) paste0(100 * x, "%")) +
        ggplot2::labs(x = "Share of offenders assessed", y = NULL, fill = NULL)
    },
    title = "Criminogenic needs of NPS offenders, Barnet and London",
    alt_text = paste0(
      "Bar chart of the share of NPS offenders with each criminogenic need, ",
      "Barnet beside London: ", barnet_vs_london$need[1L], " is the most ",
      "common in both (", round(100 * barnet_vs_london$Barnet[1L]),
      "% in Barnet, ", round(100 * barnet_vs_london$London[1L]),
      "% in London); Barnet is below London for ",
      sum(barnet_vs_london$Barnet < barnet_vs_london$London), " of the ",
      nrow(barnet_vs_london), " needs."),
    group = "Barnet")

  # ---- Havering --------------------------------------------------------------
  treatment <- havering_treatment
  targets <- compare_to_target(
    stats::setNames(treatment$result,
                    paste(treatment$requirement, treatment$period,
                          tolower(treatment$measure))),
    treatment$target, elapsed = treatment$elapsed)
  targets <- report_table(
    targets,
    title = "DRR and ATR starts and completions against targets, Havering",
    source = paste("Havering Crime and Disorder Overview and Scrutiny",
                   "Committee, 30 November 2017, Table 1"),
    notes = paste("Q2 2017 is 2017-18 to the end of quarter 2; its expected",
                  "figure is half the year's target."),
    units = c(actual = "events", target = "events"))

  # ---- London Probation Trust ------------------------------------------------
  lpt_targets <- compare_to_target(
    stats::setNames(lpt_performance$actual, lpt_performance$indicator),
    lpt_performance$target)
  lpt_targets <- report_table(
    lpt_targets,
    title = "London Probation Trust: results against NOMS targets, 2013",
    source = "London Probation Trust consultation response, 2013",
    roles = c(actual = "proportion", target = "proportion",
              expected = "proportion"))

  list(
    title = "Offender management and reoffending: borough committee packs",
    published = as.Date("2017-11-30"),
    source = paste("London CRC, National Probation Service, Metropolitan",
                   "Police and borough committee reports"),
    contact = "Community safety analysts",
    tables = list(
      Lewisham_caseload = pack_table(caseload, "recreated", "Lewisham"),
      Lewisham_IOM = pack_table(iom, "recreated", "Lewisham"),
      Lewisham_needs = pack_table(profile, "recreated", "Lewisham"),
      Lewisham_youth = pack_table(youth, "transcribed", "Lewisham"),
      Lewisham_VAWG = pack_table(
        lewisham_vawg, "transcribed", "Lewisham",
        change = c(current = "jan_2017", previous = "jan_2016",
                   change = "difference")),
      Lewisham_hate_crime = pack_table(lewisham_hate_crime, "transcribed",
                                       "Lewisham"),
      Lewisham_offences = pack_table(lewisham_crime, "transcribed",
                                     "Lewisham"),
      Lewisham_crime = pack_table(crime_table, "recreated", "Lewisham"),
      Barnet_reoffending = pack_table(barnet_table, "recreated", "Barnet"),
      Barnet_needs = pack_table(barnet_vs_london, "recreated", "Barnet"),
      Havering_treatment = pack_table(targets, "computed", "Havering"),
      Havering_table_1 = pack_table(treatment, "transcribed", "Havering"),
      Havering_IOM = pack_table(havering_iom, "transcribed", "Havering"),
      LPT_targets = pack_table(lpt_targets, "computed",
                               "London Probation Trust"),
      LPT_performance = pack_table(lpt_performance, "transcribed",
                                   "London Probation Trust")),
    charts = list(needs_chart),
    statements = list(
      state_change(youth[["2016"]][serious], youth[["2015"]][serious],
                   "Serious youth violence", polarity = "lower",
                   table = "Lewisham_youth", row = which(serious),
                   columns = c("2016", "2015")),
      state_comparison(vs_met, "Lewisham_crime", rows = robbery),
      state_comparison(barnet_table, "Barnet_reoffending",
                       benchmark = "the London average"),
      state_comparison(targets, "Havering_treatment",
                       subject = paste(treatment$requirement,
                                       treatment$period),
                       what = tolower(treatment$measure)),
      state_comparison(lpt_targets, "LPT_targets", percent = TRUE)),
    text = report_texts)
}
