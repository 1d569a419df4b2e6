# Writes the synthetic Barnet records (data/barnet_cohort.rda and
# data/barnet_offences.rda, built by data-raw/barnet.R) as gzipped CSV
# extracts, for vignette("own-extract"): dates as YYYY-MM-DD, missing values
# as empty fields, as a case-management system's export would have them.
#
# Run from the package root with the package installed:
#   Rscript data-raw/barnet_extract.R

library(reoffending)

write_extract <- function(data, file) {
  con <- gzfile(file.path("inst", "extdata", file), "w")
  on.exit(close(con))
  utils::write.csv(data, con, row.names = FALSE, na = "")
}
write_extract(barnet_cohort, "barnet_offenders.csv.gz")
write_extract(barnet_offences, "barnet_offences.csv.gz")
