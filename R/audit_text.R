# The figures quoted in a pack's text against its tables (part of
# audit_pack()): each number in a sentence is matched to a cell, and the
# sentence's claims about it (which row, which way, how much, a percentage
# of a count) are checked. A number that cannot be matched is unchecked.

rise_words <- c("risen", "rise", "rises", "rose", "rising", "increase",
                "increased", "increases", "increasing", "up", "higher",
                "grew", "grown")
fall_words <- c("reduced", "reduce", "reduces", "fell", "fall", "fallen",
                "falls", "decrease", "decreased", "decreases", "declined",
                "decline", "down", "lower", "dropped")
month_words <- c("jan", "january", "feb", "february", "mar", "march", "apr",
                 "april", "may", "jun", "june", "jul", "july", "aug",
                 "august", "sep", "sept", "september", "oct", "october",
                 "nov", "november", "dec", "december")

audit_text <- function(pack, cells, synonyms) {
  texts <- pack$text
  findings <- list(pack_findings())
  quoted <- list(empty_quoted())
  for (p in seq_len(nrow(texts))) {
    group <- texts$group[p]
    pool <- cells[!is.na(cells$value), , drop = FALSE]
    if (!is.na(group)) pool <- pool[pool$group %in% group, , drop = FALSE]
    paragraph_words <- unlist(label_words(texts$text[p]))
    for (sentence in split_sentences(texts$text[p])) {
      res <- audit_sentence(sentence, pool, paragraph_words, synonyms)
      if (nrow(res) == 0L) next
      res$paragraph <- p
      res$group <- group
      quoted[[length(quoted) + 1L]] <- res[names(empty_quoted())]
      bad <- res[res$status == "inconsistent", , drop = FALSE]
      if (nrow(bad) > 0L) {
        findings[[length(findings) + 1L]] <- pack_findings(
          "text", bad$table, bad$label, bad$column, bad$published,
          bad$expected,
          paste0(ifelse(is.na(group), "", paste0(group, " text: ")), "\"",
                 excerpt(sentence), "\": ", bad$detail))
      }
    }
  }
  quoted <- do.call(rbind, quoted)
  rownames(quoted) <- NULL
  list(findings = do.call(rbind, findings), quoted = quoted)
}

empty_quoted <- function() {
  data.frame(paragraph = integer(), group = character(), quoted = character(),
             status = character(), table = character(), label = character(),
             column = character(), detail = character(),
             stringsAsFactors = FALSE)
}

excerpt <- function(text, most = 90L) {
  if (nchar(text) <= most) text else paste0(substr(text, 1L, most - 3L), "...")
}

split_sentences <- function(text) {
  s <- strsplit(text, "(?<=[.!?])\\s+(?=[A-Z(])", perl = TRUE)[[1L]]
  s[nzchar(trimws(s))]
}

# The numbers of a sentence that state a figure: not years after a month
# ("January 2017"), ranges and financial years ("2016-2017", "2012/13"),
# numbers inside words ("u25") or quarters ("Quarter 2").
quoted_numbers <- function(sentence) {
  pattern <- paste0("(?<![A-Za-z0-9.,/-])(\\d{1,3}(?:,\\d{3})+|\\d+)",
                    "(\\.\\d+)?(\\s?%)?(?![A-Za-z0-9/-]|[.,]\\d)")
  m <- gregexpr(pattern, sentence, perl = TRUE)[[1L]]
  if (m[1L] == -1L) return(NULL)
  starts <- as.integer(m)
  text <- regmatches(sentence, list(m))[[1L]]
  before <- vapply(starts, function(s) {
    tolower(substr(sentence, max(1L, s - 12L), s - 1L))
  }, "")
  previous_word <- sub(".*?([A-Za-z]+)\\W*$", "\\1", before, perl = TRUE)
  previous_word[!grepl("[a-z]", before)] <- ""
  percent <- grepl("%", text, fixed = TRUE)
  digits <- gsub("[^0-9.]", "", text)
  value <- as.numeric(digits)
  places <- ifelse(grepl(".", digits, fixed = TRUE),
                   nchar(sub(".*\\.", "", digits)), 0L)
  year <- !percent & grepl("^\\d{4}$", digits) & value >= 1900 &
    value <= 2099 & previous_word %in% c(month_words, "in", "since", "year")
  skip <- year | previous_word %in% c("quarter", "q", "priority", "section")
  out <- data.frame(text = trimws(text), start = starts, value = value,
                    percent = percent, places = places,
                    previous = previous_word,
                    of = grepl("(^|\\W)(out )?of( the)?\\s*$", before),
                    stringsAsFactors = FALSE)
  out[!skip, , drop = FALSE]
}

audit_sentence <- function(sentence, pool, paragraph_words, synonyms) {
  nums <- quoted_numbers(sentence)
  if (is.null(nums) || nrow(nums) == 0L) return(empty_sentence())
  n <- nrow(nums)
  res <- data.frame(quoted = nums$text, status = rep("unchecked", n),
                    table = NA_character_, label = NA_character_,
                    column = NA_character_, published = NA_real_,
                    expected = NA_real_,
                    detail = rep("no cell of the pack holds it", n),
                    stringsAsFactors = FALSE)
  words <- unlist(label_words(sentence))
  lower <- tolower(sentence)
  change <- from_to(sentence, nums)
  names_at <- named_rows(sentence, pool, synonyms)
  done <- rep(FALSE, n)

  # "by N": the size of the change from A to B.
  for (i in which(nums$previous == "by")) {
    done[i] <- TRUE
    if (is.null(change)) {
      res$detail[i] <- "a size of change with no \"from ... to\" to check"
      next
    }
    size <- abs(change$to - change$from)
    ok <- abs(size - nums$value[i]) < 1e-9
    res[i, c("status", "detail")] <- list(
      if (ok) "consistent" else "inconsistent",
      paste0("a change of ", format_number(size), " from ",
             format_number(change$from), " to ", format_number(change$to)))
    res$published[i] <- nums$value[i]
    res$expected[i] <- size
  }

  # "N ... (P%)" with "of D": P must be N / D at the places quoted.
  shares <- percent_of_count(sentence, nums)
  for (k in seq_len(nrow(shares))) {
    i <- shares$percent[k]
    done[i] <- TRUE
    share <- shares$count[k] / shares$of[k]
    ok <- abs(round(100 * share, nums$places[i]) - nums$value[i]) < 1e-9
    res[i, c("status", "detail")] <- list(
      if (ok) "consistent" else "inconsistent",
      paste0(format_number(shares$count[k]), " of ",
             format_number(shares$of[k]), " is ",
             formatC(100 * share, format = "f", digits = 1), "%, which ",
             if (ok) "rounds" else "does not round", " to ", nums$text[i]))
    res$published[i] <- nums$value[i] / 100
    res$expected[i] <- share
  }
  for (d in unique(shares$of_index)) {
    parts <- shares$count_index[shares$of_index == d]
    if (isTRUE(abs(sum(nums$value[parts]) - nums$value[d]) < 1e-9)) {
      res$status[parts] <- "consistent"
      res$detail[parts] <- paste0("the parts ",
                                  paste(nums$text[parts], collapse = " + "),
                                  " make ", nums$text[d])
      done[parts] <- TRUE
    }
  }

  for (i in which(!done)) {
    # A percentage in a sentence that names a row and a column of a table
    # is about that cell, whatever other cell happens to hold the figure.
    if (nums$percent[i]) {
      described <- described_cells(pool, words)
      if (nrow(described) > 0L) {
        judged <- judge_described(res[i, ], nums[i, ], described)
        # Cells that disagree among themselves do not say which is meant:
        # then the figure is looked for as any other.
        if (judged$status != "unchecked") {
          res[i, ] <- judged
          next
        }
      }
    }
    hits <- value_cells(nums[i, ], pool)
    evident <- hits[vapply(label_words(hits$label), function(w) {
      any(w %in% paragraph_words)
    }, logical(1)), , drop = FALSE]
    if (nrow(evident) > 0L) {
      res[i, ] <- matched_number(res[i, ], nums[i, ], evident, names_at, pool,
                                 change, lower)
      next
    }
    if (nrow(hits) > 0L) {
      res$detail[i] <- paste0("held by a cell (", hits$table[1L], ", ",
                              hits$label[1L], ") whose row the text does ",
                              "not name")
    }
  }
  res
}

empty_sentence <- function() {
  data.frame(quoted = character(), status = character(), table = character(),
             label = character(), column = character(), published = double(),
             expected = double(), detail = character(),
             stringsAsFactors = FALSE)
}

format_number <- function(x) {
  trimws(prettyNum(signif(x, 12), big.mark = ",", scientific = FALSE))
}

# "from A ... to B": the two numbers of a change, or NULL.
from_to <- function(sentence, nums) {
  from <- which(nums$previous == "from")
  to <- which(nums$previous == "to")
  if (length(from) == 0L || length(to) == 0L) return(NULL)
  f <- from[1L]
  t <- to[to > f]
  if (length(t) == 0L) return(NULL)
  list(from = nums$value[f], to = nums$value[t[1L]], from_index = f,
       to_index = t[1L])
}

# The direction a sentence claims: "up", "down" or NA.
claimed_direction <- function(lower) {
  words <- strsplit(gsub("[^a-z]+", " ", lower), " ", fixed = TRUE)[[1L]]
  up <- any(words %in% rise_words)
  down <- any(words %in% fall_words)
  if (up == down) NA_character_ else if (up) "up" else "down"
}

# Pairs "N ... (P%)" with a denominator "of D" before them.
percent_of_count <- function(sentence, nums) {
  out <- data.frame(percent = integer(), count = double(), of = double(),
                    count_index = integer(), of_index = integer())
  for (i in which(nums$percent)) {
    opens <- substr(sentence, max(1L, nums$start[i] - 2L),
                    nums$start[i] - 1L)
    if (!grepl("\\(\\s?$", opens)) next
    counts <- which(!nums$percent & seq_len(nrow(nums)) < i &
                      nums$start > nums$start[i] - 40L)
    if (length(counts) == 0L) next
    c_i <- counts[length(counts)]
    of <- which(nums$of & !nums$percent & seq_len(nrow(nums)) < c_i &
                  nums$value >= nums$value[c_i])
    if (length(of) == 0L) next
    d <- of[length(of)]
    out <- rbind(out, data.frame(percent = i, count = nums$value[c_i],
                                 of = nums$value[d], count_index = c_i,
                                 of_index = d))
  }
  out
}

# Cells holding a quoted number: a count equal to it, or a percentage
# that rounds to it at the places quoted.
value_cells <- function(num, pool) {
  if (num$percent) {
    hit <- pool$kind == "percent" &
      abs(round(100 * pool$value, num$places) - num$value) < 1e-9
  } else {
    hit <- pool$kind == "count" & abs(pool$value - num$value) < 1e-9
  }
  pool[hit, , drop = FALSE]
}

# Where the sentence names a row of the pool, by its label or a synonym of
# it: a data frame of row keys and the positions of their names.
named_rows <- function(sentence, pool, synonyms) {
  keys <- unique(pool$row_key)
  terms <- synonyms[synonyms$kind == "row", , drop = FALSE]
  out <- data.frame(row_key = character(), at = integer(), end = integer(),
                    stringsAsFactors = FALSE)
  means <- canonical(terms$means, synonyms, "row")
  for (key in keys) {
    names <- unique(c(pool$label[pool$row_key == key], key,
                      terms$term[means == key]))
    for (name in names) {
      w <- strsplit(normalise_label(name), " ", fixed = TRUE)[[1L]]
      if (length(w) == 0L || !any(grepl("[a-z]|^\\d{4}$", w))) next
      pattern <- paste0("(?i)(?<![a-z0-9])",
                        paste(w, collapse = "[^a-z0-9]+"), "(?![a-z0-9])")
      m <- gregexpr(pattern, sentence, perl = TRUE)[[1L]]
      if (m[1L] == -1L) next
      out <- rbind(out, data.frame(row_key = key, at = as.integer(m),
                                   end = as.integer(m) +
                                     attr(m, "match.length") - 1L,
                                   stringsAsFactors = FALSE))
    }
  }
  # "Total" inside "Robbery Total" names nothing of its own.
  inside <- vapply(seq_len(nrow(out)), function(i) {
    any(out$at <= out$at[i] & out$end >= out$end[i] &
          (out$end - out$at) > (out$end[i] - out$at[i]))
  }, logical(1))
  out[!inside, , drop = FALSE]
}

# A number held by cells whose rows the paragraph mentions: consistent,
# unless the sentence does not name its row and the row it names last
# before it is another row of the same table (the figures of Robbery
# (Person) quoted as "Robbery Total"), or a
# "from ... to" goes the other way from the words.
matched_number <- function(res, num, evident, names_at, pool, change, lower) {
  before <- names_at[names_at$at < num$start, , drop = FALSE]
  cell <- evident[1L, ]
  res[c("status", "table", "label", "column")] <- list(
    "consistent", cell$table, cell$label, cell$column)
  res$detail <- paste0("held by ", cell$table, ", ", cell$label, ", ",
                       cell$column)
  # A row named anywhere in the sentence ("20 Young Males") is the row
  # quoted; otherwise the row named last before the number is claimed.
  if (nrow(before) > 0L && !any(evident$row_key %in% names_at$row_key)) {
    named <- before$row_key[which.max(before$at)]
    if (!named %in% evident$row_key) {
      for (k in seq_len(nrow(evident))) {
        other <- pool[pool$table == evident$table[k] &
                        pool$row_key == named &
                        pool$column == evident$column[k], , drop = FALSE]
        if (nrow(other) == 0L) next
        res[c("status", "table", "label", "column", "published", "expected",
              "detail")] <- list(
          "inconsistent", evident$table[k], evident$label[k],
          evident$column[k], num$value, other$value[1L],
          paste0(num$text, " is ", evident$label[k], " (", evident$table[k],
                 ", ", evident$column[k], "), not ", other$label[1L],
                 ", which is ", show_figure(other$value[1L], other$kind[1L]),
                 " there"))
        return(res)
      }
    }
  }
  if (!is.null(change) && identical(num$value, change$to) &&
      !is.na(claimed_direction(lower))) {
    went <- if (change$to > change$from) "up" else
      if (change$to < change$from) "down" else "same"
    claimed <- claimed_direction(lower)
    if (went != claimed) {
      res$status <- "inconsistent"
      res$published <- change$to
      res$expected <- change$from
      res$detail <- paste0("the text says ", if (claimed == "up") "a rise"
                           else "a fall", " but ", format_number(change$from),
                           " to ", format_number(change$to), " is not")
    }
  }
  res
}

# The percentages a sentence names by row (all the words of its label) and
# column (a word of its label).
described_cells <- function(pool, words) {
  percent <- pool[pool$kind == "percent", , drop = FALSE]
  if (nrow(percent) == 0L) return(percent)
  alpha <- function(w) w[grepl("[a-z]", w)]
  row_words <- lapply(label_words(percent$label), alpha)
  column_words <- lapply(label_words(paste(percent$column,
                                           percent$column_label)), alpha)
  named <- vapply(row_words, function(w) length(w) > 0L && all(w %in% words),
                  logical(1)) &
    vapply(column_words, function(w) any(w %in% words), logical(1))
  percent[named, , drop = FALSE]
}

# A quoted percentage against the cells its sentence describes: consistent
# when one of them rounds to it, inconsistent when they all hold one other
# figure, unchecked when they disagree among themselves.
judge_described <- function(res, num, cells) {
  fits <- abs(round(100 * cells$value, num$places) - num$value) < 1e-9
  cell <- if (any(fits)) cells[which(fits)[1L], ] else cells[1L, ]
  res[c("table", "label", "column")] <- list(cell$table, cell$label,
                                             cell$column)
  if (any(fits)) {
    res$status <- "consistent"
    res$detail <- paste0("held by ", cell$table, ", ", cell$label, ", ",
                         cell$column)
    return(res)
  }
  if (length(unique(round(cells$value, 6))) != 1L) {
    res$detail <- "the cells it may describe hold different figures"
    return(res)
  }
  res[c("status", "published", "expected", "detail")] <- list(
    "inconsistent", num$value / 100, cell$value,
    paste0(num$text, " where ", cell$table, " has ",
           show_figure(cell$value, "percent"), " for ", cell$label, " (",
           cell$column, ")"))
  res
}
