# The id join of proven_reoffending(), in src/idjoin.c.

# match(x, table) for ids, by the C join of src/idjoin.c: integer, double or
# character ids (integer and double together are compared as doubles).
# Cohorts of more than 1e7 offenders (the C join's limit) go to match().
id_match <- function(x, table) {
  if (length(table) > 1e7) return(match(x, table))
  if (is.numeric(x) && is.numeric(table) && typeof(x) != typeof(table)) {
    x <- as.double(x)
    table <- as.double(table)
  }
  .Call(C_id_match, x, table)
}
