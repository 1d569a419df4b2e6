# Builds data/barnet_events.rda and data/barnet_people.rda: synthetic index
# events and people for the Barnet offenders of barnet_cohort, such that
# reoffending_cohort() with calendar-year periods gives back the 2014 and
# 2015 cohorts of barnet_cohort exactly (the same offenders and index
# dates), so that proven_reoffending() on barnet_offences still gives the
# published 4262 / 862 / 2570 (2015) and 4588 / 1016 / 2970 (2014).
#
# Each offender's index event falls on their index date; around it are
# events that must not change the cohort: a later event in the same year,
# a second event on the index day of a lower precedence, recalls (not index
# events), a release dated before its custody start (left out and reported),
# and events in 2013 and 2016 that make cohorts of their own. The people
# carry a date of birth that gives the age of barnet_cohort at the index
# date, and the sex.
#
# Run from the package root with the package installed (after
# data-raw/barnet.R):
#   Rscript data-raw/barnet_events.R

library(reoffending)
set.seed(20171123)

cohort <- barnet_cohort
n <- nrow(cohort)
types <- c("custody_release", "court_order", "caution")
offence_groups <- c("Violence against the person", "Theft offences",
                    "Drug offences", "Public order offences",
                    "Criminal damage and arson", "Robbery", "Burglary",
                    "Fraud", "Sexual offences", "Other offences")
disposal_of <- c(custody_release = "Immediate custody",
                 court_order = "Community order or suspended sentence",
                 caution = "Caution")
draw_type <- function(k) sample(types, k, replace = TRUE,
                                prob = c(0.25, 0.45, 0.30))
year_end <- function(d) as.Date(paste0(format(d, "%Y"), "-12-31"))
event_rows <- function(who, date, type, kind, custody_start = NA) {
  data.frame(id = cohort$id[who], date = as.Date(date, origin = "1970-01-01"),
             type = type,
             offence = sample(offence_groups, length(who), replace = TRUE,
                              prob = c(20, 18, 14, 10, 8, 5, 7, 5, 3, 10)),
             disposal = unname(ifelse(type %in% names(disposal_of),
                                      disposal_of[type], NA)),
             custody_start = as.Date(custody_start, origin = "1970-01-01"),
             kind = kind, stringsAsFactors = FALSE)
}

index_type <- draw_type(n)
parts <- list(event_rows(seq_len(n), cohort$index_date, index_type, "index"))
# Custody releases carry the day custody began.
release <- parts[[1]]$type == "custody_release"
parts[[1]]$custody_start[release] <- parts[[1]]$date[release] -
  sample(30:700, sum(release), replace = TRUE)

# Later events in the same year (not index events: the first counts).
later <- which(cohort$index_date < year_end(cohort$index_date))
later <- sample(later, round(0.3 * length(later)))
gap <- as.numeric(year_end(cohort$index_date[later]) -
                    cohort$index_date[later])
parts[[2]] <- event_rows(later, cohort$index_date[later] +
                           ceiling(stats::runif(length(later)) * gap),
                         draw_type(length(later)), "later in the year")
# A second event on the index day, of lower precedence than the index one.
tie <- sample(which(index_type != "caution"), 200)
lower <- ifelse(index_type[tie] == "custody_release", "court_order",
                "caution")
parts[[3]] <- event_rows(tie, cohort$index_date[tie], lower,
                         "same day, lower precedence")
# Recalls: never index events, even before the index date.
recall <- sample(n, 300)
parts[[4]] <- event_rows(recall, cohort$index_date[recall] -
                           sample(0:60, 300, replace = TRUE), "recall",
                         "recall")
parts[[4]] <- parts[[4]][format(parts[[4]]$date, "%Y") ==
                           format(cohort$index_date[recall], "%Y"), ]
# Releases dated before their custody start, earlier in the same year:
# left out of the cohort and reported.
bad <- which(as.numeric(format(cohort$index_date, "%j")) > 30)
bad <- sample(bad, 25)
when <- cohort$index_date[bad] - sample(1:25, 25, replace = TRUE)
parts[[5]] <- event_rows(bad, when, "custody_release",
                         "release before custody start",
                         custody_start = when + 10)
# Events in 2013 and 2016: cohorts of their own.
other <- sample(n, 400)
year <- ifelse(cohort$cohort_year[other] == 2014L, 2013L, 2016L)
parts[[6]] <- event_rows(other, as.Date(paste0(year, "-01-01")) +
                           sample(0:364, 400, replace = TRUE),
                         draw_type(400), "another year")

events <- do.call(rbind, parts)
events <- events[sample.int(nrow(events)), ]
rownames(events) <- NULL
barnet_events <- events[c("id", "date", "type", "offence", "disposal",
                          "custody_start")]
barnet_events$type <- factor(barnet_events$type,
                             levels = c(types, "recall"))
barnet_events$offence <- factor(barnet_events$offence,
                                levels = offence_groups)
barnet_events$disposal <- factor(barnet_events$disposal,
                                 levels = unname(disposal_of))

# People: a birth date that gives barnet_cohort's age at the index date.
birth <- as.Date(vapply(seq_len(n), function(i) {
  d <- cohort$index_date[i]
  lo <- seq(d, by = paste0("-", cohort$age[i] + 1L, " years"),
            length.out = 2L)[2L] + 1
  hi <- seq(d, by = paste0("-", cohort$age[i], " years"),
            length.out = 2L)[2L]
  as.numeric(lo) + floor(stats::runif(1) * as.numeric(hi - lo + 1))
}, numeric(1)), origin = "1970-01-01")
barnet_people <- data.frame(id = cohort$id, birth_date = birth,
                            sex = factor(cohort$sex))

# Checks -------------------------------------------------------------------
stopifnot(identical(age_at(birth, cohort$index_date), cohort$age))
built <- suppressMessages(reoffending_cohort(
  barnet_events, period = "year", offences = barnet_offences,
  people = barnet_people, offence = offence, disposal = disposal,
  custody_start = custody_start, ignore = "recall"))
stopifnot(identical(attr(built, "exclusions")$records, 25L))
kept <- built[built$cohort %in% c("2014", "2015"), ]
stopifnot(nrow(kept) == n,
          identical(kept$index_date[match(cohort$id, kept$id)],
                    cohort$index_date),
          identical(as.character(kept$cohort[match(cohort$id, kept$id)]),
                    as.character(cohort$cohort_year)))
followed <- proven_reoffending(kept, barnet_offences)
rates <- reoffending_rates(followed, by = cohort)
rates <- rates[rates$cohort %in% c("2014", "2015"), ]
stopifnot(identical(rates$offenders, c(4588L, 4262L)),
          identical(rates$reoffenders, c(1016L, 862L)),
          identical(rates$reoffences, c(2970L, 2570L)))

save(barnet_events, file = "data/barnet_events.rda", compress = "xz")
save(barnet_people, file = "data/barnet_people.rda", compress = "xz")
