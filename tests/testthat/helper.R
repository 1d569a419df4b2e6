withr_width <- function(width, code) {
  old <- options(width = width)
  on.exit(options(old))
  force(code)
}

# The record's column roles, named by column.
record_roles <- function(x) {
  cols <- table_record(x)$columns
  stats::setNames(cols$role, cols$name)
}

# The withheld cells with the reason each was withheld (internal).
withheld_cells <- function(x) {
  cells <- reoffending:::table_meta(x)$cells
  cells <- cells[cells$status == "withheld", c("row", "column", "reason")]
  rownames(cells) <- NULL
  cells
}
