# Builds the Havering datasets in data/: havering_treatment and havering_iom.
#
# Transcribed from London Borough of Havering, Crime and Disorder Overview
# and Scrutiny Committee, 30 November 2017, "Reducing Reoffending Update"
# (report author: Integrated Offender Management and Serious Group Violence
# Lead): Table 1 (target performance of DRRs and ATRs) and the section on
# Integrated Offender Management.
#
# Run from the package root with the package installed:
#   Rscript data-raw/havering.R

library(reoffending)

source_text <- paste(
  "London Borough of Havering, Crime and Disorder Overview and Scrutiny",
  "Committee, 30 November 2017: Reducing Reoffending Update"
)

# Table 1 ----------------------------------------------------------------
# Published:
#                   Targets             Results            Proportion not
#                   Starts Completions  Starts Completions reoffending after
#                                                           6 months completion
# DRR (2016-2017)   34     17           34 tick  23 tick   62%
# ATR (2016-2017)   28     16           23 cross 14 cross  86%
# DRR (Q2 2017)     34     17           18 up    17 tick   -
# ATR (Q2 2017)     28     16           12 down  11 up     -
tick <- "\u2713"
cross <- "\u2717"
up <- "\u2191"
down <- "\u2193"

havering_treatment <- data.frame(
  requirement = rep(c("DRR", "DRR", "ATR", "ATR"), 2),
  period = rep(c("2016-2017", "Q2 2017"), each = 4),
  measure = rep(c("Starts", "Completions"), 4),
  target = c(34L, 17L, 28L, 16L, 34L, 17L, 28L, 16L),
  result = c(34L, 23L, 23L, 14L, 18L, 17L, 12L, 11L),
  marker = c(tick, tick, cross, cross, up, tick, down, up),
  elapsed = rep(c(1, 0.5), each = 4),
  not_reoffending = c(0.62, 0.62, 0.86, 0.86, NA, NA, NA, NA),
  stringsAsFactors = FALSE
)
havering_treatment <- report_table(
  havering_treatment,
  title = paste("Table 1: target performance of DRRs and ATRs, 2016-2017",
                "and 2017-18 to the end of quarter 2"),
  source = paste0(source_text, ", Table 1."),
  notes = c(
    paste("Targets are for the whole year; Q2 2017 results are the year to",
          "date at the end of quarter 2 of 2017-18."),
    paste("elapsed is not published: the share of the year elapsed (1 for",
          "2016-2017, 0.5 at the end of quarter 2)."),
    paste("not_reoffending: proportion not reoffending 6 months after",
          "completion, published for each requirement and year (shown on",
          "both of its rows); '-' for Q2 2017.")
  ),
  roles = c(requirement = "label", period = "label", measure = "label",
            target = "count", result = "count", marker = "marker",
            elapsed = "rate", not_reoffending = "percent"),
  units = c(target = "people", result = "people"), totals = FALSE
)

# IOM: Green RAG ---------------------------------------------------------
# "On all 95 occasions the RAG had been either reduced to or kept at Green,
# whereas in 2015-2016 the RAG status of Green had only been awarded 76
# times out of 722 occasions and in 2014-2015 the RAG of Green was awarded
# 30 times out of 450 occasions".
havering_iom <- report_table(
  data.frame(year = c("2014-2015", "2015-2016", "2016-2017"),
             green = c(30L, 76L, 95L),
             occasions = c(450L, 722L, 95L),
             stringsAsFactors = FALSE),
  title = "IOM panel: occasions a RAG status of Green was awarded",
  source = paste0(source_text, ", Integrated Offender Management."),
  notes = c(
    paste("In 2016-2017 the IOM panel worked with 95 nominals; 76% of the",
          "cohort did not re-enter custody."),
    paste("2014-2015 data are used only to show the trend over the last",
          "three full years (the report's footnote 2).")
  ),
  roles = c(year = "period"),
  units = c(green = "events", occasions = "events"), totals = FALSE
)

save(havering_treatment, file = "data/havering_treatment.rda",
     compress = "xz")
save(havering_iom, file = "data/havering_iom.rda", compress = "xz")
