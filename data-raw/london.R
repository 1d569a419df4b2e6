# Builds data/london_reoffending.rda: SYNTHETIC proven reoffending figures
# for 32 London areas, for funnel plots.
#
# No published table of proven reoffending by London local authority is
# among the package's sources, so none is transcribed. Barnet's row is the
# published one (2015 cohort: 4262 offenders, 862 reoffenders, 2570
# reoffences; report to the Barnet Community Leadership Committee, 22
# November 2017, figures based on Ministry of Justice statistics released
# July 2017). The 31 other areas are made up and named "Synthetic borough
# A" to "Synthetic borough AE", so that no figure can be taken for a real
# borough's: cohort sizes between 1,500 and 7,500, proportions who reoffend
# scattered around London's, with more spread than chance alone would give
# (as real areas show), then nudged so that London as a whole reoffends at
# the published London average of 23.53% and about 3 reoffences per
# reoffender.
#
# Run from the package root with the package installed:
#   Rscript data-raw/london.R

library(reoffending)
set.seed(20150101)

others <- 31L
letters2 <- c(LETTERS, paste0("A", LETTERS))[seq_len(others)]
offenders <- round(stats::runif(others, 1500, 7500))
proportion <- stats::rnorm(others, 0.2353, 0.025)
reoffenders <- round(offenders * proportion)

all_offenders <- c(4262, offenders)
wanted <- round(0.2353 * sum(all_offenders))
# Spread the difference from London's published proportion over the
# largest synthetic areas, one reoffender each.
gap <- wanted - (862 + sum(reoffenders))
largest <- order(offenders, decreasing = TRUE)
while (gap != 0) {
  step <- sign(gap)
  take <- largest[seq_len(min(abs(gap), others))]
  reoffenders[take] <- reoffenders[take] + step
  gap <- gap - step * length(take)
}
per_reoffender <- stats::rnorm(others, 3, 0.2)
reoffences <- round(reoffenders * per_reoffender)

data <- data.frame(
  borough = c("Barnet", paste("Synthetic borough", letters2)),
  offenders = as.integer(all_offenders),
  reoffenders = as.integer(c(862, reoffenders)),
  reoffences = as.integer(c(2570, reoffences)),
  stringsAsFactors = FALSE)
data <- data[order(data$borough != "Barnet"), ]
data$proportion <- data$reoffenders / data$offenders
rownames(data) <- NULL
stopifnot(round(sum(data$reoffenders) / sum(data$offenders), 4) == 0.2353)

london_reoffending <- report_table(
  data,
  title = paste("Proven reoffending by London area, 2015 cohort",
                "(SYNTHETIC except Barnet)"),
  source = paste("Synthetic figures built by data-raw/london.R, except",
                 "Barnet: London Borough of Barnet, Community Leadership",
                 "Committee, 22 November 2017 (Ministry of Justice",
                 "statistics released July 2017)."),
  notes = paste("Synthetic: the areas other than Barnet are made up, so",
                "that London as a whole reoffends at the published 23.53%;",
                "they are not real boroughs' figures."),
  roles = c(borough = "label", offenders = "count", reoffenders = "count",
            reoffences = "count", proportion = "proportion"),
  units = c(offenders = "people", reoffenders = "people",
            reoffences = "events"),
  labels = c(borough = "Area", offenders = "Offenders",
             reoffenders = "Reoffenders", reoffences = "Reoffences",
             proportion = "Proportion who reoffend"),
  totals = FALSE)

save(london_reoffending, file = "data/london_reoffending.rda",
     compress = "xz")
