#' Lewisham CRC caseload by cohort and status, 30 November 2016 (published)
#'
#' The CRC caseload table of the Lewisham report, transcribed as published:
#' the number of cases in the community, in custody and on licence for each
#' offender cohort, with totals (1338 cases). The report notes that there were
#' no cases in the Mental Health and Learning Disabilities cohort, so that
#' cohort has no row.
#'
#' @format A [report_table()] with 5 rows (four cohorts, then `Total`) and
#'   columns `cohort`, `Community`, `Custody`, `Licence` and `Total` (counts).
#' @source London CRC presentation to the Safer Stronger Communities Select
#'   Committee, London Borough of Lewisham, 8 March 2017: "Lewisham
#'   Statistics, CRC Caseload Numbers, Total Number of Cases - 1338 (as of
#'   30/11/2016)".
#' @seealso [lewisham_offenders], from which [cohort_table()] recreates it.
#' @examples
#' lewisham_caseload
"lewisham_caseload"

#' Lewisham IOM cases by cohort, 30 November 2016 (published)
#'
#' The number of CRC Integrated Offender Management cases in Lewisham by
#' cohort (134 in all), transcribed as published.
#'
#' @format A [report_table()] with 5 rows (four cohorts, then `Total`) and
#'   columns `cohort` and `IOM cases`.
#' @source London CRC presentation to the Safer Stronger Communities Select
#'   Committee, London Borough of Lewisham, 8 March 2017: "Lewisham IOM
#'   Numbers, Total Number of CRC IOM Cases in Lewisham - 134 (as of
#'   30/11/2016)".
#' @examples
#' lewisham_iom
"lewisham_iom"

#' Lewisham criminogenic needs profile (published)
#'
#' The needs profile of the Lewisham report: for each of ten criminogenic
#' needs, the number of assessed offenders with that need and the percentage
#' of the 933 assessed, transcribed as published.
#'
#' @format A [report_table()] with 11 rows (ten needs, then
#'   `Total Offenders`) and columns `need` (the published label), `offenders`
#'   (count) and `percentage` (the published percentage as a proportion, e.g.
#'   0.176 for 17.6%; `NA` on the total row, which published none).
#' @source London CRC presentation to the Safer Stronger Communities Select
#'   Committee, London Borough of Lewisham, 8 March 2017: "Lewisham Needs
#'   Profile".
#' @examples
#' lewisham_needs
"lewisham_needs"

#' Synthetic Lewisham offender records
#'
#' One row per CRC case, made up (no real person is in it) so that the tables
#' computed from it equal the published Lewisham tables exactly: 1338 cases by
#' cohort and status ([lewisham_caseload]), 134 IOM cases ([lewisham_iom])
#' and 933 offenders with a needs assessment ([lewisham_needs]). The same
#' records ship as a CSV extract, `system.file("extdata",
#' "lewisham_offenders.csv", package = "reoffending")`, with missing values
#' as empty fields.
#'
#' @format A data frame with 1338 rows and 17 columns:
#' \describe{
#'   \item{id}{Case identifier, `"LEW00001"` to `"LEW01338"`.}
#'   \item{age}{Age in completed years.}
#'   \item{sex}{`"Male"` or `"Female"`.}
#'   \item{mhld}{In the Mental Health and Learning Disabilities cohort
#'     (always `FALSE`: Lewisham had no such cases).}
#'   \item{cohort}{Factor, [assign_cohort()] of `age`, `sex` and `mhld` under
#'     the London CRC model; all five levels.}
#'   \item{status}{Factor: `Community`, `Custody` or `Licence`.}
#'   \item{iom}{Managed under Integrated Offender Management.}
#'   \item{need_accommodation, need_ete, need_relationships, need_lifestyle,
#'     need_drugs, need_alcohol, need_thinking_behaviour, need_attitudes,
#'     need_finance, need_emotional_wellbeing}{Criminogenic need flags
#'     (education, training and employment for `ete`); `NA` on every flag for
#'     the 405 offenders without a needs assessment.}
#' }
#' @source Synthetic, built by `data-raw/lewisham.R` to match the published
#'   tables of the London CRC presentation to the Lewisham Safer Stronger
#'   Communities Select Committee, 8 March 2017.
#' @examples
#' head(lewisham_offenders)
#' cohort_table(lewisham_offenders, cohort, status)
"lewisham_offenders"

#' Havering DRR and ATR starts and completions against targets (published)
#'
#' Table 1 of the Havering report: Drug Rehabilitation Requirement (DRR) and
#' Alcohol Treatment Requirement (ATR) starts and completions against their
#' yearly targets, for 2016-2017 and for 2017-18 to the end of quarter 2
#' (published as "Q2 2017"), with the markers the report puts beside each
#' result: a tick (met), a cross (missed), an up arrow (on track part way
#' through the year) and a down arrow (behind). The markers are stored as
#' UTF-8 text (`"\u2713"`, `"\u2717"`, `"\u2191"`, `"\u2193"`).
#' [compare_to_target()] reproduces every published marker from the targets
#' and results (`vignette("havering")`).
#'
#' @format A [report_table()] with 8 rows (one per requirement, period and
#'   measure) and columns:
#' \describe{
#'   \item{requirement}{`"DRR"` or `"ATR"`.}
#'   \item{period}{`"2016-2017"` or `"Q2 2017"`, as published.}
#'   \item{measure}{`"Starts"` or `"Completions"`.}
#'   \item{target}{The target for the whole year (count).}
#'   \item{result}{The result: for the year, or the year to date at the end
#'     of quarter 2 (count).}
#'   \item{marker}{The published marker, UTF-8 text.}
#'   \item{elapsed}{Not published: the share of the year elapsed, 1 for
#'     2016-2017 and 0.5 at the end of quarter 2.}
#'   \item{not_reoffending}{"Proportion not reoffending after 6 months
#'     completion" as published for each requirement and year (0.62 for
#'     DRR, 0.86 for ATR in 2016-2017; shown on both of its rows), `NA`
#'     where the report prints "-". The text of the report gives an "82%
#'     reduction in reoffending" for ATR completions, a different measure.}
#' }
#' @source London Borough of Havering, Crime and Disorder Overview and
#'   Scrutiny Committee, 30 November 2017, "Reducing Reoffending Update",
#'   Table 1: "Table 1 show the target performance of DRRs and ATRs for both
#'   last year and this year to date".
#' @seealso [compare_to_target()], [havering_iom]
#' @examples
#' havering_treatment
#' recomputed <- with(havering_treatment,
#'                    compare_to_target(result, target, elapsed = elapsed))
#' identical(recomputed$marker, havering_treatment$marker)
"havering_treatment"

#' Havering IOM panel: Green RAG status by year (published)
#'
#' How often the Havering Integrated Offender Management (IOM) panel awarded
#' a RAG (Red, Amber, Green risk allocation) status of Green: 30 times out of
#' 450 occasions in 2014-2015, 76 out of 722 in 2015-2016 and on all 95
#' occasions in 2016-2017. In 2016-2017 the panel worked with 95 nominals, and
#' 76% of the cohort did not re-enter custody.
#'
#' @format A [report_table()] with 3 rows and columns `year` (`"2014-2015"`
#'   to `"2016-2017"`), `green` (occasions the RAG was Green) and
#'   `occasions` (count).
#' @source London Borough of Havering, Crime and Disorder Overview and
#'   Scrutiny Committee, 30 November 2017, "Reducing Reoffending Update",
#'   section "Integrated Offender Management (IOM)".
#' @seealso [compare_to_benchmark()], [havering_treatment]
#' @examples
#' havering_iom
#' compare_to_benchmark(havering_iom$green, havering_iom$occasions,
#'                      benchmark = 76 / 722)
"havering_iom"

#' Total notifiable offences, Lewisham and the Met (published)
#'
#' The "Total Notifiable Offences" table of the Safer Lewisham Partnership
#' Plan 2017/18: offences in Lewisham and in the Metropolitan Police area as
#' a whole ("Met Total") for the 12 months to January 2017 and to January
#' 2016, transcribed as published. Rows such as `Robbery (Total)` and
#' `Burglary (Total)` are the sums of the two rows below them; `Total
#' Crimes` is all notifiable offences, not the sum of the rows shown.
#'
#' @format A [report_table()] with 18 rows and columns `offence`,
#'   `lewisham_2017`, `met_2017` (12 months to January 2017),
#'   `lewisham_2016` and `met_2016` (12 months to January 2016), all counts.
#' @source Safer Lewisham Partnership Plan 2017/18, presented to the
#'   Lewisham Safer Stronger Communities Select Committee, 8 March 2017:
#'   "Setting Priorities for 2017/18 (cont...), Total Notifiable Offences".
#' @seealso [lewisham_hate_crime], [lewisham_vawg], [compare_to_benchmark()]
#' @examples
#' lewisham_crime
#' crimes <- lewisham_crime[lewisham_crime$offence == "Total Crimes", ]
#' compare_to_benchmark(crimes[c("lewisham_2017", "lewisham_2016")],
#'                      benchmark = crimes[c("met_2017", "met_2016")],
#'                      polarity = "lower")
"lewisham_crime"

#' Hate crime, Lewisham and the Met (published)
#'
#' Priority 4 of the Safer Lewisham Partnership Plan 2017/18: racist and
#' religious, homophobic, anti-Semitic and Islamophobic crime in Lewisham
#' and in the Met for the 12 months to January 2017 and to January 2016,
#' transcribed as published (the same figures as the corresponding rows of
#' [lewisham_crime]).
#'
#' @format A [report_table()] with 4 rows and columns `offence`,
#'   `lewisham_2017`, `met_2017` ("12 months Jan 17"), `lewisham_2016` and
#'   `met_2016` ("12 months Jan 16"), all counts.
#' @source Safer Lewisham Partnership Plan 2017/18, presented to the
#'   Lewisham Safer Stronger Communities Select Committee, 8 March 2017:
#'   "Priority 4: Hate Crime".
#' @seealso [lewisham_crime], [compare_to_benchmark()]
#' @examples
#' lewisham_hate_crime
#' pct_change(lewisham_hate_crime$lewisham_2017,
#'            lewisham_hate_crime$lewisham_2016)
"lewisham_hate_crime"

#' Violence against women and girls in Lewisham, January 2017 and 2016
#' (published)
#'
#' Priority 2 (VAWG) of the Safer Lewisham Partnership Plan 2017/18: four
#' offence groups in January 2017 and January 2016 with the published
#' difference, transcribed as published, including two differences that do
#' not follow from their own counts:
#' * Total Sexual: 689 against 619 is a rise of 11.3%; the report prints
#'   11.7%;
#' * Rape: 226 against 273 is a fall of 17.2%; the report prints a rise of
#'   20.8%, which is 273 against 226. The total notifiable offences table of
#'   the same report ([lewisham_crime]) has 273 rapes in the 12 months to
#'   January 2017 and 226 a year before, so the two counts look swapped.
#'
#' [audit_table()] finds exactly these two cells.
#'
#' @format A [report_table()] with 4 rows and columns `offence`, `jan_2017`,
#'   `jan_2016` (counts) and `difference` (the published difference as a
#'   proportion: 0.117 for 11.7%).
#' @source Safer Lewisham Partnership Plan 2017/18, presented to the
#'   Lewisham Safer Stronger Communities Select Committee, 8 March 2017:
#'   "Priority 2: VAWG".
#' @seealso [audit_table()], [pct_change()]
#' @examples
#' lewisham_vawg
#' audit_table(lewisham_vawg,
#'             change = c(current = "jan_2017", previous = "jan_2016",
#'                        change = "difference"))
"lewisham_vawg"

#' Serious youth violence in Lewisham, 2013 to 2016 (published)
#'
#' Priority 1 (peer on peer abuse under 25) of the Safer Lewisham
#' Partnership Plan 2017/18: serious youth violence, youth violence (a wider
#' group of violent offences against young people) and knife crime with
#' injury against victims under 25 (KCI), by calendar year, transcribed as
#' published. (In the text extracted from the report the first row label is
#' garbled; it is the table's title, "Serious Youth Violence".)
#'
#' @format A [report_table()] with 3 rows and columns `measure`, `2013`,
#'   `2014`, `2015` and `2016` (counts).
#' @source Safer Lewisham Partnership Plan 2017/18, presented to the
#'   Lewisham Safer Stronger Communities Select Committee, 8 March 2017:
#'   "Priority 1: Peer on Peer abuse under 25".
#' @examples
#' lewisham_youth_violence
#' pct_change(lewisham_youth_violence$`2016`, lewisham_youth_violence$`2015`)
"lewisham_youth_violence"

#' London Probation Trust compliance and victim satisfaction, 2013
#' (published)
#'
#' Figures from the London Probation Trust's response to the Police and
#' Crime Plan consultation of 2013: aggregated compliance with Community
#' Orders and Custodial Licences of 79.5% (quarterly, January 2013) against
#' the 75% of its 2012/13 NOMS contract and a national average of 76.9%;
#' the Police and Crime Plan's 20% increase in compliance, which "would
#' require us to reach compliance rates of 95.4%" ([relative_target()]
#' gives the same); and victim satisfaction of 93% in the January 2013
#' quarterly survey against the NOMS target of 90%.
#'
#' @format A [report_table()] with 2 rows and columns:
#' \describe{
#'   \item{indicator}{`"Compliance"` or `"Victim satisfaction"`.}
#'   \item{period}{When measured, as published.}
#'   \item{actual, target}{The result and its target (proportions).}
#'   \item{target_basis}{Where the target comes from.}
#'   \item{national_average}{The national average (compliance only).}
#'   \item{increase}{The Police and Crime Plan's increase, 0.2 (compliance
#'     only).}
#'   \item{required}{The compliance rate that increase would require, as
#'     published: 0.954.}
#' }
#' @source London Probation Trust, "Police and Crime Plan Consultation
#'   2013-2017: Response to consultation paper from London Probation Trust"
#'   (2013), sections "Victim Care" and "Compliance".
#' @seealso [relative_target()], [pp_change()], [compare_to_target()]
#' @examples
#' lpt_performance
#' relative_target(lpt_performance$actual[1], lpt_performance$increase[1])
#' with(lpt_performance, compare_to_target(actual, target))
"lpt_performance"

#' Barnet proven reoffending, 2015 and 2014 cohorts (published)
#'
#' The proven reoffending table of the Barnet report, transcribed as
#' published: the Ministry of Justice measures for Barnet's 2015 cohort
#' against its 2014 cohort, the change, and the London average of the 2015
#' cohort. The measure labels are the report's own, spelling included.
#'
#' @format A [report_table()] with 5 rows (one per measure) and columns
#'   `measure`, `Barnet (2015 cohort)`, `Barnet (2014 cohort)`, `Change` and
#'   `Comparison to London average (2015 cohort)`. The rows are: number of
#'   offenders in the cohort (4262 and 4588), number of reoffenders (862 and
#'   1016), number of reoffences (2570 and 2970), proportion of offenders who
#'   reoffend (a proportion: 0.202 and 0.221; the change -1.9, in
#'   percentage points, published as "-1.9%"; London
#'   0.2353, published as "23.53") and average number of reoffences per
#'   reoffender (3.0 and 2.9; change 0.1; London 3). London counts were not
#'   published (`NA`). The rows' measures are `count`, `count`, `count`,
#'   `proportion` and `rate`, so the proportion row prints as percentages
#'   and its change in percentage points.
#' @source London Borough of Barnet, Community Leadership Committee, 22
#'   November 2017: "Update on Offender Management arrangements in Barnet",
#'   section 1.4.1 Headline figures, "Figures based on Ministry of Justice
#'   Statistics released July 2017".
#' @seealso [barnet_cohort] and [barnet_offences], from which
#'   [proven_reoffending()], [reoffending_rates()] and [compare_cohorts()]
#'   recreate it.
#' @examples
#' barnet_reoffending
"barnet_reoffending"

#' Barnet criminogenic needs against London (published)
#'
#' The needs table of the Barnet report: for ten criminogenic needs, the
#' proportion of offenders on the National Probation Service (NPS) cohort
#' with that need identified as linked to their offending, in Barnet and in
#' London, transcribed as published (the title keeps the report's "lined"
#' for "linked").
#'
#' @format A [report_table()] with 10 rows (needs, in the published order)
#'   and columns `need` (the published label), `Barnet` and `London`
#'   (proportions between 0 and 1, published as whole percentages: 0.96 for
#'   96%).
#' @source London Borough of Barnet, Community Leadership Committee, 22
#'   November 2017: "Update on Offender Management arrangements in Barnet",
#'   section 1.4.1, table "Proportion of offenders on the NPS cohort with
#'   different factors identified as being lined to their offending
#'   behaviour".
#' @seealso [barnet_cohort], from which [needs_profile()] recreates the
#'   Barnet column.
#' @examples
#' barnet_needs
"barnet_needs"

#' Synthetic Barnet reoffending cohorts, 2014 and 2015
#'
#' One row per offender of Barnet's 2014 and 2015 proven reoffending
#' cohorts, made up (no real person is in it) so that
#' [proven_reoffending()] with [barnet_offences], then
#' [reoffending_rates()] by `cohort_year`, gives the published counts of
#' [barnet_reoffending] exactly: 4262 offenders, 862 reoffenders and 2570
#' reoffences in 2015; 4588, 1016 and 2970 in 2014. The 2015 cohort has the
#' published sex split (3600 men, 662 women) and half its offenders aged 21
#' to 34, as the report says. The needs of its NPS offenders round to the
#' published Barnet percentages of [barnet_needs].
#'
#' @format A data frame with 8850 rows and 16 columns:
#' \describe{
#'   \item{id}{Offender identifier, `"BAR000001"` to `"BAR008850"`.}
#'   \item{cohort_year}{2014 or 2015 (integer): the year of the index date.}
#'   \item{index_date}{Date of the index event (release from custody,
#'     non-custodial conviction or caution).}
#'   \item{sex}{`"Male"` or `"Female"`.}
#'   \item{age}{Age in completed years at the index date.}
#'   \item{nps}{Supervised by the National Probation Service.}
#'   \item{need_thinking_behaviour, need_lifestyle, need_attitudes,
#'     need_drugs, need_relationships, need_finance, need_ete,
#'     need_emotional_wellbeing, need_accommodation, need_alcohol}{Criminogenic
#'     need flags, recorded for 560 of the 600 NPS offenders of the 2015
#'     cohort (those with an assessment); `NA` for everyone else.}
#' }
#' @source Synthetic, built by `data-raw/barnet.R` to match the published
#'   tables of the report to the Barnet Community Leadership Committee, 22
#'   November 2017.
#' @seealso [barnet_offences]
#' @examples
#' head(barnet_cohort[, 1:6])
#' table(barnet_cohort$cohort_year)
"barnet_cohort"

#' Synthetic offences of the Barnet cohorts
#'
#' One row per offence, made up to go with [barnet_cohort], in no
#' particular order. Besides the proven reoffences that the published counts
#' are made of, it holds offences that must not count: committed before the
#' index date or on it, committed after the follow-up (some on the day
#' after), proven after the waiting period (some on the day after), never
#' proven, and offences of people outside the cohort (identifiers from
#' `"BAR900000"`). Some proven reoffences fall on the last day of the
#' follow-up, or are proven on the last day of the waiting period.
#'
#' @format A data frame with 10034 rows and 3 columns:
#' \describe{
#'   \item{id}{Offender identifier, as in [barnet_cohort].}
#'   \item{offence_date}{Date the offence was committed.}
#'   \item{proven_date}{Date it was proven by conviction or caution; `NA`
#'     if it was not.}
#' }
#' @source Synthetic, built by `data-raw/barnet.R`.
#' @seealso [barnet_cohort], [proven_reoffending()]
#' @examples
#' head(barnet_offences)
#' followed <- proven_reoffending(barnet_cohort, barnet_offences)
#' reoffending_rates(followed, by = cohort_year)
"barnet_offences"

#' What the borough reports say about their tables
#'
#' The paragraphs of the five seed reports that state what their figures
#' show, as published (typing errors included: "manged", "Robbery Total"
#' for the figures of Robbery (Person)), for [audit_pack()] to check against
#' the tables. A pack takes them as its `text` ([report_pack()]); `report`
#' is the group whose tables each paragraph is checked against.
#'
#' @format A data frame with one row per paragraph and columns `report`
#'   (`"Lewisham"`, `"Havering"`, `"Barnet"`, `"London Probation Trust"`,
#'   `"Hillingdon"`), `section` (the heading it stands under), `source` (the
#'   committee document) and `text`.
#' @source Safer Lewisham Partnership Plan 2017/18 (Lewisham Safer Stronger
#'   Communities Select Committee, 8 March 2017), priorities 1 to 3;
#'   Havering Crime and Disorder Overview and Scrutiny Committee, 30
#'   November 2017, Reducing Reoffending Update (IOM, DRR, ATR); Barnet
#'   Community Leadership Committee, 22 November 2017, section 1.4.1; London
#'   Probation Trust, Police and Crime Plan consultation response (2013),
#'   Compliance and Victim Care; Hillingdon External Services Scrutiny
#'   Committee. Built by `data-raw/report_texts.R`.
#' @seealso [audit_pack()], `vignette("committee-pack")`
#' @examples
#' report_texts[report_texts$report == "Lewisham", "text"]
"report_texts"
