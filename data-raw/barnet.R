# Builds the Barnet datasets in data/.
#
# The published tables are transcribed from the report "Update on Offender
# Management arrangements in Barnet" to the London Borough of Barnet's
# Community Leadership Committee, 22 November 2017, section 1.4.1 (figures
# based on Ministry of Justice statistics released July 2017).
#
# The offender and offence records are synthetic: drawn so that
# proven_reoffending() then reoffending_rates(by = "cohort_year") gives the
# published counts exactly (4262 / 862 / 2570 for the 2015 cohort, 4588 /
# 1016 / 2970 for 2014), with offences that must not count among them:
# committed before or on the index date, after the follow-up, proven too
# late, never proven, and offences of people outside the cohort. The needs
# of the 2015 cohort's NPS offenders round to the published Barnet
# percentages.
#
# Run from the package root with the package installed:
#   Rscript data-raw/barnet.R

library(reoffending)
set.seed(20171122)

source_text <- paste(
  "London Borough of Barnet, Community Leadership Committee, 22 November",
  "2017: Update on Offender Management arrangements in Barnet, section",
  "1.4.1, Headline figures."
)

# Published tables ------------------------------------------------------------

barnet_reoffending <- report_table(
  data.frame(
    measure = c("Number of offenders in cohort",
                "of which, Number of reoffenders",
                "which account for, Number re-offenses",
                "Proportion of offenders who reoffend (%)",
                "Average number of re-offenses per reoffender"),
    `Barnet (2015 cohort)` = c(4262, 862, 2570, 0.202, 3.0),
    `Barnet (2014 cohort)` = c(4588, 1016, 2970, 0.221, 2.9),
    Change = c(-326, -154, -400, -1.9, 0.1),
    `Comparison to London average (2015 cohort)` =
      c(NA, NA, NA, 0.2353, 3),
    check.names = FALSE
  ),
  title = paste("Proven reoffending in Barnet: the 2015 cohort against the",
                "2014 cohort and the London average"),
  source = source_text,
  notes = c(paste("Figures based on Ministry of Justice Statistics released",
                  "July 2017."),
            "The report gives no London figures for the counts.",
            "Change in the proportion in percentage points (pp)."),
  roles = c(measure = "label", `Barnet (2015 cohort)` = "rate",
            `Barnet (2014 cohort)` = "rate", Change = "change",
            `Comparison to London average (2015 cohort)` = "rate"),
  totals = FALSE,
  measures = c("count", "count", "count", "proportion", "rate")
)

need_labels <- c("Thinking and behaviour", "has a lifestyle and associates",
                 "Attitudes", "Drug misuse", "Relationships",
                 "Financial issues",
                 "ETE (Employment, training or education)",
                 "Emotional wellbeing", "Accommodation need",
                 "Alcohol misuse")
need_columns <- c("need_thinking_behaviour", "need_lifestyle",
                  "need_attitudes", "need_drugs", "need_relationships",
                  "need_finance", "need_ete", "need_emotional_wellbeing",
                  "need_accommodation", "need_alcohol")
barnet_pct <- c(96, 80, 73, 58, 54, 50, 44, 44, 35, 31)
london_pct <- c(96, 82, 79, 62, 57, 56, 44, 43, 39, 35)
barnet_needs <- report_table(
  data.frame(need = need_labels, Barnet = barnet_pct / 100,
             London = london_pct / 100),
  title = paste("Proportion of offenders on the NPS cohort with different",
                "factors identified as being lined to their offending",
                "behaviour"),
  source = source_text,
  roles = c(need = "label", Barnet = "percent", London = "percent")
)

# Synthetic offenders ---------------------------------------------------------

published <- data.frame(cohort_year = c(2014L, 2015L),
                        offenders = c(4588L, 4262L),
                        reoffenders = c(1016L, 862L),
                        reoffences = c(2970L, 2570L),
                        women = c(715L, 662L),    # 2015: 662 (report)
                        aged_21_34 = c(2294L, 2131L), # 2015: 50% (report)
                        nps = c(640L, 600L))
follow_up <- "1 year"
waiting <- "6 months"

make_offenders <- function(row, first_id) {
  n <- row$offenders
  start <- as.Date(sprintf("%d-01-01", row$cohort_year))
  days <- as.integer(as.Date(sprintf("%d-12-31", row$cohort_year)) - start)
  band <- sample(rep(c(TRUE, FALSE), c(row$aged_21_34, n - row$aged_21_34)))
  older <- c(18:20, 35:75)
  weight <- ifelse(older < 21, 1.5, exp(-(older - 35) / 12))
  age <- ifelse(band, sample(21:34, n, replace = TRUE),
                older[sample.int(length(older), n, replace = TRUE,
                                 prob = weight)])
  data.frame(
    id = sprintf("BAR%06d", first_id + seq_len(n) - 1L),
    cohort_year = row$cohort_year,
    index_date = start + sample.int(days + 1L, n, replace = TRUE) - 1L,
    sex = sample(rep(c("Female", "Male"), c(row$women, n - row$women))),
    age = as.integer(age),
    nps = sample(rep(c(TRUE, FALSE), c(row$nps, n - row$nps))),
    stringsAsFactors = FALSE
  )
}

offenders <- rbind(make_offenders(published[1, ], 1L),
                   make_offenders(published[2, ], published$offenders[1] + 1L))

# The window of each offender, as proven_reoffending() computes it.
end_of <- function(dates, by) {
  as.Date(vapply(dates, function(d) {
    as.numeric(seq(d, by = by, length.out = 2L)[2L])
  }, numeric(1)), origin = "1970-01-01")
}
offenders$follow_up_end <- end_of(offenders$index_date, follow_up)
offenders$waiting_end <- end_of(offenders$follow_up_end, waiting)

# Needs: the 2015 cohort's NPS offenders, 560 of them assessed, with counts
# that round to the published Barnet percentages.
assessed_n <- 560L
need_counts <- as.integer(round(barnet_pct / 100 * assessed_n))
stopifnot(round(100 * need_counts / assessed_n) == barnet_pct)
nps_2015 <- which(offenders$nps & offenders$cohort_year == 2015L)
assessed <- sort(sample(nps_2015, assessed_n))
for (k in seq_along(need_columns)) {
  flag <- rep(NA, nrow(offenders))
  flag[assessed] <- FALSE
  flag[assessed[sample.int(assessed_n, need_counts[k])]] <- TRUE
  offenders[[need_columns[k]]] <- flag
}

# Synthetic offences ----------------------------------------------------------

pick <- function(n, from) from[sample.int(length(from), n)]
within <- function(lo, hi) lo + floor(stats::runif(length(lo)) * (hi - lo + 1))
as_day <- function(x) as.numeric(x)
offence_rows <- function(who, committed, proven, kind) {
  data.frame(id = offenders$id[who],
             offence_date = as.Date(committed, origin = "1970-01-01"),
             proven_date = as.Date(proven, origin = "1970-01-01"),
             kind = kind, stringsAsFactors = FALSE)
}

parts <- list()
for (year in published$cohort_year) {
  row <- published[published$cohort_year == year, ]
  members <- which(offenders$cohort_year == year)
  reoffenders <- pick(row$reoffenders, members)
  others <- setdiff(members, reoffenders)

  # Proven reoffences: at least one per reoffender, the rest skewed.
  extra <- row$reoffences - row$reoffenders
  weight <- stats::rexp(length(reoffenders))^2
  who <- c(reoffenders, reoffenders[sample.int(length(reoffenders), extra,
                                               replace = TRUE,
                                               prob = weight)])
  index <- as_day(offenders$index_date[who])
  fu_end <- as_day(offenders$follow_up_end[who])
  wait_end <- as_day(offenders$waiting_end[who])
  committed <- within(index + 1, fu_end)
  lag <- pmin(floor(stats::rexp(length(who), 1 / 70)), wait_end - committed)
  proven <- committed + lag
  # Edge days that count: committed on the last day of follow-up, proven on
  # the last day of waiting.
  edge <- sample.int(length(who), 40L)
  committed[edge[1:20]] <- fu_end[edge[1:20]]
  proven[edge[1:20]] <- committed[edge[1:20]] +
    pmin(30, wait_end[edge[1:20]] - fu_end[edge[1:20]])
  proven[edge[21:40]] <- wait_end[edge[21:40]]
  parts[[length(parts) + 1L]] <- offence_rows(who, committed, proven,
                                              "proven reoffence")

  # Offences that must not count, for reoffenders and others alike.
  anyone <- members
  decoy <- function(n) anyone[sample.int(length(anyone), n, replace = TRUE)]
  d <- function(who, what) as_day(offenders[[what]][who])

  who <- decoy(round(0.25 * length(members)))           # before the index
  committed <- d(who, "index_date") - within(rep(1, length(who)), 720)
  proven <- committed + within(rep(0, length(who)), 200)
  parts[[length(parts) + 1L]] <- offence_rows(who, committed, proven,
                                              "before the index date")

  who <- decoy(round(0.02 * length(members)))           # the index offence
  committed <- d(who, "index_date")
  proven <- committed + within(rep(0, length(who)), 60)
  parts[[length(parts) + 1L]] <- offence_rows(who, committed, proven,
                                              "on the index date")

  who <- decoy(round(0.08 * length(members)))           # after follow-up
  committed <- d(who, "follow_up_end") + within(rep(1, length(who)), 400)
  committed[1:15] <- d(who[1:15], "follow_up_end") + 1
  proven <- committed + within(rep(0, length(who)), 100)
  parts[[length(parts) + 1L]] <- offence_rows(who, committed, proven,
                                              "after the follow-up")

  who <- decoy(round(0.04 * length(members)))           # proven too late
  committed <- within(d(who, "index_date") + 1, d(who, "follow_up_end"))
  proven <- d(who, "waiting_end") + within(rep(1, length(who)), 150)
  proven[1:15] <- d(who[1:15], "waiting_end") + 1
  parts[[length(parts) + 1L]] <- offence_rows(who, committed, proven,
                                              "proven too late")

  who <- decoy(round(0.05 * length(members)))           # never proven
  committed <- within(d(who, "index_date") + 1, d(who, "follow_up_end"))
  parts[[length(parts) + 1L]] <- offence_rows(who, committed, NA_real_,
                                              "not proven")
}

# People outside the cohort (another borough's offenders, say).
outsiders <- 600L
committed <- as_day(as.Date("2014-01-01")) + within(rep(0, outsiders), 900)
parts[[length(parts) + 1L]] <- data.frame(
  id = sprintf("BAR%06d", 900000L + sample.int(2000L, outsiders,
                                               replace = TRUE)),
  offence_date = as.Date(committed, origin = "1970-01-01"),
  proven_date = as.Date(committed + within(rep(0, outsiders), 120),
                        origin = "1970-01-01"),
  kind = "outside the cohort", stringsAsFactors = FALSE
)

offences <- do.call(rbind, parts)
offences <- offences[sample.int(nrow(offences)), ]   # in no particular order
rownames(offences) <- NULL

barnet_cohort <- offenders[c("id", "cohort_year", "index_date", "sex", "age",
                             "nps", need_columns)]
rownames(barnet_cohort) <- NULL
barnet_offences <- offences[c("id", "offence_date", "proven_date")]

# Checks ----------------------------------------------------------------------

# The published counts, from the records.
followed <- proven_reoffending(barnet_cohort, barnet_offences,
                               follow_up = follow_up, waiting = waiting)
rates <- reoffending_rates(followed, by = cohort_year)
stopifnot(identical(rates$cohort_year, c("2014", "2015")),
          identical(rates$offenders, published$offenders),
          identical(rates$reoffenders, published$reoffenders),
          identical(rates$reoffences, published$reoffences))

# An independent count in base R, by the kind each offence was drawn as.
stopifnot(sum(offences$kind == "proven reoffence") ==
            sum(published$reoffences))
every_kind <- c("proven reoffence", "before the index date",
                "on the index date", "after the follow-up", "proven too late",
                "not proven", "outside the cohort")
stopifnot(setequal(unique(offences$kind), every_kind))
joined <- merge(offences, offenders[c("id", "index_date", "follow_up_end",
                                       "waiting_end")], by = "id")
counts <- joined$offence_date > joined$index_date &
  joined$offence_date <= joined$follow_up_end &
  !is.na(joined$proven_date) & joined$proven_date <= joined$waiting_end
stopifnot(identical(counts, joined$kind == "proven reoffence"))
stopifnot(any(joined$kind == "proven reoffence" &
                joined$offence_date == joined$follow_up_end),
          any(joined$kind == "proven reoffence" &
                joined$proven_date == joined$waiting_end))

# The 2015 cohort's sex split, as published (3600 male, 662 female).
stopifnot(identical(as.vector(table(barnet_cohort$sex[
  barnet_cohort$cohort_year == 2015L])), c(662L, 3600L)))

# The needs of the 2015 NPS offenders round to the published percentages.
profile <- needs_profile(barnet_cohort[barnet_cohort$nps &
                                         barnet_cohort$cohort_year == 2015L, ],
                         need_columns, labels = need_labels)
stopifnot(isTRUE(all.equal(round(profile$percentage[1:10], 2),
                           barnet_pct / 100)))

save(barnet_reoffending, file = "data/barnet_reoffending.rda",
     compress = "xz")
save(barnet_needs, file = "data/barnet_needs.rda", compress = "xz")
save(barnet_cohort, file = "data/barnet_cohort.rda", compress = "xz")
save(barnet_offences, file = "data/barnet_offences.rda", compress = "xz")
