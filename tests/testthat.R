library(testthat)
library(reoffending)

test_check("reoffending")
