# The package's example pack (inst/pack/seed-reports.R) on the shipped
# Lewisham extract, built once per test run.
seed_pack <- local({
  pack <- NULL
  function() {
    if (is.null(pack)) {
      spec <- source(system.file("pack", "seed-reports.R",
                                 package = "reoffending"))$value
      extract <- utils::read.csv(
        system.file("extdata", "lewisham_offenders.csv",
                    package = "reoffending"),
        stringsAsFactors = FALSE)
      pack <<- suppressWarnings(report_pack(spec, extract))
    }
    pack
  }
})

# The nine inconsistencies of the seed reports, written down by hand from
# the reports (tests/testthat/fixtures/pack-findings.csv).
seed_findings <- function() {
  utils::read.csv(test_path("fixtures", "pack-findings.csv"),
                  stringsAsFactors = FALSE, na.strings = "")
}
