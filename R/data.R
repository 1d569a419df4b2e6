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
#'   reoffend (a proportion: 0.202 and 0.221; the change -0.019; London
#'   0.2353, published as "23.53") and average number of reoffences per
#'   reoffender (3.0 and 2.9; change 0.1; London 3). London counts were not
#'   published (`NA`). The table has row roles `count`, `count`, `count`,
#'   `percent` and `rate`, so the proportion row prints as percentages.
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
