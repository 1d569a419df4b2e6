# Builds lpt_performance in data/.
#
# Transcribed from London Probation Trust, "Police and Crime Plan
# Consultation 2013-2017: Response to consultation paper from London
# Probation Trust" (2013), sections Victim Care and Compliance.
#
# Run from the package root with the package installed:
#   Rscript data-raw/lpt.R

library(reoffending)

lpt_performance <- report_table(
  data.frame(
    indicator = c("Compliance", "Victim satisfaction"),
    period = c("January 2013 (quarterly)",
               "January 2013 (quarterly survey)"),
    actual = c(0.795, 0.93),
    target = c(0.75, 0.90),
    target_basis = c("NOMS contract 2012/13", "NOMS target"),
    national_average = c(0.769, NA),
    increase = c(0.2, NA),
    required = c(0.954, NA),
    stringsAsFactors = FALSE
  ),
  title = "London Probation Trust: compliance and victim satisfaction",
  source = paste(
    "London Probation Trust, Police and Crime Plan Consultation 2013-2017:",
    "Response to consultation paper from London Probation Trust (2013),",
    "sections Compliance and Victim Care."
  ),
  notes = c(
    paste("Compliance: aggregated compliance with Community Orders and",
          "Custodial Licences ('successful completion'), a NOMS contract",
          "measure; the 2011/12 contract was 70%, and 80% was proposed for",
          "2013/14."),
    paste("increase: the Police and Crime Plan's 20% increase in",
          "compliance; required: the compliance rate it would require,",
          "as published (95.4%)."),
    "Victim satisfaction: overall satisfaction rate in the quarterly survey."
  ),
  roles = c(indicator = "label", period = "label", actual = "percent",
            target = "percent", target_basis = "label",
            national_average = "percent", increase = "percent",
            required = "percent")
)

save(lpt_performance, file = "data/lpt_performance.rda", compress = "xz")
