# People across risk panels: MAPPA, IOM, DIP, ASB and other lists, matched
# by a normalised identifier and counted by combination of panels in C
# (src/panels.c); the people in a combination; PNC ID normalisation and its
# check character; scored name and date of birth matches for a person to
# confirm.

#' People across panels: counts by combination of panels
#'
#' Cross-references the lists that risk panels keep (MAPPA, IOM, DIP, ASB
#' and the like) the way analysts do by hand with lookups: who is on which
#' panels, how many people are on each combination of panels, how many are
#' on more than one, and which lists name a person twice. Identifiers are
#' normalised first (case and spaces; PNC IDs to `YYYY/NNNNNNNX` with their
#' check character validated), and a person is the same person on two lists
#' when the normalised identifiers are equal: nothing is merged on a guess
#' (see [panel_matches()] for candidate matches on name and date of birth).
#'
#' The counting is done in C in one pass over the rows: a bit set per person
#' over the panels (at most 16), then the people counted by bit set.
#'
#' @param ... The lists: data frames named by panel (`MAPPA = mappa, IOM =
#'   iom`), or one data frame with a column `panel` naming each row's panel.
#' @param id The column holding the identifier, in every list: a name or a
#'   string (tidyselect).
#' @param panel For one long data frame, its column naming the panel.
#' @param id_format `"pnc"` (the default) to read identifiers as PNC IDs:
#'   spaces dropped, upper case, a short serial padded with zeros (`2001/23A`
#'   is `2001/0000023A`), the slash added if missing, and the check
#'   character validated; any that is not a valid PNC ID is an error naming
#'   its list and rows. `"text"` for other identifiers: spaces at either end
#'   dropped and upper case, nothing validated.
#' @return A [report_table()] with one row per combination of panels that
#'   has people (`"MAPPA only"`, `"IOM and DIP"`, ...), fewest panels
#'   first, then a total row `"All people"`: columns `combination`,
#'   `panels` (how many panels), `people` (count of people) and `share`
#'   (proportion of all people). Its notes say how many people are on more
#'   than one panel and which lists repeat a person. The people behind it
#'   are read with [overlap_people()] and the repeats with
#'   [overlap_repeats()].
#' @seealso [overlap_people()], [panel_matches()], [normalise_pnc()]
#' @examples
#' lists <- split(havering_panels, havering_panels$panel)
#' panel_overlap(MAPPA = lists$MAPPA, IOM = lists$IOM, DIP = lists$DIP,
#'               ASB = lists$ASB, id = pnc_id)
#'
#' # the same from the long data frame
#' overlap <- panel_overlap(havering_panels, id = pnc_id)
#' head(overlap_people(overlap, c("IOM", "DIP")))
#' @export
panel_overlap <- function(..., id = "pnc_id", panel = "panel",
                          id_format = c("pnc", "text")) {
  id_format <- check_choice(id_format, c("pnc", "text"), "id_format")
  lists <- panel_lists(list(...), rlang::enquo(id), rlang::enquo(panel),
                       id_format)
  panels <- lists$panels
  people <- unique(lists$id)
  if (length(people) == 0L) abort("The lists in `...` hold nobody.")
  codes <- match(lists$id, people)
  res <- .Call(C_panel_overlap, codes, lists$panel, length(people),
               length(panels))
  names(res) <- c("mask", "combination", "repeats")

  masks <- which(res$combination > 0L) - 1L
  masks <- masks[masks > 0L]
  size <- bit_count(masks, length(panels))
  masks <- masks[order(size, bit_order(masks, length(panels)))]
  size <- bit_count(masks, length(panels))
  count <- res$combination[masks + 1L]
  total <- length(people)
  out <- as_table_frame(list(
    combination = c(combination_label(masks, panels), "All people"),
    panels = c(size, NA_integer_),
    people = c(count, total),
    share = c(count, total) / total), length(masks) + 1L)

  several <- sum(count[size > 1L])
  notes <- c(
    paste0(several, " of ", total, " people (",
           format_share(several / total), ") are on more than one panel."),
    repeats_note(res$repeats, panels))
  table <- report_table(
    out, title = "People by combination of panels",
    notes = notes,
    roles = c(combination = "label", panels = "label", people = "count",
              share = "proportion"),
    units = c(people = "people"),
    labels = c(combination = "Panels", panels = "Number of panels",
               people = "People", share = "Share of people"),
    totals = list(rows = nrow(out), column = NA))
  attr(table, "overlap") <- list(
    panels = panels, masks = c(masks, NA_integer_),
    people = data.frame(id = people, mask = res$mask,
                        stringsAsFactors = FALSE),
    repeats = repeated_rows(lists, codes, panels))
  table
}

#' The people in a combination of panels
#'
#' `overlap_people()` lists the people behind a [panel_overlap()] table:
#' those on exactly the panels named (`exact = TRUE`), or on at least those
#' panels. `overlap_repeats()` lists the rows of each list that name a
#' person the list already names.
#'
#' @param x A table from [panel_overlap()].
#' @param panels The panels: a character vector of panel names
#'   (`c("IOM", "DIP")`), or `NULL` for everyone.
#' @param exact `TRUE` (the default) for the people on those panels and no
#'   other, `FALSE` for the people on those panels and perhaps others.
#' @return `overlap_people()`: a data frame with one row per person, column
#'   `id` (the normalised identifier) and one logical column per panel,
#'   sorted by `id`. `overlap_repeats()`: a data frame with columns `panel`,
#'   `row` (the row within its list) and `id`.
#' @examples
#' overlap <- panel_overlap(havering_panels, id = pnc_id)
#' overlap_people(overlap, c("MAPPA", "IOM", "DIP"))
#' nrow(overlap_people(overlap, "IOM", exact = FALSE))
#' overlap_repeats(overlap)
#' @export
overlap_people <- function(x, panels = NULL, exact = TRUE) {
  info <- overlap_record(x)
  check_flag(exact, "exact")
  people <- info$people
  keep <- rep(TRUE, nrow(people))
  if (!is.null(panels)) {
    if (!is.character(panels) || length(panels) == 0L || anyNA(panels)) {
      abort("`panels` must be panel names (character), or NULL.")
    }
    unknown <- setdiff(panels, info$panels)
    if (length(unknown) > 0L) {
      abort("`panels` must name panels of `x` (", show_values(info$panels),
            "); not ", show_values(unknown), ".")
    }
    want <- sum(bitwShiftL(1L, match(unique(panels), info$panels) - 1L))
    keep <- if (exact) people$mask == want else
      bitwAnd(people$mask, want) == want
  }
  people <- people[keep, , drop = FALSE]
  out <- data.frame(id = people$id, stringsAsFactors = FALSE)
  for (k in seq_along(info$panels)) {
    out[[info$panels[k]]] <- bitwAnd(people$mask, bitwShiftL(1L, k - 1L)) > 0L
  }
  out <- out[order(out$id), , drop = FALSE]
  rownames(out) <- NULL
  out
}

#' @rdname overlap_people
#' @export
overlap_repeats <- function(x) overlap_record(x)$repeats

#' Candidate matches on name and date of birth
#'
#' Where lists share no identifier, or to find people entered under two
#' identifiers, compares the names of people with the same date of birth on
#' different lists with a string distance (Jaro-Winkler by default, from the
#' stringdist package) and reports each pair that scores at least
#' `min_score`, with its score, for a person to confirm. Nothing is merged:
#' [panel_overlap()] counts by identifier only.
#'
#' Names are compared after dropping case, accents are kept, and punctuation
#' and repeated spaces are dropped; "SMITH, John" and "john smith" are
#' compared word-sorted, so the order of forename and surname does not
#' matter.
#'
#' @inheritParams panel_overlap
#' @param name,dob The columns holding the name and the date of birth
#'   (`Date` or `"YYYY-MM-DD"`), in every list.
#' @param id Optionally the identifier column: pairs whose identifiers are
#'   equal (after normalising as text) are the same person already and are
#'   left out.
#' @param min_score The lowest score reported, between 0 and 1 (1 is the
#'   same name).
#' @param method The distance of [stringdist::stringdist()]: `"jw"`
#'   (Jaro-Winkler, the default), `"lv"`, `"osa"`, `"dl"` or `"cosine"`;
#'   the score is 1 minus the distance scaled to 0 to 1.
#' @return A data frame with one row per candidate pair, best score first:
#'   `panel_a`, `row_a`, `name_a`, `panel_b`, `row_b`, `name_b`, `dob`,
#'   `score`.
#' @examples
#' if (requireNamespace("stringdist", quietly = TRUE)) {
#'   panel_matches(havering_panels, name = name, dob = dob, id = pnc_id)
#' }
#' @export
panel_matches <- function(..., name = "name", dob = "dob", id = NULL,
                          panel = "panel", min_score = 0.9,
                          method = c("jw", "lv", "osa", "dl", "cosine")) {
  if (!requireNamespace("stringdist", quietly = TRUE)) {
    abort("panel_matches() needs the stringdist package; install it with ",
          "install.packages(\"stringdist\").", class = "missing_package")
  }
  method <- check_choice(method, c("jw", "lv", "osa", "dl", "cosine"),
                         "method")
  if (!is.numeric(min_score) || length(min_score) != 1L ||
      is.na(min_score) || min_score < 0 || min_score > 1) {
    abort("`min_score` must be a number between 0 and 1.")
  }
  frames <- panel_frames(list(...), rlang::enquo(panel))
  name_q <- rlang::enquo(name)
  dob_q <- rlang::enquo(dob)
  id_q <- rlang::enquo(id)
  rows <- lapply(names(frames), function(p) {
    f <- frames[[p]]
    arg <- paste0("`", p, "`")
    name_col <- column_name(name_q, f, "name", data_arg = p)
    dob_col <- column_name(dob_q, f, "dob", data_arg = p)
    nm <- f[[name_col]]
    if (is.factor(nm)) nm <- as.character(nm)
    if (!is.character(nm)) {
      abort("`name` must name a text column of ", arg, ", not ",
            type_name(nm), ".")
    }
    id_values <- if (rlang::quo_is_null(id_q)) rep(NA_character_, nrow(f))
      else clean_text_id(f[[column_name(id_q, f, "id", data_arg = p)]])
    data.frame(panel = rep(p, nrow(f)), row = seq_len(nrow(f)), name = nm,
               key = name_key(nm), dob = as_date_arg(f[[dob_col]], "dob"),
               id = id_values, stringsAsFactors = FALSE)
  })
  all <- do.call(rbind, rows)
  all <- all[!is.na(all$dob) & !is.na(all$name) & nzchar(all$key), ]
  pairs <- merge(all, all, by = "dob", suffixes = c("_a", "_b"))
  pairs <- pairs[pairs$panel_a < pairs$panel_b, , drop = FALSE]
  same_id <- !is.na(pairs$id_a) & !is.na(pairs$id_b) &
    pairs$id_a == pairs$id_b
  pairs <- pairs[!same_id, , drop = FALSE]
  score <- 1 - stringdist::stringdist(pairs$key_a, pairs$key_b,
                                      method = method, p = if (method == "jw")
                                        0.1 else 0)
  if (method %in% c("lv", "osa", "dl")) {
    score <- 1 - (1 - score) / pmax(nchar(pairs$key_a), nchar(pairs$key_b))
  }
  keep <- !is.na(score) & score >= min_score - 1e-12
  out <- data.frame(panel_a = pairs$panel_a, row_a = pairs$row_a,
                    name_a = pairs$name_a, panel_b = pairs$panel_b,
                    row_b = pairs$row_b, name_b = pairs$name_b,
                    dob = pairs$dob, score = score,
                    stringsAsFactors = FALSE)[keep, , drop = FALSE]
  out <- out[order(-out$score, out$panel_a, out$row_a), , drop = FALSE]
  rownames(out) <- NULL
  out
}

#' Normalise and check Police National Computer (PNC) IDs
#'
#' A PNC ID is written `YYYY/NNNNNNNX`: the year the record was created, a
#' serial number of up to seven digits and a check character. The check
#' character is the remainder of the number made of the two-digit year and
#' the seven-digit serial (`YYNNNNNNN`) divided by 23, as a letter of
#' `ZABCDEFGHJKLMNPQRTUVWXY` (0 is Z, 1 is A, ...; I, O and S are not
#' used). This is the rule the Ministry of Justice's HMPPS person record
#' service validates PNC IDs with (`PNCIdValidator`, in
#' <https://github.com/ministryofjustice/hmpps-person-record>).
#'
#' @param x PNC IDs: character.
#' @param invalid `"error"` (the default): any value that is not a valid
#'   PNC ID is an error naming it; `"na"`: it becomes `NA`.
#' @param arg The name of the argument in messages.
#' @return A character vector as long as `x`: each ID as `YYYY/NNNNNNNX`,
#'   upper case, the serial padded to seven digits; `NA` stays `NA`.
#' @examples
#' normalise_pnc(c("2001/0023456K", " 2001/23456k", "20010023456K"))
#' normalise_pnc("2001/0023456A", invalid = "na")
#' @export
normalise_pnc <- function(x, invalid = c("error", "na"), arg = "x") {
  invalid <- check_choice(invalid, c("error", "na"), "invalid")
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x)) {
    abort("`", arg, "` must hold PNC IDs as text, not ", type_name(x), ".")
  }
  text <- toupper(gsub("[[:space:]]", "", x))
  parts <- regmatches(text, regexec("^([0-9]{4})/?([0-9]{1,7})([A-Z])$",
                                    text))
  ok <- lengths(parts) == 4L
  out <- rep(NA_character_, length(x))
  if (any(ok)) {
    p <- do.call(rbind, parts[ok])
    serial <- formatC(as.integer(p[, 3L]), width = 7L, flag = "0")
    check <- pnc_check_character(substr(p[, 2L], 3L, 4L), serial)
    good <- check == p[, 4L]
    out[which(ok)[good]] <- paste0(p[good, 2L], "/", serial[good],
                                   p[good, 4L])
  }
  bad <- is.na(out) & !is.na(x)
  if (any(bad) && invalid == "error") {
    abort("`", arg, "` must hold PNC IDs (YYYY/NNNNNNNX with a valid check ",
          "character); ", show_rows(which(bad), paste0('"', x[bad], '"')),
          " ", if (sum(bad) == 1L) "is" else "are", " not.")
  }
  out
}

# The check character of a PNC ID from its two-digit year and seven-digit
# serial: (YYNNNNNNN mod 23) as a letter of ZABCDEFGHJKLMNPQRTUVWXY. The
# number is below 1e9, exact in a double.
pnc_check_character <- function(year2, serial7) {
  remainder <- as.numeric(paste0(year2, serial7)) %% 23
  letters23 <- strsplit("ZABCDEFGHJKLMNPQRTUVWXY", "")[[1L]]
  letters23[remainder + 1]
}

# ---- Internal ---------------------------------------------------------------

# The lists as named data frames: named arguments, or one long data frame
# split by its panel column.
panel_frames <- function(args, panel_q) {
  if (length(args) == 0L) abort("Give the panel lists as data frames in `...`.")
  for (i in seq_along(args)) {
    check_data_frame(args[[i]], if (is.null(names(args)) ||
                                    !nzchar(names(args)[i])) "..." else
                                      names(args)[i])
  }
  if (length(args) == 1L && (is.null(names(args)) || !nzchar(names(args)))) {
    long <- args[[1L]]
    col <- column_name(panel_q, long, "panel", data_arg = "...")
    panel <- long[[col]]
    if (is.factor(panel)) panel <- as.character(panel)
    if (!is.character(panel) || anyNA(panel) || !all(nzchar(panel))) {
      abort("`panel` must name a text column of the lists with a panel ",
            "name on every row.")
    }
    levels <- unique(panel)
    frames <- lapply(levels, function(p) long[panel == p, , drop = FALSE])
    names(frames) <- levels
    return(frames)
  }
  nm <- names(args)
  if (is.null(nm) || any(!nzchar(nm)) || anyDuplicated(nm)) {
    abort("The lists in `...` must be named by panel, each once ",
          "(`MAPPA = mappa, IOM = iom`), or be one data frame with a ",
          "panel column.")
  }
  args
}

panel_lists <- function(args, id_q, panel_q, id_format) {
  frames <- panel_frames(args, panel_q)
  panels <- names(frames)
  if (length(panels) > 16L) {
    abort("At most 16 panels can be cross-referenced at once, not ",
          length(panels), ".")
  }
  ids <- lapply(panels, function(p) {
    f <- frames[[p]]
    col <- column_name(id_q, f, "id", data_arg = p)
    value <- f[[col]]
    if (is.factor(value)) value <- as.character(value)
    if (!is.character(value) && !is.numeric(value)) {
      abort("`id` must name a column of identifiers in `", p, "`, not ",
            type_name(value), ".")
    }
    value <- as.character(value)
    missing <- is.na(value) |
      !grepl("[^ \t\r\n]", value, perl = TRUE, useBytes = TRUE)
    if (any(missing)) {
      abort("Every person on a list needs an identifier; `", p, "` has ",
            "none in ", show_rows(which(missing)), ".")
    }
    normalise_ids(value, id_format, paste0(p, "$", col))
  })
  list(panels = panels, id = unlist(ids, use.names = FALSE),
       panel = rep(seq_along(panels), lengths(ids)),
       row = unlist(lapply(lengths(ids), seq_len), use.names = FALSE))
}

# Identifiers as text, without spaces at either end, in upper case. Most
# are clean already; trimws() and toupper() are slow on millions of strings,
# so only the values that need them go through them.
# Matching bytes is ten times faster than matching characters: values of
# printable ASCII are checked byte-wise, the others go through both.
clean_text_id <- function(x) {
  x <- as.character(x)
  other <- grepl("[^ -~]", x, perl = TRUE, useBytes = TRUE)
  padded <- other | grepl("^ | $", x, perl = TRUE, useBytes = TRUE)
  if (any(padded)) x[padded] <- trimws(x[padded])
  lower <- other | grepl("[a-z]", x, perl = TRUE, useBytes = TRUE)
  if (any(lower)) x[lower] <- toupper(x[lower])
  x
}

# Identifiers normalised once per distinct value, then looked up: lists of
# millions of rows hold far fewer distinct spellings.
normalise_ids <- function(x, id_format, arg) {
  distinct <- unique(x)
  clean <- if (id_format == "pnc") {
    normalise_pnc(distinct, invalid = "na")
  } else {
    clean_text_id(distinct)
  }
  if (anyNA(clean)) normalise_pnc(x, arg = arg)  # errors naming the rows
  clean[match(x, distinct)]
}

# Names compared without case, punctuation or word order.
name_key <- function(x) {
  words <- strsplit(tolower(gsub("[[:punct:]]", " ", x)), "[[:space:]]+")
  vapply(words, function(w) paste(sort(w[nzchar(w)]), collapse = " "),
         character(1))
}

repeated_rows <- function(lists, codes, panels) {
  seen <- duplicated((codes - 1) * length(panels) + lists$panel)
  data.frame(panel = panels[lists$panel[seen]], row = lists$row[seen],
             id = lists$id[seen], stringsAsFactors = FALSE)
}

repeats_note <- function(repeats, panels) {
  if (all(repeats == 0L)) return("No list names a person twice.")
  has <- repeats > 0L
  paste0("Rows repeating a person already on the same list: ",
         paste0(panels[has], " ", repeats[has], collapse = ", "),
         "; each person is counted once (see overlap_repeats()).")
}

bit_count <- function(masks, n) {
  count <- integer(length(masks))
  for (k in seq_len(n)) {
    count <- count + (bitwAnd(masks, bitwShiftL(1L, k - 1L)) > 0L)
  }
  count
}

# Combinations of the same size in the order of their first panel, then
# the next: the mask with its bits reversed.
bit_order <- function(masks, n) {
  key <- numeric(length(masks))
  for (k in seq_len(n)) {
    key <- key + (bitwAnd(masks, bitwShiftL(1L, k - 1L)) > 0L) * 2^(n - k)
  }
  -key
}

combination_label <- function(masks, panels) {
  vapply(masks, function(m) {
    on <- panels[bitwAnd(m, bitwShiftL(1L, seq_along(panels) - 1L)) > 0L]
    if (length(on) == 1L) return(paste(on, "only"))
    paste(paste(on[-length(on)], collapse = ", "), "and", on[length(on)])
  }, character(1))
}

format_share <- function(p) paste0(format(round(100 * p, 1), nsmall = 1), "%")

# What the UpSet-style chart shows, in words: the largest combinations and
# how many people are on more than one panel.
overlap_alt_text <- function(x, body, count) {
  labels <- as.character(x$combination[body])
  several <- sum(count[x$panels[body] > 1])
  top <- order(-count)[seq_len(min(3L, length(count)))]
  paste0("Bar chart of ", sum(count), " people by combination of panels ",
         "(", paste(overlap_record(x)$panels, collapse = ", "), "). ",
         "The largest combinations are ",
         paste0(labels[top], " (", count[top], ")", collapse = ", "), "; ",
         several, " people are on more than one panel.")
}

overlap_record <- function(x) {
  info <- attr(x, "overlap")
  if (!is.list(info) || is.null(info$people)) {
    abort("`x` must be a table from panel_overlap().")
  }
  info
}

#' UpSet-style chart of people across panels
#'
#' Draws a [panel_overlap()] table as an UpSet-style chart: a bar per
#' combination of panels (people on exactly those panels), above a matrix of
#' dots saying which panels each combination is. Needs ggplot2.
#'
#' @param x A table from [panel_overlap()].
#' @return A ggplot object.
#' @importFrom rlang .data
#' @examples
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   plot_overlap(panel_overlap(havering_panels, id = pnc_id))
#' }
#' @export
plot_overlap <- function(x) {
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    abort("plot_overlap() needs the ggplot2 package; install it with ",
          "install.packages(\"ggplot2\").", class = "missing_package")
  }
  info <- overlap_record(x)
  body <- !is.na(info$masks)
  masks <- info$masks[body]
  count <- x$people[body]
  panels <- info$panels
  n <- length(masks)
  # Bars above zero; below, one row of dots per panel, filled where the
  # combination includes the panel.
  step <- max(count) / 8
  bars <- data.frame(position = seq_len(n), people = count)
  dots <- expand.grid(position = seq_len(n), panel = seq_along(panels))
  dots$on <- bitwAnd(masks[dots$position],
                     bitwShiftL(1L, dots$panel - 1L)) > 0L
  dots$y <- -step * dots$panel
  lines <- do.call(rbind, lapply(seq_len(n), function(i) {
    on <- dots$y[dots$position == i & dots$on]
    data.frame(position = i, low = min(on), high = max(on))
  }))
  ggplot2::ggplot() +
    ggplot2::geom_col(ggplot2::aes(x = .data$position, y = .data$people),
                      data = bars, fill = "grey30", width = 0.7) +
    ggplot2::geom_text(ggplot2::aes(x = .data$position, y = .data$people,
                                    label = .data$people),
                       data = bars, vjust = -0.4, size = 3) +
    ggplot2::geom_segment(ggplot2::aes(x = .data$position,
                                       xend = .data$position,
                                       y = .data$low, yend = .data$high),
                          data = lines, colour = "grey30") +
    ggplot2::geom_point(ggplot2::aes(x = .data$position, y = .data$y,
                                     colour = .data$on),
                        data = dots, size = 3, show.legend = FALSE) +
    ggplot2::scale_colour_manual(values = c(`FALSE` = "grey85",
                                            `TRUE` = "grey20")) +
    ggplot2::scale_y_continuous(
      breaks = c(-step * seq_along(panels), pretty(c(0, max(count)))),
      labels = c(panels, pretty(c(0, max(count))))) +
    ggplot2::scale_x_continuous(breaks = NULL) +
    ggplot2::labs(x = NULL, y = "People",
                  title = "People by combination of panels",
                  caption = paste(sum(count), "people"),
                  alt = overlap_alt_text(x, body, count)) +
    ggplot2::theme_minimal()
}
