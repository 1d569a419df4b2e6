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

#' Proven reoffending by London area, 2015 cohort (SYNTHETIC except Barnet)
#'
#' Figures for a funnel plot of London areas ([funnel_limits()],
#' [report_plot()]). **Only Barnet's row is published**: 4262 offenders,
#' 862 reoffenders (20.2%) and 2570 reoffences in its 2015 cohort, as in
#' [barnet_reoffending]. No published table of proven reoffending by London
#' local authority is among the package's sources, so the 31 other areas
#' are **synthetic**, named `"Synthetic borough A"` to `"Synthetic borough
#' AE"` so that no figure can be taken for a real borough's: made up by
#' `data-raw/london.R` with cohorts of 1,500 to 7,500 offenders and
#' proportions scattered around London's, more widely than chance alone
#' would (as real areas are), so that London as a whole reoffends at the
#' published London average of 23.53% (143,357 offenders, 33,732
#' reoffenders) with about 3 reoffences per reoffender.
#'
#' @format A [report_table()] with 32 rows (Barnet first) and columns
#'   `borough` (the area), `offenders`, `reoffenders` (counts of people),
#'   `reoffences` (count of events) and `proportion` (reoffenders per
#'   offender, between 0 and 1).
#' @source Synthetic, built by `data-raw/london.R`, except Barnet's row and
#'   the London average it is built around: London Borough of Barnet,
#'   Community Leadership Committee, 22 November 2017, "Update on Offender
#'   Management arrangements in Barnet", section 1.4.1 (Ministry of
#'   Justice statistics released July 2017).
#' @seealso [funnel_limits()], [report_plot()], [barnet_reoffending]
#' @examples
#' london_reoffending[1:5, ]
#' sum(london_reoffending$reoffenders) / sum(london_reoffending$offenders)
"london_reoffending"
#' Havering IOM panel records (synthetic)
#'
#' Invented records of the Havering Integrated Offender Management (IOM)
#' panel, one row per person per panel meeting from April 2014 to March
#' 2017, built by `data-raw/havering_people.R` so that [iom_summary()]
#' recreates every IOM figure the Havering report publishes without its
#' records: 95 nominals in 2016-17, 911 occasions discussed (76 a month),
#' the RAG of all 95 reduced to or kept at Green, 29 (30.5%, published as
#' "30%") with a consistent decrease in risk and 25 (26%) with a consistent
#' increase, 72 of 95 (76%) not re-entering custody, 25 arrested; and 76
#' Green occasions of 722 in 2015-16 and 30 of 450 in 2014-15. No real
#' person is in them.
#'
#' @format A data frame with 2,083 rows and columns `id` (a PNC ID), `date`
#'   (of the meeting), `rag` (Red, Amber or Green, some in capitals),
#'   `risk` (a risk score, higher is riskier) and `referral` (the date the
#'   person was referred to IOM).
#' @source Synthetic, matching the figures of London Borough of Havering,
#'   Crime and Disorder Overview and Scrutiny Committee, 30 November 2017,
#'   "Reducing Reoffending Update", section "Integrated Offender Management
#'   (IOM)" and its footnotes 2 to 4.
#' @seealso [havering_custody], [havering_arrests], [havering_iom] (the
#'   published figures), `vignette("havering-iom")`.
#' @examples
#' head(havering_meetings)
#' iom_summary(havering_meetings, custody = havering_custody,
#'             arrests = havering_arrests, risk = risk,
#'             as_at = as.Date("2017-11-30"))
"havering_meetings"

#' Havering IOM custody receptions and arrests (synthetic)
#'
#' Invented receptions into custody (`havering_custody`) and arrests
#' (`havering_arrests`) of people discussed at the Havering IOM panel, to go
#' with [havering_meetings]: in 2016-17, 23 of the 95 nominals were received
#' into custody after joining and 25 were arrested. One reception is of a
#' person before they were first discussed, which is not a re-entry.
#'
#' @format Data frames with columns `id` (a PNC ID) and `date`.
#' @source Synthetic; see [havering_meetings].
#' @examples
#' nrow(havering_custody)
#' nrow(havering_arrests)
#' @name havering_custody
"havering_custody"

#' @rdname havering_custody
"havering_arrests"

#' Havering DRR and ATR referrals and offences (synthetic)
#'
#' Invented referral records for Drug Rehabilitation Requirements (DRR) and
#' Alcohol Treatment Requirements (ATR) (`havering_referrals`) and offences
#' of the people referred (`havering_offences`), built by
#' `data-raw/havering_people.R` so that [treatment_summary()] recreates the
#' starts, completions and all eight markers of Table 1 of the Havering
#' report ([havering_treatment]), and [post_completion_reoffending()] the
#' "proportion not reoffending after 6 months completion": 13 of 21 (62%)
#' eligible DRR completers of 2016-17 and 12 of 14 (86%) ATR completers,
#' checked at 31 August 2017 (when 2 DRR completers of March 2017 were not
#' yet six months past completion).
#'
#' @format `havering_referrals`: a data frame with columns `id` (a PNC ID),
#'   `requirement` (`"DRR"` or `"ATR"`), `referral`, `start` and
#'   `completion` (dates; `NA` until they happen) and `outcome`
#'   (`"successful"`, `"revoked"` or `NA`). `havering_offences`: columns
#'   `id` and `date`.
#' @source Synthetic, matching London Borough of Havering, Crime and
#'   Disorder Overview and Scrutiny Committee, 30 November 2017, "Reducing
#'   Reoffending Update", Table 1 and the sections on DRR and ATR.
#' @examples
#' table(havering_referrals$requirement, havering_referrals$outcome,
#'       useNA = "ifany")
#' @name havering_referrals
"havering_referrals"

#' @rdname havering_referrals
"havering_offences"

#' Havering risk panel lists (synthetic)
#'
#' Invented lists of the four Havering multi-agency risk panels (MAPPA,
#' IOM, DIP and ASB) in one long data frame, with known overlaps: 162
#' people, 50 on IOM only, 25 on IOM and DIP, 5 on MAPPA, IOM and DIP, and
#' so on (see `data-raw/havering_people.R`). As lists kept by hand are,
#' some PNC IDs are in lower case, with spaces or without the zeros of the
#' serial, some names are written surname first; the IOM list names one
#' person twice and the DIP list two; and two people on the DIP list are on
#' the ASB list under another PNC ID, with a misspelt name and the same date
#' of birth, for [panel_matches()] to find.
#'
#' @format A data frame with 225 rows and columns `panel`, `pnc_id`, `name`
#'   and `dob` (date of birth).
#' @source Synthetic; the report describes "the cross referencing of
#'   various risk panel cohorts to prevent duplication" (London Borough of
#'   Havering, Crime and Disorder Overview and Scrutiny Committee, 30
#'   November 2017, "Reducing Reoffending Update").
#' @examples
#' panel_overlap(havering_panels, id = pnc_id)
"havering_panels"
#' The Met's offence groups, as a classification
#'
#' The offence groups of the Metropolitan Police's monthly notifiable
#' offences tables as the Lewisham report prints them ("Total Notifiable
#' Offences": Total Crimes, Homicide, Violence Against the Person (Total),
#' Rape, Other Sexual, Robbery (Total), (Person) and (Business), Burglary
#' (Total), Residential and Non-Residential, Motor Vehicle Crime), with the
#' groups the report does not print that make its total add up (violence
#' with and without injury, theft and handling, criminal damage, drugs,
#' fraud and forgery, other notifiable offences: the Met's major offence
#' groups, simplified), and the cross-cutting counts of the report's tables
#' as flags: gun crime, domestic crime, the four hate crimes, serious youth
#' violence, youth violence, knife crime with injury of victims under 25,
#' and the VAWG strands (Total Sexual, Domestic VWI, All Domestic Abuse).
#' [incident_counts()] reads it: a group is the sum of the groups whose
#' `parent` it is, so Robbery (Total) is computed as Robbery (Person) plus
#' Robbery (Business); a flag counts the incidents whose flag column is
#' `TRUE`, whatever their group.
#'
#' @format A data frame with 33 rows and 3 columns:
#' \describe{
#'   \item{group}{The group's label, as the report prints it; the rows are
#'     in the order of the report's table, then the other groups, then the
#'     flags.}
#'   \item{parent}{The group it adds into (`NA` for `Total Crimes` and for
#'     flags).}
#'   \item{flag}{`NA`, or the logical column of the records that marks the
#'     incidents of a cross-cutting count (such as `gun`).}
#' }
#' @source Groups as printed in the Safer Lewisham Partnership Plan 2017/18
#'   (Lewisham Safer Stronger Communities Select Committee, 8 March 2017:
#'   "Total Notifiable Offences", Priorities 1, 2 and 4), arranged in the
#'   Metropolitan Police Service's hierarchy of notifiable offences; built
#'   by `data-raw/met_offences.R`. The split of the groups the report does
#'   not print is a simplification, not the Met's full list of minor
#'   categories.
#' @seealso [incident_counts()], [met_offences]
#' @examples
#' met_offence_groups
"met_offence_groups"

#' Synthetic monthly counts of notifiable offences in the Met
#'
#' Monthly counts of incidents by area (the 32 boroughs policed by the Met
#' and Aviation Security), offence group (the leaves of
#' [met_offence_groups]) and flags, January 2013 to January 2017, as the
#' Met publishes them. Made up, but drawn so that [incident_counts()]
#' recreates from them every figure of the Lewisham report's crime tables:
#' total notifiable offences and hate crime for Lewisham and the Met in the
#' 12 months to January 2017 and to January 2016 ([lewisham_crime],
#' [lewisham_hate_crime]), serious youth violence by calendar year 2013 to
#' 2016 ([lewisham_youth_violence]) and the VAWG table with its correct
#' values ([lewisham_vawg] as published has the two Rape counts swapped,
#' and 11.7% for a rise of 11.3%). How the Met total splits between the
#' other areas and over the months, and the groups the report does not
#' print, are drawn; so are the flags the report gives no figure for (youth
#' violence and VAWG outside Lewisham).
#'
#' @format A data frame with 42334 rows and 16 columns:
#' \describe{
#'   \item{month}{First day of the month (`Date`).}
#'   \item{area}{Borough (factor).}
#'   \item{offence}{Offence group (factor with the leaves of
#'     [met_offence_groups]).}
#'   \item{gun, domestic, racist_religious, homophobic, antisemitic,
#'     islamophobic, serious_youth_violence, youth_violence,
#'     knife_injury_under_25, vawg_sexual, domestic_vwi, domestic_abuse}{
#'     Flags (logical) of the cross-cutting counts, as named in
#'     [met_offence_groups].}
#'   \item{count}{The number of incidents.}
#' }
#' @source Synthetic, built by `data-raw/met_offences.R` from the figures
#'   published in the Safer Lewisham Partnership Plan 2017/18 (Lewisham
#'   Safer Stronger Communities Select Committee, 8 March 2017).
#' @seealso [incident_counts()], [met_offence_groups]
#' @examples
#' head(met_offences)
#' incident_counts(met_offences, month, by = offence,
#'                 periods = calendar_years(2015, 2016), count = count,
#'                 area = area, areas = "Lewisham")
"met_offences"

#' Synthetic index events of the Barnet offenders
#'
#' Events of the offenders of [barnet_cohort] (releases from custody, court
#' orders, cautions and recalls), made up so that [reoffending_cohort()]
#' with calendar-year periods gives back the 2014 and 2015 cohorts of
#' [barnet_cohort] exactly, and [proven_reoffending()] on
#' [barnet_offences] the published 4262 / 862 / 2570 and 4588 / 1016 /
#' 2970. Besides each offender's index event it holds events that must not
#' change those cohorts: later events in the same year, a second event on
#' the index day of lower precedence, recalls, 25 releases dated before
#' their custody start (left out and reported), and events in 2013 and 2016
#' that make small cohorts of their own.
#'
#' @format A data frame with 12406 rows and 6 columns: `id`, `date`,
#'   `type` (factor: `custody_release`, `court_order`, `caution`,
#'   `recall`), `offence` (offence group, factor), `disposal` (factor) and
#'   `custody_start` (`Date` custody began, for releases; `NA` otherwise).
#' @source Synthetic, built by `data-raw/barnet_events.R`.
#' @seealso [reoffending_cohort()], [barnet_people]
#' @examples
#' head(barnet_events)
"barnet_events"

#' Synthetic people of the Barnet cohorts
#'
#' One row per offender of [barnet_cohort]: a made-up date of birth that
#' gives the offender's age at the index date in [barnet_cohort], and the
#' sex.
#'
#' @format A data frame with 8850 rows and columns `id`, `birth_date`
#'   (`Date`) and `sex` (factor).
#' @source Synthetic, built by `data-raw/barnet_events.R`.
#' @seealso [reoffending_cohort()], [barnet_events]
#' @examples
#' head(barnet_people)
"barnet_people"
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
