# The id join of proven_reoffending(), in src/idjoin.c.

# match(x, table) for ids, by the C join of src/idjoin.c: integer, double or
# character ids (integer and double together are compared as doubles).
id_match <- function(x, table) {
  out <- id_join(x, table)
  attr(out, "repeats") <- NULL
  out
}

# id_match() with the attribute "repeats": how many ids of table repeat an
# earlier one (counted while the join builds its index, so checking a cohort
# for repeated ids costs nothing more). Cohorts of more than 1e7 offenders
# (the C join's limit) go to match().
id_join <- function(x, table) {
  if (length(table) > 1e7) {
    return(structure(match(x, table),
                     repeats = as.double(sum(duplicated(table)))))
  }
  if (is.numeric(x) && is.numeric(table) && typeof(x) != typeof(table)) {
    x <- as.double(x)
    table <- as.double(table)
  }
  .Call(C_id_match, x, table)
}
