# Builds data/met_offence_groups.rda (the offence classification) and
# data/met_offences.rda (synthetic monthly counts of notifiable offences by
# area and offence group for the Metropolitan Police area, January 2013 to
# January 2017).
#
# The counts are made up, but drawn so that incident_counts() recreates
# from them every figure of the Lewisham report's crime tables (Safer
# Lewisham Partnership Plan 2017/18, Lewisham Safer Stronger Communities
# Select Committee, 8 March 2017): total notifiable offences and hate crime,
# Lewisham and the Met, 12 months to January 2017 and to January 2016;
# serious youth violence, calendar years 2013 to 2016; and the VAWG table
# with its correct values (Rape 273 in the 12 months to January 2017 and 226
# in the year before, as the notifiable offences table has them; the VAWG
# table as published has them the wrong way round).
#
# Lewisham's figures and the Met totals are the published ones; how the Met
# total splits between the other 32 areas, how each year splits into months,
# and the groups the report does not show (violence with and without injury,
# theft, criminal damage, ...) are drawn. Flags (gun crime, domestic, hate
# crime, youth violence, VAWG) mark some of the incidents of an offence
# group; in the other areas, and in months outside the published periods,
# the flags the report gives no figure for are drawn in proportion.
#
# Run from the package root with the package installed:
#   Rscript data-raw/met_offences.R

library(reoffending)
set.seed(20170308)

# The classification ------------------------------------------------------
# The groups of the Met's monthly notifiable offences tables as the Lewisham
# report prints them, with the groups it does not print that make its total
# add up (the Met's major offence groups), and the cross-cutting counts as
# flags.
tree <- read.table(header = TRUE, sep = "|", strip.white = TRUE,
                   stringsAsFactors = FALSE, na.strings = "", text = "
group                               | parent
Total Crimes                        |
Homicide                            | Violence Against the Person (Total)
Violence Against the Person (Total) | Total Crimes
Violence with Injury                | Violence Against the Person (Total)
Violence without Injury             | Violence Against the Person (Total)
Rape                                | Sexual Offences
Other Sexual                        | Sexual Offences
Sexual Offences                     | Total Crimes
Robbery (Total)                     | Total Crimes
Robbery (Person)                    | Robbery (Total)
Robbery (Business)                  | Robbery (Total)
Burglary (Total)                    | Total Crimes
Burglary Residential                | Burglary (Total)
Burglary Non-Residential            | Burglary (Total)
Motor Vehicle Crime                 | Theft and Handling
Other Theft and Handling            | Theft and Handling
Theft and Handling                  | Total Crimes
Criminal Damage                     | Total Crimes
Drugs                               | Total Crimes
Fraud and Forgery                   | Total Crimes
Other Notifiable Offences           | Total Crimes
")
flags <- read.table(header = TRUE, sep = "|", strip.white = TRUE,
                    stringsAsFactors = FALSE, text = "
group                         | flag
Gun Crime                     | gun
Domestic Crime                | domestic
Racist & Religious Hate Crime | racist_religious
Homophobic Crime              | homophobic
Anti-Semitic Crime            | antisemitic
Islamophobic Crime            | islamophobic
Serious Youth Violence        | serious_youth_violence
Youth Violence                | youth_violence
KCI under 25                  | knife_injury_under_25
Total Sexual                  | vawg_sexual
Domestic VWI                  | domestic_vwi
All Domestic Abuse            | domestic_abuse
")
met_offence_groups <- rbind(
  data.frame(group = tree$group, parent = tree$parent, flag = NA_character_,
             stringsAsFactors = FALSE),
  data.frame(group = flags$group, parent = NA_character_, flag = flags$flag,
             stringsAsFactors = FALSE))
leaves <- tree$group[!tree$group %in% tree$parent]

# Targets ------------------------------------------------------------------
tno <- as.data.frame(lewisham_crime)
published <- function(offence, column) tno[[column]][tno$offence == offence]
periods <- rolling_12_months("2017-01", n = 2)   # Jan 2016, then Jan 2017
columns <- list(Lewisham = c("lewisham_2016", "lewisham_2017"),
                Met = c("met_2016", "met_2017"))

# Leaf counts of a period for Lewisham or the Met: the published groups,
# violence split 40:60 with and without injury, and the rest of the total
# over the groups the report does not show.
leaf_targets <- function(who, k) {
  col <- columns[[who]][k]
  v <- function(offence) published(offence, col)
  violence <- v("Violence Against the Person (Total)") - v("Homicide")
  with_injury <- round(0.4 * violence)
  shown <- v("Violence Against the Person (Total)") + v("Rape") +
    v("Other Sexual") + v("Robbery (Total)") + v("Burglary (Total)") +
    v("Motor Vehicle Crime")
  rest <- split_total(v("Total Crimes") - shown, c(50, 20, 12, 3, 15))
  c(Homicide = v("Homicide"), `Violence with Injury` = with_injury,
    `Violence without Injury` = violence - with_injury, Rape = v("Rape"),
    `Other Sexual` = v("Other Sexual"),
    `Robbery (Person)` = v("Robbery (Person)"),
    `Robbery (Business)` = v("Robbery (Business)"),
    `Burglary Residential` = v("Burglary Residential"),
    `Burglary Non-Residential` = v("Burglary Non-Residential"),
    `Motor Vehicle Crime` = v("Motor Vehicle Crime"),
    `Other Theft and Handling` = rest[1], `Criminal Damage` = rest[2],
    Drugs = rest[3], `Fraud and Forgery` = rest[4],
    `Other Notifiable Offences` = rest[5])
}

# A whole number split in proportion to weights, by largest remainder.
split_total <- function(total, weights) {
  exact <- total * weights / sum(weights)
  out <- floor(exact)
  short <- total - sum(out)
  if (short > 0) {
    at <- order(exact - out, decreasing = TRUE)[seq_len(short)]
    out[at] <- out[at] + 1
  }
  out
}

flag_targets <- function(who, k) {
  col <- columns[[who]][k]
  stats::setNames(vapply(flags$group[1:6], published, numeric(1), col),
                  flags$flag[1:6])
}

# VAWG, with its correct values: the published counts, but Rape the right
# way round (it is the leaf Rape, 273 and 226 above). Youth violence by
# calendar year.
vawg <- rbind(`2016` = c(vawg_sexual = 619, domestic_vwi = 950,
                         domestic_abuse = 3171),
              `2017` = c(vawg_sexual = 689, domestic_vwi = 1044,
                         domestic_abuse = 3114))
yv <- as.data.frame(lewisham_youth_violence)
youth <- rbind(serious_youth_violence = unlist(yv[1, -1]),
               youth_violence = unlist(yv[2, -1]),
               knife_injury_under_25 = unlist(yv[3, -1]))

# The flags' host groups, filled in this order up to each group's count.
hosts <- list(gun = "Violence with Injury",
              domestic = "Violence without Injury",
              racist_religious = "Violence without Injury",
              homophobic = "Violence without Injury",
              antisemitic = "Violence without Injury",
              islamophobic = "Violence without Injury",
              serious_youth_violence = "Violence with Injury",
              youth_violence = "Violence without Injury",
              knife_injury_under_25 = "Violence with Injury",
              vawg_sexual = c("Other Sexual", "Rape",
                              "Other Notifiable Offences"),
              domestic_vwi = "Violence with Injury",
              domestic_abuse = "Violence without Injury")

# Areas and months ----------------------------------------------------------
boroughs <- c("Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley",
              "Camden", "Croydon", "Ealing", "Enfield", "Greenwich",
              "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow",
              "Havering", "Hillingdon", "Hounslow", "Islington",
              "Kensington and Chelsea", "Kingston upon Thames", "Lambeth",
              "Lewisham", "Merton", "Newham", "Redbridge",
              "Richmond upon Thames", "Southwark", "Sutton",
              "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster",
              "Aviation Security")
others <- setdiff(boroughs, "Lewisham")
area_weight <- stats::setNames(stats::runif(length(others), 0.5, 1.6),
                               others)
months <- seq(as.Date("2013-01-01"), as.Date("2017-01-01"), by = "month")
month_weight <- function(n) 1 + 0.08 * sin(2 * pi * seq_len(n) / 12) +
  stats::runif(n, -0.03, 0.03)
period_of_month <- assign_period(months, periods)     # NA before Feb 2015

# counts[[area]]: a matrix month x (leaves, flags).
all_flags <- flags$flag
empty <- matrix(0, length(months), length(leaves) + length(all_flags),
                dimnames = list(format(months), c(leaves, all_flags)))
counts <- stats::setNames(rep(list(empty), length(boroughs)), boroughs)

# Spread a period's total over its months.
spread <- function(total, at) split_total(total, month_weight(length(at)))

for (k in 1:2) {
  at <- which(period_of_month == k)
  # Months before the published periods take the earlier period's counts.
  fill <- if (k == 1L) which(is.na(period_of_month)) else integer()
  lew <- c(leaf_targets("Lewisham", k), flag_targets("Lewisham", k),
           vawg[k, ])
  met <- c(leaf_targets("Met", k), flag_targets("Met", k))
  for (name in names(lew)) {
    counts$Lewisham[at, name] <- spread(lew[[name]], at)
    if (length(fill) > 0L) {
      counts$Lewisham[fill, name] <- rep_len(counts$Lewisham[at, name],
                                             length(fill))
    }
  }
  for (name in names(met)) {
    by_area <- split_total(met[[name]] - lew[[name]], area_weight)
    for (a in seq_along(others)) {
      counts[[others[a]]][at, name] <- spread(by_area[a], at)
      if (length(fill) > 0L) {
        counts[[others[a]]][fill, name] <-
          rep_len(counts[[others[a]]][at, name], length(fill))
      }
    }
  }
}
# Youth violence in Lewisham by calendar year; elsewhere, and in January
# 2017, in proportion to the host group.
year <- format(months, "%Y")
for (flag in rownames(youth)) {
  for (y in colnames(youth)) {
    at <- which(year == y)
    counts$Lewisham[at, flag] <- spread(youth[flag, y], at)
  }
  last <- which(year == "2017")
  host <- hosts[[flag]]
  share <- sum(youth[flag, ]) / sum(counts$Lewisham[year != "2017", host])
  counts$Lewisham[last, flag] <- round(share *
                                         counts$Lewisham[last, host])
  for (area in others) {
    counts[[area]][, flag] <- round(share * counts[[area]][, host])
  }
}
for (flag in colnames(vawg)) {
  host <- hosts[[flag]]
  share <- sum(vawg[, flag]) / sum(counts$Lewisham[!is.na(period_of_month),
                                                   host])
  for (area in others) {
    counts[[area]][, flag] <- round(share *
                                      rowSums(counts[[area]][, host,
                                                             drop = FALSE]))
  }
}

# Rows: for each area, month and host group, the group's incidents laid out
# in a line, each flag covering a stretch of it after the one before
# (wrapping round), and one row per distinct set of flags.
rows <- list()
for (area in boroughs) {
  m <- counts[[area]]
  for (i in seq_along(months)) {
    flag_left <- m[i, all_flags]
    units <- list()
    for (leaf in leaves) {
      n <- m[i, leaf]
      if (n == 0) next
      marks <- matrix(FALSE, n, length(all_flags),
                      dimnames = list(NULL, all_flags))
      position <- 0
      for (flag in all_flags) {
        if (!leaf %in% hosts[[flag]] || flag_left[[flag]] == 0) next
        take <- min(flag_left[[flag]], n)
        marks[(position + seq_len(take) - 1) %% n + 1, flag] <- TRUE
        position <- (position + take) %% n
        flag_left[[flag]] <- flag_left[[flag]] - take
      }
      key <- apply(marks, 1L, function(r) paste(which(r), collapse = ","))
      first <- !duplicated(key)
      part <- as.data.frame(marks[first, , drop = FALSE])
      part$count <- as.integer(table(factor(key, levels = key[first])))
      part$offence <- leaf
      units[[length(units) + 1L]] <- part
    }
    if (any(flag_left > 0)) {
      stop("flags left over in ", area, " ", months[i], ": ",
           paste(names(flag_left)[flag_left > 0], collapse = ", "))
    }
    part <- do.call(rbind, units)
    part$month <- months[i]
    part$area <- area
    rows[[length(rows) + 1L]] <- part
  }
}
met_offences <- do.call(rbind, rows)
met_offences <- data.frame(
  month = met_offences$month,
  area = factor(met_offences$area, levels = boroughs),
  offence = factor(met_offences$offence, levels = leaves),
  met_offences[all_flags],
  count = met_offences$count)
rownames(met_offences) <- NULL

# Checks: every published figure, from the records -------------------------
tno_counts <- incident_counts(met_offences, month, by = offence,
                              periods = periods, area = area, count = count,
                              classification = met_offence_groups,
                              areas = "Lewisham", total = "Met Total")
recreated <- tno_counts[match(tno$offence, tno_counts$offence), ]
stopifnot(
  identical(recreated[["Lewisham, 12 months to Jan 2017"]], tno$lewisham_2017),
  identical(recreated[["Met Total, 12 months to Jan 2017"]], tno$met_2017),
  identical(recreated[["Lewisham, 12 months to Jan 2016"]], tno$lewisham_2016),
  identical(recreated[["Met Total, 12 months to Jan 2016"]], tno$met_2016))
years <- incident_counts(met_offences[met_offences$area == "Lewisham", ],
                         month, by = offence,
                         periods = calendar_years(2013, 2016), count = count,
                         classification = met_offence_groups)
stopifnot(identical(unname(as.matrix(years[match(yv$measure, years$offence),
                                           c("2013", "2014", "2015",
                                             "2016")])),
                    unname(as.matrix(yv[-1]))))
vawg_counts <- incident_counts(met_offences, month, by = offence,
                               periods = periods, area = area, count = count,
                              classification = met_offence_groups,
                               areas = "Lewisham")
vawg_rows <- vawg_counts[match(lewisham_vawg$offence, vawg_counts$offence), ]
stopifnot(
  identical(vawg_rows[["Lewisham, 12 months to Jan 2017"]],
            c(689L, 1044L, 3114L, 273L)),
  identical(vawg_rows[["Lewisham, 12 months to Jan 2016"]],
            c(619L, 950L, 3171L, 226L)))

save(met_offence_groups, file = "data/met_offence_groups.rda",
     compress = "xz")
save(met_offences, file = "data/met_offences.rda", compress = "xz")
