# Builds data/report_texts.rda: the paragraphs of the borough reports that
# state what their tables show, as published (typing errors included), with
# the report, section and source of each. The text is copied from the
# committee documents as they were published; see R/data.R.
#
# Run from the package root:
#   Rscript data-raw/report_texts.R

lewisham <- paste(
  "Safer Lewisham Partnership Plan 2017/18, presented to the Lewisham Safer",
  "Stronger Communities Select Committee, 8 March 2017")
havering <- paste(
  "London Borough of Havering, Crime and Disorder Overview and Scrutiny",
  "Committee, 30 November 2017: Reducing Reoffending Update")
barnet <- paste(
  "London Borough of Barnet, Community Leadership Committee, 22 November",
  "2017: Update on Offender Management arrangements in Barnet")
lpt <- paste(
  "London Probation Trust, Police and Crime Plan Consultation 2013-2017:",
  "Response to consultation paper from London Probation Trust (2013)")
hillingdon <- paste(
  "London Borough of Hillingdon, External Services Scrutiny Committee:",
  "probation services update")

rows <- list(
  c("Lewisham", "Priority 1: Peer on Peer abuse under 25", lewisham,
    paste("Over the calendar year serious youth violence has increased",
          "slightly though at a lesser rate than for the capital.")),
  c("Lewisham", "Priority 1: Peer on Peer abuse under 25", lewisham,
    paste("Youth Violence, a wider group of violent offences against young",
          "people has declined.")),
  c("Lewisham", "Priority 1: Peer on Peer abuse under 25", lewisham,
    paste("Knife Crime with injury (u25), a particularly problematic crime",
          "for London has actually decreased against the general trend")),
  c("Lewisham", "Priority 2: VAWG", lewisham,
    paste("There has been a significant rise in rates of sexual violence and",
          "rape, although due to rates of underreporting (as high as 90% on",
          "some estimates) a decrease in these would not necessarily be a",
          "true reflection of .")),
  c("Lewisham", "Priority 2: VAWG", lewisham,
    paste("Domestic Abuse VWI offences have risen but are registering",
          "significant decrease over the last quarter")),
  c("Lewisham", "Priority 3: Organised Crime", lewisham,
    "Robbery Total has reduced from 769 in Jan 2016 to 760 in January 2017"),
  c("Lewisham", "Priority 3: Organised Crime", lewisham,
    "Robbery Business has risen by 1 incident in this time, from 77 to 78"),
  c("Havering", "Integrated Offender Management (IOM)", havering,
    paste("In 2016-2017 the Havering IOM panel worked with 95 nominals. 76%",
          "of the cohort did not re-enter custody and more nominals achieved",
          "a RAG (Red, Amber Green Risk allocation) status of Green than ever",
          "before. On all 95 occasions the RAG had been either reduced to or",
          "kept at Green, whereas in 2015-2016 the RAG status of Green had",
          "only been awarded 76 times out of 722 occasions and in 2014-2015",
          "the RAG of Green was awarded 30 times out of 450 occasions). On",
          "top of this 30% of the cohort demonstrated a consistent decrease",
          "in risk of reoffending.")),
  c("Havering", "Drug Rehabilitation Requirement (DRR)", havering,
    paste("The 2016-2017 progression of DRR Treatment was very encouraging.",
          "Probation data reports that LBH met the referral and start target",
          "of 34 and completion rate of 17 (achieved 34 starts and 23",
          "successful completions). Checks were made on 21 individuals who",
          "met the 6 month post check criteria on PNC and of these 62% did",
          "not go on to re-offend.")),
  c("Havering", "Drug Rehabilitation Requirement (DRR)", havering,
    paste("This year at the end of Quarter 2, we have already hit the number",
          "of completions required for the year.")),
  c("Havering", "Alcohol Treatment Requirement (ATR)", havering,
    paste("The 2016-2017 probation data reveals that there is an",
          "underperformance issue in relation to meeting the referral rate,",
          "start rate and completion rate. Last year LBH had 23 starts and 14",
          "completions (against targets of 28 starts and 16 completions).",
          "However of considerable note was the success of the 82% reduction",
          "in reoffending of those who completed their ATR.")),
  c("Havering", "Alcohol Treatment Requirement (ATR)", havering,
    paste("This year at the end of Quarter 2, we are on target to surpass the",
          "number of completions, however we are underperforming on the",
          "number of starts.")),
  c("Barnet", "1.4.1 Headline figures", barnet,
    "Overall there are 4262 offenders being manged in Barnet"),
  c("Barnet", "1.4.1 Headline figures", barnet,
    paste("Of the 4262 offenders in the Barnet cohort, 3600 are male (84%)",
          "and 662 are female (15%). This is in line with the proportions",
          "for London overall.")),
  c("Barnet", "1.4.1 Headline figures", barnet,
    paste("Of the 4262 offenders in the Barnet cohort 50% are aged between",
          "21 34 years old. This is in line with the proportions for London",
          "overall.")),
  c("London Probation Trust", "Compliance", lpt,
    paste("For 2012/13 LPT's contract with NOMS was to achieve 75% aggregated",
          "compliance with Community Orders and Custodial Licences (in",
          "2011/12 it was 70%). We have achieved 79.5% (quarterly) January",
          "2013 performance data. This is above the national average of",
          "76.9%.")),
  c("London Probation Trust", "Compliance", lpt,
    paste("While improvement is clearly desirable and the 20% target is in",
          "line with the Mayor's 20/20/20 principles, this would require us",
          "to reach compliance rates of 95.4% (based on the current",
          "performance baseline).")),
  c("London Probation Trust", "Victim care", lpt,
    paste("Our most recent quarterly survey (January 2013) had an overall",
          "satisfaction rate of 93% - the National Offender Management",
          "Service (NOMS) target is 90%.")),
  c("Hillingdon", "Probation services update", hillingdon,
    paste("To date, 88% of the audited cases were assessed as satisfactory or",
          "above on the diversity section, with a 50% as good or",
          "outstanding."))
)
report_texts <- data.frame(
  report = vapply(rows, `[`, "", 1L),
  section = vapply(rows, `[`, "", 2L),
  source = vapply(rows, `[`, "", 3L),
  text = vapply(rows, `[`, "", 4L),
  stringsAsFactors = FALSE
)
save(report_texts, file = "data/report_texts.rda", compress = "bzip2")
