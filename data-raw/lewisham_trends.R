# Builds the Lewisham crime datasets in data/: lewisham_crime,
# lewisham_hate_crime, lewisham_vawg and lewisham_youth_violence.
#
# Transcribed from the Lewisham Safer Stronger Communities Select Committee
# document pack of 8 March 2017, presentation "Safer Lewisham Partnership
# Plan 2017/18": Priority 1 (serious youth violence), Priority 2 (violence
# against women and girls), Priority 4 (hate crime) and "Total Notifiable
# Offences". Published as printed, typos included: audit_table() finds
# them, the data keep them.
#
# Run from the package root with the package installed:
#   Rscript data-raw/lewisham_trends.R

library(reoffending)

source_text <- paste(
  "Safer Lewisham Partnership Plan 2017/18, presented to the Lewisham Safer",
  "Stronger Communities Select Committee, 8 March 2017"
)

# Total notifiable offences ---------------------------------------------
# Columns as published: 12 months to January 17 (Lewisham, Met Total), then
# 12 months to January 16 (Lewisham, Met Total).
tno <- read.table(header = TRUE, sep = "|", strip.white = TRUE,
                  stringsAsFactors = FALSE, text = "
offence                   | lewisham_2017 | met_2017 | lewisham_2016 | met_2016
Total Crimes                       | 24635 | 763410 | 24556 | 737948
Homicide                           |     6 |    104 |     4 |    116
Violence Against the Person (Total)|  8849 | 234930 |  8590 | 223172
Rape                               |   273 |   6314 |   226 |   5466
Other Sexual                       |   418 |  11181 |   391 |  10480
Robbery (Total)                    |   838 |  23062 |   846 |  21731
Robbery (Person)                   |   760 |  21416 |   769 |  20004
Robbery (Business)                 |    78 |   1646 |    77 |   1727
Burglary (Total)                   |  2065 |  68737 |  2151 |  70373
Burglary Residential               |  1413 |  43036 |  1453 |  44421
Burglary Non-Residential           |   652 |  25701 |   698 |  25952
Gun Crime                          |    87 |   2385 |    87 |   1851
Motor Vehicle Crime                |  2295 |  79164 |  2425 |  71979
Domestic Crime                     |  3115 |  74389 |  3171 |  73101
Racist & Religious Hate Crime      |   514 |  16836 |   454 |  14255
Homophobic Crime                   |    79 |   2034 |    87 |   1825
Anti-Semitic Crime                 |     6 |    514 |     1 |    462
Islamophobic Crime                 |    25 |   1204 |    36 |   1070
")
stopifnot(nrow(tno) == 18L, all(vapply(tno[-1], is.integer, logical(1))))
lewisham_crime <- report_table(
  tno,
  title = paste("Total notifiable offences, Lewisham and the Met, 12 months",
                "to January 2017 and to January 2016"),
  source = paste0(source_text, ": Total Notifiable Offences."),
  notes = paste("lewisham_2017 and met_2017: 12 months to January 2017;",
                "lewisham_2016 and met_2016: 12 months to January 2016."),
  units = c(lewisham_2017 = "events", met_2017 = "events",
            lewisham_2016 = "events", met_2016 = "events"),
  totals = FALSE
)

# Priority 4: hate crime -------------------------------------------------
hate <- tno[tno$offence %in% c("Racist & Religious Hate Crime",
                               "Homophobic Crime", "Anti-Semitic Crime",
                               "Islamophobic Crime"), ]
rownames(hate) <- NULL
lewisham_hate_crime <- report_table(
  hate,
  title = paste("Hate crime, Lewisham and the Met, 12 months to January",
                "2017 and 2016"),
  source = paste0(source_text, ": Priority 4, Hate Crime."),
  notes = paste("lewisham_2017 and met_2017: 12 months to January 2017;",
                "lewisham_2016 and met_2016: 12 months to January 2016."),
  units = c(lewisham_2017 = "events", met_2017 = "events",
            lewisham_2016 = "events", met_2016 = "events"),
  totals = FALSE
)

# Priority 2: VAWG -------------------------------------------------------
# Published:
# Offences            Jan 2017  Jan 2016  Difference
# Total Sexual             689       619       11.7%
# Domestic VWI            1044       950        9.9%
# All Domestic Abuse      3114      3171       -1.8%
# Rape                     226       273       20.8%
lewisham_vawg <- report_table(
  data.frame(offence = c("Total Sexual", "Domestic VWI",
                         "All Domestic Abuse", "Rape"),
             jan_2017 = c(689L, 1044L, 3114L, 226L),
             jan_2016 = c(619L, 950L, 3171L, 273L),
             difference = c(0.117, 0.099, -0.018, 0.208),
             stringsAsFactors = FALSE),
  title = "Violence against women and girls, Lewisham: January 2017 and 2016",
  source = paste0(source_text, ": Priority 2, VAWG."),
  notes = paste("Difference as published. Total Sexual: 689 against 619 is",
                "a rise of 11.3%, published as 11.7%. Rape: 226 against 273",
                "is a fall of 17.2%, published as 20.8% (273 against 226)."),
  roles = c(difference = "pct_change"),
  units = c(jan_2017 = "events", jan_2016 = "events"), totals = FALSE
)

# Priority 1: serious youth violence -------------------------------------
lewisham_youth_violence <- report_table(
  data.frame(measure = c("Serious Youth Violence", "Youth Violence",
                         "KCI under 25"),
             `2013` = c(299L, 641L, 66L),
             `2014` = c(217L, 636L, 54L),
             `2015` = c(251L, 731L, 81L),
             `2016` = c(258L, 722L, 75L),
             check.names = FALSE, stringsAsFactors = FALSE),
  title = "Serious youth violence, Lewisham, calendar years 2013 to 2016",
  source = paste0(source_text, ": Priority 1, Peer on Peer abuse under 25."),
  notes = "KCI under 25: knife crime with injury, victims under 25.",
  units = c(`2013` = "events", `2014` = "events", `2015` = "events",
            `2016` = "events"),
  totals = FALSE
)

save(lewisham_crime, file = "data/lewisham_crime.rda", compress = "xz")
save(lewisham_hate_crime, file = "data/lewisham_hate_crime.rda",
     compress = "xz")
save(lewisham_vawg, file = "data/lewisham_vawg.rda", compress = "xz")
save(lewisham_youth_violence, file = "data/lewisham_youth_violence.rda",
     compress = "xz")
