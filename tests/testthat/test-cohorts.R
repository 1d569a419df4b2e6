test_that("the CRC model has the 2015 cohorts in table order", {
  model <- crc_cohort_model()
  expect_s3_class(model, "cohort_model")
  expect_identical(model$levels, c("Young Males", "Adult Males",
                                   "Mature Males", "MHLD", "Women"))
  expect_identical(model$age_breaks, c(18, 26, 50))
  expect_output(print(model), "Young Males: males aged 18 to 25")
  expect_output(print(model), "Mature Males: males aged 50 and over")
})

test_that("age bands have inclusive lower bounds, youth gets NA", {
  ages <- c(17, 17.99, 18, 25, 25.9, 26, 49, 49.5, 50, 99)
  cohort <- assign_cohort(ages, rep("M", length(ages)))
  expect_identical(as.character(cohort),
                   c(NA, NA, "Young Males", "Young Males", "Young Males",
                     "Adult Males", "Adult Males", "Adult Males",
                     "Mature Males", "Mature Males"))
})

test_that("MHLD comes first, then Women, then age", {
  cohort <- assign_cohort(age = c(30, 30, 30, 60, 16, 16, NA, NA),
                          sex = c("M", "F", "F", "F", "F", "M", "F", "M"),
                          mhld = c(TRUE, TRUE, FALSE, FALSE, FALSE, TRUE,
                                   FALSE, FALSE))
  expect_identical(as.character(cohort),
                   c("MHLD", "MHLD", "Women", "Women", "Women", "MHLD",
                     "Women", NA))
})

test_that("levels include empty cohorts", {
  cohort <- assign_cohort(c(20, 30), c("M", "M"))
  expect_identical(levels(cohort), crc_cohort_model()$levels)
  expect_identical(as.vector(table(cohort)), c(1L, 1L, 0L, 0L, 0L))
})

test_that("sex is read in any case and as a factor", {
  sex <- c("m", "M", "male", "MALE", "Male", "f", "F", "female", "Female",
           " F ")
  cohort <- assign_cohort(rep(30, 10), sex)
  expect_identical(as.character(cohort),
                   rep(c("Adult Males", "Women"), each = 5))
  expect_identical(assign_cohort(c(30, 30), factor(c("Female", "Male"))),
                   assign_cohort(c(30, 30), c("F", "M")))
})

test_that("unknowns give NA only when the answer depends on them", {
  cohort <- assign_cohort(c(30, 30, 30, 30), c(NA, NA, "M", "F"),
                          mhld = c(TRUE, FALSE, NA, NA))
  expect_identical(as.character(cohort), c("MHLD", NA, NA, NA))
})

test_that("mhld may be 0/1 and of length 1", {
  expect_identical(assign_cohort(c(20, 60), c("M", "M"), mhld = c(1, 0)),
                   assign_cohort(c(20, 60), c("M", "M"),
                                 mhld = c(TRUE, FALSE)))
  expect_identical(as.character(assign_cohort(c(20, 60), c("M", "F"),
                                              mhld = TRUE)),
                   c("MHLD", "MHLD"))
})

test_that("integer ages and zero-length input work", {
  expect_identical(assign_cohort(c(20L, 60L), c("M", "M")),
                   assign_cohort(c(20, 60), c("M", "M")))
  out <- assign_cohort(numeric(), character())
  expect_length(out, 0L)
  expect_identical(levels(out), crc_cohort_model()$levels)
})

test_that("assignment agrees with a base R oracle on random data", {
  set.seed(1)
  n <- 5000
  age <- sample(c(NA, 10:90), n, replace = TRUE)
  sex <- sample(c("M", "F", NA), n, replace = TRUE, prob = c(.6, .35, .05))
  mhld <- sample(c(TRUE, FALSE, NA), n, replace = TRUE,
                 prob = c(.05, .9, .05))
  oracle <- ifelse(is.na(mhld), NA,
            ifelse(mhld, "MHLD",
            ifelse(is.na(sex), NA,
            ifelse(sex == "F", "Women",
            as.character(cut(age, c(18, 26, 50, Inf), right = FALSE,
                             labels = c("Young Males", "Adult Males",
                                        "Mature Males")))))))
  expect_identical(as.character(assign_cohort(age, sex, mhld)), oracle)
})

test_that("a borough can define its own model", {
  model <- cohort_model(c(18, 21, 26), c("18-20", "21-25", "26+"),
                        women = NULL, mhld = NULL)
  cohort <- assign_cohort(c(18, 20, 21, 40, 19), c("M", "M", "M", "F", "F"),
                          mhld = TRUE, model = model)
  expect_identical(levels(cohort), c("18-20", "21-25", "26+"))
  expect_identical(as.character(cohort),
                   c("18-20", "18-20", "21-25", "26+", "18-20"))
})

test_that("cohort_model() rejects impossible models", {
  expect_error(cohort_model(c(26, 18)), "`age_breaks` must be strictly")
  expect_error(cohort_model(c(18, 18, 50)), "strictly increasing")
  expect_error(cohort_model(c(-1, 18, 50)), "`age_breaks` must not be neg")
  expect_error(cohort_model(numeric()), "`age_breaks` must hold")
  expect_error(cohort_model(c(18, NA, 50)), "`age_breaks` must hold")
  expect_error(cohort_model("18"), "`age_breaks` must be numeric")
  expect_error(cohort_model(c(18, 26)), "one label per age break")
  expect_error(cohort_model(age_labels = c("A", NA, "C")), "`age_labels`")
  expect_error(cohort_model(women = c("W", "X")), "`women` must be a single")
  expect_error(cohort_model(mhld = NA_character_), "`mhld` must be a single")
  expect_error(cohort_model(women = "Young Males"), "unique")
})

test_that("assign_cohort() names the bad argument", {
  expect_error(assign_cohort("30", "M"), "`age` must be numeric")
  expect_error(assign_cohort(-3, "M"), "`age` must not be negative")
  expect_error(assign_cohort(Inf, "M"), "`age` must be finite")
  expect_error(assign_cohort(c(30, 40), "M"), "`sex` must have the same")
  expect_error(assign_cohort(c(30, 40), c("M", "X")),
               "`sex` must be .*found \"X\"")
  expect_error(assign_cohort(30, 1), "`sex` must be character")
  expect_error(assign_cohort(c(30, 40, 50), c("M", "M", "M"),
                             mhld = c(TRUE, FALSE)),
               "`mhld` must have length 1 or 3")
  expect_error(assign_cohort(30, "M", mhld = "yes"), "`mhld` must be logical")
  expect_error(assign_cohort(30, "M", mhld = 2), "`mhld` must be logical")
  expect_error(assign_cohort(30, "M", model = list()), "`model` must be")
})

test_that("age_at() counts completed years", {
  dob <- as.Date(c("1990-05-17", "1990-05-17", "1990-05-17", "2000-01-01"))
  date <- as.Date(c("2016-05-16", "2016-05-17", "2016-05-18", "2000-01-01"))
  expect_identical(age_at(dob, date), c(25L, 26L, 26L, 0L))
})

test_that("a 29 February birthday is reached on 1 March", {
  expect_identical(age_at("2000-02-29", c("2017-02-28", "2017-03-01",
                                          "2016-02-28", "2016-02-29")),
                   c(16L, 17L, 15L, 16L))
})

test_that("age_at() recycles only a single date and keeps NA", {
  expect_identical(age_at(c("1990-01-01", NA), "2016-11-30"), c(26L, NA))
  expect_identical(age_at(as.POSIXct("1990-01-01", tz = "UTC"),
                          as.Date("2016-11-30")), 26L)
  expect_identical(age_at(as.Date(character()), as.Date("2016-01-01")),
                   integer())
  expect_error(age_at(c("1990-01-01", "1991-01-01", "1992-01-01"),
                      c("2016-01-01", "2016-01-01")),
               "`date` must have length 1 or 3")
})

test_that("age_at() rejects impossible dates", {
  expect_error(age_at("2017-02-30", "2018-01-01"), "`dob` must hold dates")
  expect_error(age_at("1990-01-01", "30/11/2016"), "`date` must hold dates")
  expect_error(age_at("1990-01-01x", "2016-11-30"), "`dob` must hold dates")
  expect_error(age_at(19900101, "2016-11-30"), "`dob` must be a Date")
  expect_error(age_at("2020-01-01", "2016-11-30"),
               "`dob` must not be after `date`")
})
