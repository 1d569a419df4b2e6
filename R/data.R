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
