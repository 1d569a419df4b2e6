# Builds the synthetic Havering records in data/: havering_meetings,
# havering_custody, havering_arrests (IOM), havering_referrals and
# havering_offences (DRR and ATR), havering_panels (MAPPA, IOM, DIP and ASB
# lists).
#
# The records are invented; no real person is in them. They are built so
# that the package recreates from them every figure that London Borough of
# Havering, Crime and Disorder Overview and Scrutiny Committee, 30 November
# 2017, "Reducing Reoffending Update" publishes without its records:
# * IOM 2016-17: 95 nominals; 72 of 95 (76%) did not re-enter custody; the
#   RAG of all 95 was reduced to or kept at Green; 29 of 95 (30.5%, "30%")
#   showed a consistent decrease in risk, 25 (26%) a consistent increase,
#   and 25 were arrested; 911 cases discussed, 76 a month on average;
# * IOM Green occasions: 76 of 722 in 2015-16 and 30 of 450 in 2014-15;
# * Table 1: DRR 34 starts and 23 successful completions in 2016-17, 18 and
#   17 in 2017-18 to the end of Q2; ATR 23 and 14, 12 and 11;
# * of 2016-17's completions, 13 of 21 eligible DRR completers (62%) and 12
#   of 14 ATR completers (86%) did not reoffend within six months (checked
#   at 31 August 2017, when 2 of the 23 DRR completers were not yet six
#   months past completion).
# The checks at the end of this script fail if any figure is not met.
#
# Run from the package root with the package installed:
#   Rscript data-raw/havering_people.R

library(reoffending)
set.seed(20171130)

# ---- Identifiers ---------------------------------------------------------------

# Valid PNC IDs (YYYY/NNNNNNNX), all distinct.
make_pnc <- function(n) {
  year <- sample(1990:2016, n * 2, replace = TRUE)
  serial <- sample(1:9999999, n * 2)
  base <- sprintf("%04d/%07d", year, serial)
  check <- reoffending:::pnc_check_character(sprintf("%02d", year %% 100),
                                             sprintf("%07d", serial))
  unique(paste0(base, check))[seq_len(n)]
}
forenames <- c("Adam", "Amir", "Ben", "Callum", "Carl", "Chloe", "Connor",
               "Daniel", "Dean", "Emma", "Gary", "Harry", "Jade", "Jamie",
               "Jason", "Kelly", "Kevin", "Lee", "Liam", "Mark", "Michael",
               "Nathan", "Paul", "Reece", "Ryan", "Sam", "Scott", "Sean",
               "Stacey", "Terry", "Tom", "Wayne")
surnames <- c("Adams", "Baker", "Brown", "Clarke", "Cole", "Davies", "Evans",
              "Fisher", "Green", "Hall", "Harris", "Hughes", "Jackson",
              "James", "Jones", "King", "Lewis", "Martin", "Moore", "Morris",
              "Parker", "Patel", "Price", "Roberts", "Shaw", "Smith",
              "Taylor", "Turner", "Walker", "Ward", "White", "Wood")
day <- function(x) as.Date(x)

# ---- IOM panel records -----------------------------------------------------------

# Two panel meetings a month: the 1st and the 3rd Tuesday.
meeting_days <- function(from, to) {
  days <- seq(day(from), day(to), by = "day")
  tuesday <- format(days, "%u") == "2"
  week <- (as.POSIXlt(days)$mday - 1L) %/% 7L + 1L
  days[tuesday & week %in% c(1L, 3L)]
}

# `n` people with `occasions` meetings between them in a year, `green` of
# them Green. Each person has `occasions / n` meetings or one more.
year_meetings <- function(ids, occasions, from, to) {
  n <- length(ids)
  per <- rep(occasions %/% n, n) + (seq_len(n) <= occasions %% n)
  days <- meeting_days(from, to)
  do.call(rbind, lapply(seq_len(n), function(i) {
    data.frame(id = ids[i], date = sort(sample(days, per[i])),
               stringsAsFactors = FALSE)
  }))
}

iom_ids <- make_pnc(150)
year_1617 <- iom_ids[1:95]                 # the 95 nominals of 2016-17
year_1516 <- iom_ids[c(1:45, 96:135)]      # 85 nominals
year_1415 <- iom_ids[c(1:20, 96:110, 136:150)]   # 50 nominals

m1415 <- year_meetings(year_1415, 450, "2014-04-01", "2015-03-31")
m1516 <- year_meetings(year_1516, 722, "2015-04-01", "2016-03-31")
m1617 <- year_meetings(year_1617, 911, "2016-04-01", "2017-03-31")

# RAG in the earlier years: exactly `green` Green occasions, the rest Red
# or Amber.
earlier_rag <- function(n, green) {
  rag <- sample(c("Red", "Amber"), n, replace = TRUE, prob = c(0.4, 0.6))
  rag[sample(n, green)] <- "Green"
  rag
}
m1415$rag <- earlier_rag(nrow(m1415), 30)
m1516$rag <- earlier_rag(nrow(m1516), 76)
m1415$risk <- round(stats::runif(nrow(m1415), 20, 80))
m1516$risk <- round(stats::runif(nrow(m1516), 20, 80))

# 2016-17: every nominal's last RAG is Green. 29 nominals fall
# consistently (RAG and risk score never up, at least once down), 25 rise
# consistently on the risk score, the other 41 go up and down.
falling <- year_1617[1:29]
rising <- year_1617[30:54]
steps <- function(k, direction) {
  # k - 1 steps: never against `direction`, at least one with it.
  s <- sample(0:6, k - 1L, replace = TRUE)
  if (all(s == 0L)) s[1L] <- 3L
  direction * s
}
m1617$rag <- NA_character_
m1617$risk <- NA_real_
for (person in year_1617) {
  rows <- which(m1617$id == person)
  k <- length(rows)
  if (person %in% falling) {
    # Red or Amber down to Green, never back up.
    first <- sample(c("Red", "Amber"), 1L)
    drop_at <- sort(sample(2:k, if (first == "Red") 2L else 1L))
    level <- c(Red = 3, Amber = 2, Green = 1)[[first]] -
      cumsum(seq_len(k) %in% drop_at)
    rag <- c("Green", "Amber", "Red")[level]
    risk <- 70 + cumsum(c(0, steps(k, -1)))
  } else if (person %in% rising) {
    rag <- sample(c("Green", "Amber"), k, replace = TRUE)
    rag[k] <- "Green"
    risk <- 30 + cumsum(c(0, steps(k, 1)))
  } else {
    # Up at least once (Green to Amber), so never a consistent decrease.
    rag <- sample(c("Green", "Amber", "Red"), k, replace = TRUE)
    rag[1:3] <- c("Green", "Amber", "Green")
    rag[k] <- "Green"
    risk <- 50 + cumsum(c(0, sample(c(-4, 5), k - 1L, replace = TRUE)))
    risk[2:3] <- risk[1] + c(3, -2)
  }
  m1617$rag[rows] <- rag
  m1617$risk[rows] <- risk
}

meetings <- rbind(m1415, m1516, m1617)
first_meeting <- tapply(meetings$date, meetings$id, min)
meetings$referral <- as.Date(as.numeric(first_meeting[meetings$id]),
                             origin = "1970-01-01") -
  as.integer(stats::ave(seq_len(nrow(meetings)), meetings$id,
                        FUN = function(i) sample(7:60, 1L)))
# One panel in four shows the RAG in capitals, as some spreadsheets do.
shout <- sample(nrow(meetings), nrow(meetings) %/% 4L)
meetings$rag[shout] <- toupper(meetings$rag[shout])
meetings <- meetings[order(meetings$date, meetings$id), ]
rownames(meetings) <- NULL
havering_meetings <- meetings[c("id", "date", "rag", "risk", "referral")]

# Arrests: the 25 rising nominals, each in 2016-17 after their first
# meeting of the year; custody: 23 of them, a week or two after the arrest.
# Earlier arrests and receptions into custody, before 2016-17, of people
# discussed in earlier years.
after_first <- function(ids, latest) {
  first <- as.Date(as.numeric(tapply(m1617$date, m1617$id, min)[ids]),
                   origin = "1970-01-01")
  first + vapply(as.numeric(day(latest) - first),
                 function(span) sample(seq_len(span), 1L), numeric(1))
}
arrest_1617 <- data.frame(id = rising, date = after_first(rising,
                                                          "2017-03-10"),
                          stringsAsFactors = FALSE)
custody_1617 <- data.frame(id = rising[1:23],
                           date = arrest_1617$date[1:23] +
                             sample(3:14, 23L, replace = TRUE),
                           stringsAsFactors = FALSE)
earlier <- year_1516[50:70]
arrest_early <- data.frame(id = earlier, date = day("2015-06-01") +
                             sample(0:250, length(earlier)),
                           stringsAsFactors = FALSE)
custody_early <- data.frame(id = earlier[1:12],
                            date = arrest_early$date[1:12] + 10,
                            stringsAsFactors = FALSE)
# Someone in custody before ever being discussed (first discussed in
# 2016-17): not a re-entry.
newcomer <- year_1617[60]
before_joining <- data.frame(id = newcomer,
                             date = min(m1617$date[m1617$id == newcomer]) -
                               30, stringsAsFactors = FALSE)
havering_arrests <- rbind(arrest_early, arrest_1617)
havering_custody <- rbind(custody_early, before_joining, custody_1617)
havering_arrests <- havering_arrests[order(havering_arrests$date), ]
havering_custody <- havering_custody[order(havering_custody$date), ]
rownames(havering_arrests) <- rownames(havering_custody) <- NULL

# ---- DRR and ATR referrals --------------------------------------------------------

treatment_ids <- make_pnc(400)
treatment_ids <- setdiff(treatment_ids, iom_ids)
next_id <- local({
  i <- 0L
  function(n) {
    ids <- treatment_ids[i + seq_len(n)]
    i <<- i + n
    ids
  }
})
spread <- function(n, from, to) {
  sort(day(from) + sample(0:as.numeric(day(to) - day(from)), n,
                          replace = TRUE))
}
requirement_records <- function(requirement, starts_1617, done_1617,
                                starts_ytd, done_ytd, done_march) {
  # Successful completions of 2016-17, `done_march` of them in March 2017
  # (not six months past completion at 31 August 2017), and to the end of
  # Q2 2017-18; each after six months of treatment or so.
  done <- c(spread(done_1617 - done_march, "2016-04-01", "2017-02-28"),
            spread(done_march, "2017-03-01", "2017-03-31"),
            spread(done_ytd, "2017-04-01", "2017-09-30"))
  completers <- data.frame(
    id = next_id(length(done)), requirement = requirement,
    start = done - sample(150:200, length(done), replace = TRUE),
    completion = done, outcome = "successful", stringsAsFactors = FALSE)
  # Starts still to be made up in each period, by people who had not
  # completed by 30 September 2017 (some revoked, some still in treatment).
  counted <- function(from, to) {
    sum(completers$start >= day(from) & completers$start <= day(to))
  }
  more_1617 <- starts_1617 - counted("2016-04-01", "2017-03-31")
  more_ytd <- starts_ytd - counted("2017-04-01", "2017-09-30")
  stopifnot(more_1617 >= 0, more_ytd >= 0)
  begun <- c(spread(more_1617, "2016-04-01", "2017-03-31"),
             spread(more_ytd, "2017-04-01", "2017-09-30"))
  revoked <- seq_along(begun) %% 3L == 0L & begun < day("2017-06-01")
  others <- data.frame(
    id = next_id(length(begun)), requirement = requirement, start = begun,
    completion = ifelse(revoked, begun + 60, NA),
    outcome = ifelse(revoked, "revoked", NA), stringsAsFactors = FALSE)
  others$completion <- as.Date(others$completion, origin = "1970-01-01")
  # Referred, never started.
  never <- data.frame(id = next_id(4L), requirement = requirement,
                      start = as.Date(NA), completion = as.Date(NA),
                      outcome = NA_character_, stringsAsFactors = FALSE)
  out <- rbind(completers, others, never)
  out$referral <- ifelse(is.na(out$start),
                         spread(nrow(out), "2016-04-01", "2017-09-01"),
                         out$start - sample(5:30, nrow(out), replace = TRUE))
  out$referral <- as.Date(out$referral, origin = "1970-01-01")
  out
}
drr <- requirement_records("DRR", 34, 23, 18, 17, done_march = 2)
atr <- requirement_records("ATR", 23, 14, 12, 11, done_march = 0)
referrals <- rbind(drr, atr)
# DRR first, as Table 1 has it; then by date of referral.
referrals <- referrals[order(referrals$requirement != "DRR",
                             referrals$referral), c("id", "requirement",
                                                    "referral", "start",
                                                    "completion", "outcome")]
rownames(referrals) <- NULL
havering_referrals <- referrals

# Offences: 8 of the 21 eligible DRR completers of 2016-17 and 2 of the 14
# ATR completers reoffend within six months of completion; others offend
# before their treatment or after their window; the 2 DRR completers of
# March 2017 offend too, but are not yet eligible at 31 August 2017.
completed_1617 <- function(r) {
  r[r$outcome %in% "successful" & r$completion >= day("2016-04-01") &
      r$completion <= day("2017-03-31"), ]
}
offences_for <- function(r, reoffend, not_eligible) {
  eligible <- r[r$completion <= day("2017-02-28"), ]
  late <- r[r$completion > day("2017-02-28"), ]
  who <- eligible[seq_len(reoffend), ]
  within <- data.frame(id = who$id, date = who$completion +
                         sample(1:170, nrow(who), replace = TRUE))
  clean <- eligible[-seq_len(reoffend), ]
  outside <- clean[seq_len(min(4L, nrow(clean))), ]
  before <- data.frame(id = outside$id, date = outside$start - 20)
  # After the window: the day after six months have passed.
  window_end <- as.Date(vapply(outside$completion, function(d) {
    as.numeric(seq(d, by = "6 months", length.out = 2L)[2L])
  }, numeric(1)), origin = "1970-01-01")
  after <- data.frame(id = outside$id, date = window_end + 1)
  after <- after[after$date <= day("2017-08-31"), ]
  pending <- data.frame(id = late$id[seq_len(not_eligible)],
                        date = late$completion[seq_len(not_eligible)] + 30)
  rbind(within, before, after, pending)
}
offences <- rbind(offences_for(completed_1617(drr), 8L, 2L),
                  offences_for(completed_1617(atr), 2L, 0L))
offences <- offences[order(offences$date), ]
rownames(offences) <- NULL
havering_offences <- offences

# ---- Panel lists -------------------------------------------------------------

# Known combinations, 95 on IOM (the 2016-17 nominals):
combos <- list(
  "IOM" = 50, "IOM DIP" = 25, "MAPPA IOM" = 8, "MAPPA IOM DIP" = 5,
  "IOM ASB" = 4, "IOM DIP ASB" = 3, "MAPPA" = 12, "MAPPA ASB" = 2,
  "DIP" = 22, "DIP ASB" = 5, "ASB" = 26)
others <- make_pnc(200)
others <- setdiff(others, c(iom_ids, treatment_ids))
iom_pool <- year_1617
people <- data.frame(combo = rep(names(combos), unlist(combos)),
                     stringsAsFactors = FALSE)
on_panel <- function(p) {
  vapply(strsplit(people$combo, " "), function(x) p %in% x, logical(1))
}
on_iom <- on_panel("IOM")
people$pnc_id <- NA_character_
people$pnc_id[on_iom] <- iom_pool
people$pnc_id[!on_iom] <- others[seq_len(sum(!on_iom))]
people$name <- paste(sample(forenames, nrow(people), replace = TRUE),
                     sample(surnames, nrow(people), replace = TRUE))
people$dob <- day("1970-01-01") + sample(0:10950, nrow(people),
                                         replace = TRUE)
panels <- do.call(rbind, lapply(c("MAPPA", "IOM", "DIP", "ASB"), function(p) {
  who <- people[on_panel(p), ]
  data.frame(panel = p, pnc_id = who$pnc_id, name = who$name, dob = who$dob,
             stringsAsFactors = FALSE)
}))
# Lists kept by hand: lower case and spaces, serials without their leading
# zeros, surname first.
dip <- panels$panel == "DIP"
panels$pnc_id[which(dip)[1:6]] <- tolower(panels$pnc_id[which(dip)[1:6]])
asb <- which(panels$panel == "ASB")
panels$pnc_id[asb[1:5]] <- sub("/0+", "/", panels$pnc_id[asb[1:5]])
mappa <- which(panels$panel == "MAPPA")
panels$name[mappa[1:4]] <- vapply(strsplit(panels$name[mappa[1:4]], " "),
                                  function(w) paste0(toupper(w[2]), ", ",
                                                     w[1]), character(1))
# Repeats within a list: IOM names one person twice (once with spaces),
# DIP two people twice.
iom_rows <- which(panels$panel == "IOM")
repeat_iom <- panels[iom_rows[10], ]
repeat_iom$pnc_id <- paste0(" ", substr(repeat_iom$pnc_id, 1, 5), " ",
                            substring(repeat_iom$pnc_id, 6))
repeat_dip <- panels[which(dip)[20:21], ]
# Two people on the ASB list only, entered under another valid PNC ID than
# the one the DIP list has for them, with a misspelt name: the same people
# by name and date of birth, to be confirmed by hand.
dip_only <- people[people$combo == "DIP", ][1:2, ]
asb_only <- which(panels$panel == "ASB" &
                    panels$pnc_id %in% people$pnc_id[people$combo == "ASB"])
panels$name[asb_only[1:2]] <- paste0(dip_only$name, "e")
panels$dob[asb_only[1:2]] <- dip_only$dob
panels <- rbind(panels, repeat_iom, repeat_dip)
rownames(panels) <- NULL
havering_panels <- panels

# ---- Checks: every published figure ------------------------------------------------

as_at <- day("2017-11-30")
iom <- iom_summary(havering_meetings, custody = havering_custody,
                   arrests = havering_arrests, risk = risk,
                   referral = referral, as_at = as_at)
y <- as.data.frame(iom)
stopifnot(
  identical(y$period, c("2014-15", "2015-16", "2016-17")),
  y$nominals[3] == 95, y$occasions == c(450, 722, 911),
  round(y$occasions_per_month[3]) == 76,
  y$green_occasions[1:2] == c(30, 76), y$green_nominals[3] == 95,
  y$not_in_custody[3] == 72, y$decreasing[3] == 29,
  y$increasing[3] == 25, y$arrested[3] == 25)
targets <- data.frame(requirement = c("DRR", "DRR", "ATR", "ATR"),
                      measure = c("starts", "completions"),
                      target = c(34, 17, 28, 16))
t1 <- as.data.frame(treatment_summary(
  havering_referrals, targets, as_at = day("2017-09-30"),
  period = rbind_periods(financial_years(2016, 2016),
                         year_to_date("2017-09-30"))))
published <- havering_treatment
stopifnot(
  t1$result == c(34, 23, 18, 17, 23, 14, 12, 11),
  t1$marker == published$marker[c(1, 2, 5, 6, 3, 4, 7, 8)])
post <- as.data.frame(post_completion_reoffending(
  completed_1617(havering_referrals), havering_offences,
  by = requirement, as_at = day("2017-08-31")))
stopifnot(post$requirement == c("DRR", "ATR"), post$eligible == c(21, 14),
          post$not_reoffending == c(13, 12), post$completions == c(23, 14))
overlap <- as.data.frame(panel_overlap(havering_panels, id = pnc_id))
stopifnot(overlap$people[overlap$combination == "IOM only"] == 50,
          overlap$people[overlap$combination == "All people"] ==
            sum(unlist(combos)))

save(havering_meetings, file = "data/havering_meetings.rda", compress = "xz")
save(havering_custody, file = "data/havering_custody.rda", compress = "xz")
save(havering_arrests, file = "data/havering_arrests.rda", compress = "xz")
save(havering_referrals, file = "data/havering_referrals.rda",
     compress = "xz")
save(havering_offences, file = "data/havering_offences.rda", compress = "xz")
save(havering_panels, file = "data/havering_panels.rda", compress = "xz")
