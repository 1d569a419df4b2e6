# Fuzzing every .Call entry point (issue 11): seeded garbage in every
# argument and in every field of list arguments, and valid calls (as the R
# wrappers make them) corrupted one field at a time, so that the checks deep
# inside are reached. Any outcome but a value or an R error is a failure.
#
# The attempts run in child R processes, one batch per entry point, so that
# a crash fails this test instead of ending the test run: each child writes
# every attempt's number before making it, and a child that dies names the
# attempt that killed it; the batch then goes on from the next attempt. A
# child is killed when one attempt runs longer than `attempt_timeout`, and
# runs with its address space bounded (`ulimit -v`; under AddressSanitizer,
# whose shadow memory needs terabytes of address space, by the sanitizer's
# own allocation limit instead, set by tools/sanitizers.sh).
#
# Under valgrind (REOFFENDING_VALGRIND=1, set by .ci/run) the children
# would not run under valgrind anyway: a few small attempts per entry point
# run in this process instead, so that valgrind sees the error paths.
#
# REOFFENDING_FUZZ_SEED and REOFFENDING_FUZZ_ATTEMPTS (per entry point)
# change the seed and the number of attempts for a longer local run.

# ---- Where and how much ------------------------------------------------------

under_valgrind <- function() {
  nzchar(Sys.getenv("REOFFENDING_VALGRIND")) ||
    grepl("vgpreload", Sys.getenv("LD_PRELOAD"), fixed = TRUE)
}
under_asan <- function() {
  grepl("libasan", Sys.getenv("LD_PRELOAD"), fixed = TRUE)
}
env_count <- function(name, default) {
  value <- suppressWarnings(as.integer(Sys.getenv(name)))
  if (is.na(value) || value < 1L) default else value
}
fuzz_seed <- env_count("REOFFENDING_FUZZ_SEED", 20261102L)
fuzz_attempts <- env_count("REOFFENDING_FUZZ_ATTEMPTS",
                           if (under_valgrind()) 10L else 300L)
# Seconds one attempt may take before its child is killed. The slowest
# attempts read 1e8 rows of a compact sequence before an error.
attempt_timeout <- if (under_asan()) 60 else 30
# The address space of a child, in kB (`ulimit -v`): far more than any
# attempt needs unless it materialises a huge compact sequence.
child_memory_kb <- 4 * 1024 * 1024

# ---- The entry points --------------------------------------------------------

registered_entry_points <- function() {
  routines <- getDLLRegisteredRoutines("reoffending")$.Call
  data.frame(name = vapply(routines, `[[`, "", "name"),
             nargs = vapply(routines, `[[`, 0L, "numParameters"),
             row.names = NULL, stringsAsFactors = FALSE)
}

# The registration table of src/init.c, where the sources are at hand (the
# source tree, or R CMD check's copy of it); NULL elsewhere.
init_c_table <- function() {
  candidates <- c(test_path("..", "..", "src", "init.c"),
                  test_path("..", "..", "00_pkg_src", "reoffending", "src",
                            "init.c"))
  found <- candidates[file.exists(candidates)]
  if (length(found) == 0L) return(NULL)
  lines <- readLines(found[1L])
  rows <- regmatches(lines, regexec(
    '^\\s*\\{"(C_[A-Za-z0-9_]+)",\\s*\\(DL_FUNC\\)\\s*&\\1,\\s*(-?[0-9]+)\\}',
    lines))
  rows <- rows[lengths(rows) == 3L]
  data.frame(name = vapply(rows, `[`, "", 2L),
             nargs = as.integer(vapply(rows, `[`, "", 3L)),
             stringsAsFactors = FALSE)
}

# ---- Valid calls, as the wrappers make them ------------------------------------

# Runs the examples of every help page of the package, and a few calls that
# the examples do not make (a chart, a suppressed table written out), with
# every namespace function that calls .Call traced so that its .Call records
# its arguments. Returns the recorded calls as list(name, args).
capture_valid_calls <- function() {
  ns <- asNamespace("reoffending")
  captured <- list()
  recorder <- function(.NAME, ...) {
    captured[[length(captured) + 1L]] <<- list(name = .NAME$name,
                                               args = list(...))
    base::.Call(.NAME, ...)
  }
  callers <- Filter(function(name) {
    f <- get(name, envir = ns)
    is.function(f) && !is.primitive(f) &&
      any(grepl(".Call(", deparse(body(f)), fixed = TRUE))
  }, ls(ns, all.names = TRUE))
  for (name in callers) {
    suppressMessages(trace(name, tracer = bquote(.Call <- .(recorder)),
                           where = ns, print = FALSE))
  }
  on.exit(for (name in callers) {
    suppressMessages(untrace(name, where = ns))
  })

  out_dir <- tempfile("fuzz-capture-")
  dir.create(out_dir)
  on.exit(unlink(out_dir, recursive = TRUE), add = TRUE)
  for (rd in tools::Rd_db("reoffending")) {
    example <- tempfile(fileext = ".R")
    tools::Rd2ex(rd, example, commentDontrun = TRUE, commentDonttest = TRUE)
    if (!file.exists(example)) next
    invisible(utils::capture.output(suppressMessages(suppressWarnings(
      source(example, local = new.env(parent = ns))))))
    unlink(example)
  }
  extra <- quote({
    rates <- report_table(data.frame(area = c("p", "q", "r"),
                                     rate = c(1.5, 2.5, NA)),
                          roles = c("label", "rate"),
                          chart = report_chart("area", "rate"))
    team <- lewisham_offenders[seq(1, 1338, by = 40), ]
    safe <- suppress_small(cohort_table(team, cohort, status))
    write_report(list(Rates = rates, Caseload = safe),
                 file.path(out_dir, "extra.xlsx"), title = "Extra",
                 notes = c("a note"))
  })
  env <- new.env(parent = ns)
  env$out_dir <- out_dir
  eval(extra, env)
  captured
}

# Up to `keep` valid argument sets per entry point, the smallest first. Paths
# into this session's temporary folder are made relative, so that a child
# writes into its own working folder.
valid_sets <- function(captured, names, keep = 4L) {
  temp <- normalizePath(tempdir(), mustWork = FALSE)
  sets <- lapply(names, function(name) {
    calls <- Filter(function(call) identical(call$name, name), captured)
    args <- lapply(calls, function(call) lapply(call$args, function(arg) {
      if (is.character(arg) && length(arg) == 1L && !is.na(arg) &&
          startsWith(normalizePath(arg, mustWork = FALSE), temp)) {
        return(basename(arg))
      }
      arg
    }))
    args <- args[!duplicated(args)]
    size <- vapply(args, function(a) as.double(utils::object.size(a)), 0)
    args[order(size)][seq_len(min(keep, length(args)))]
  })
  stats::setNames(sets, names)
}

# ---- The fuzzer: the functions a child runs --------------------------------------
# Kept in one list with the global environment as their enclosure, so that
# they can be saved for a child and run there.

fuzz_funs <- list(
  # Invalid UTF-8 of several kinds, marked as UTF-8.
  bad_utf8 = function() {
    bytes <- list(c(0xff, 0xfe), c(0xc3, 0x28), c(0xe2, 0x82),
                  c(0xed, 0xa0, 0x80), c(0xc0, 0xaf), c(0x61, 0xf8, 0x62))
    x <- rawToChar(as.raw(bytes[[sample.int(length(bytes), 1L)]]))
    Encoding(x) <- "UTF-8"
    x
  },

  # One garbage value. `huge`: compact sequences of 1e9 elements and more,
  # which no check may expand.
  garbage_value = function(huge = TRUE) {
    makers <- list(
      null = function() NULL,
      na = function() sample(list(NA, NA_integer_, NA_real_,
                                  NA_character_), 1L)[[1L]],
      empty = function() sample(list(logical(), integer(), double(),
                                     character(), list(), raw()), 1L)[[1L]],
      ints = function() sample(c(-.Machine$integer.max, -1L, 0L, 1L, 2L, 3L,
                                 7L, 64L, 65L, .Machine$integer.max,
                                 NA_integer_),
                               sample.int(6L, 1L), replace = TRUE),
      doubles = function() sample(c(NaN, Inf, -Inf, 1e308, -1e308, -0, 0.5,
                                    1, 2, -1, 1e10, -1e10, 2^31, 5e-324,
                                    NA_real_),
                                  sample.int(6L, 1L), replace = TRUE),
      logicals = function() sample(c(TRUE, FALSE, NA), sample.int(4L, 1L),
                                   replace = TRUE),
      strings = function() sample(c("", "higher", "lower", "bar", "T",
                                    "='T'!$A$3:$A$4", "=1+1", "@x",
                                    "a/b", "[c]", strrep("x", 300L),
                                    "\u00e9\U00020000", NA_character_),
                                  sample.int(4L, 1L), replace = TRUE),
      bad_utf8 = function() c("ok", bad_utf8()),
      long_string = function() strrep("y", 100000L),
      raw = function() as.raw(c(0, 255)),
      complex = function() complex(real = 1, imaginary = -1),
      closure = function() function(x) x,
      builtin = function() sin,
      environment = function() new.env(),
      symbol = function() quote(x),
      language = function() quote(f(x, y)),
      formula = function() y ~ x,
      pairlist = function() pairlist(a = 1),
      expression = function() expression(1 + 2),
      factor = function() factor(c("b", "a", NA)),
      bad_factor = function() structure(c(1L, 5L), levels = "a",
                                        class = "factor"),
      data_frame = function() data.frame(a = 1:2, b = c("x", "y")),
      matrix = function() matrix(1:6, 2L),
      date = function() as.Date(c("2016-02-29", NA)),
      posixct = function() as.POSIXct("2016-03-27 01:30", tz = "UTC"),
      named = function() c(zzz = 1, "NA" = 2),
      list_mixed = function() list(1L, "a", NULL, TRUE),
      list_named = function() list(name = NA, columns = NULL, type = 1:2),
      nested = function() list(list(list(list(1L))), list(NULL)),
      deep = function() {
        x <- list(1L)
        for (k in 1:200) x <- list(x)
        x
      },
      ones = function() rep(1L, sample(c(1L, 2L, 4097L, 70000L), 1L)),
      long_na = function() rep(NA_integer_, 4097L),
      long_strings = function() rep(c("a", NA), 3000L)
    )
    if (huge) {
      makers <- c(makers, list(
        huge_int = function() 1:1e9,
        huge_int_down = function() 1e9:1,
        huge_int_max = function() seq_len(.Machine$integer.max),
        huge_int_negative = function() -1e9:-1,
        huge_int_codes = function() -5:1e9,
        huge_real = function() as.double(1:1e9),
        huge_real_long = function() 1:3e9,
        huge_list = function() list(1:1e9, as.double(1:1e9))
      ))
    }
    kind <- sample.int(length(makers), 1L)
    list(value = makers[[kind]](), what = names(makers)[kind])
  },

  # Every path into nested lists (integer index vectors), depth first.
  list_paths = function(x, prefix = integer(), depth = 0L) {
    if (!is.list(x) || depth > 4L) return(list())
    paths <- list()
    for (k in seq_along(x)) {
      path <- c(prefix, k)
      paths <- c(paths, list(path), list_paths(x[[k]], path, depth + 1L))
    }
    paths
  },

  path_label = function(x, path) {
    label <- "args"
    node <- x
    for (k in path) {
      name <- names(node)[k]
      label <- if (!is.null(name) && !is.na(name) && nzchar(name)) {
        paste0(label, "$", name)
      } else {
        paste0(label, "[[", k, "]]")
      }
      node <- node[[k]]
    }
    label
  },

  # `x` with the node at `path` replaced by `value` (which may be NULL), or
  # removed.
  set_at = function(x, path, value, remove = FALSE) {
    k <- path[1L]
    # A value no data frame can hold (a symbol, a column of another length)
    # turns a data frame put there by an earlier corruption into the list
    # it is made of.
    assign_at <- function(x, f) {
      tryCatch(f(x), error = function(e) {
        if (!is.data.frame(x)) stop(e)
        f(unclass(x))
      })
    }
    if (length(path) == 1L) {
      if (remove) {
        return(assign_at(x, function(x) { x[[k]] <- NULL; x }))
      }
      return(assign_at(x, function(x) { x[k] <- list(value); x }))
    }
    inner <- set_at(x[[k]], path[-1L], value, remove)
    assign_at(x, function(x) { x[[k]] <- inner; x })
  },

  # A near miss of a valid value: its type, length, values, names or class
  # changed a little, so that checks past the first are reached.
  near_miss = function(v, huge = TRUE) {
    n <- length(v)
    # A huge compact sequence put there by an earlier corruption is left as
    # it is: changing it (or a list holding it) would materialise it here.
    if (holds_huge(v)) return(list(value = v, what = "huge kept"))
    options <- c("as_character", "as_integer", "as_double", "as_logical",
                 "empty", "first", "doubled", "drop_first", "na",
                 "extreme", "names_dropped", "names_changed", "classed",
                 "bad_utf8", "same_length_compact")
    if (is.list(v)) options <- c(options, "drop_element", "unlist",
                                 "duplicate_element", "reversed")
    if (huge) options <- c(options, "huge_compact")
    how <- sample(options, 1L)
    value <- tryCatch(switch(how,
      as_character = as.character(v),
      as_integer = suppressWarnings(as.integer(unlist(v))),
      as_double = suppressWarnings(as.double(unlist(v))),
      as_logical = suppressWarnings(as.logical(unlist(v))),
      empty = v[0],
      first = v[1],
      doubled = c(v, v),
      drop_first = v[-1],
      na = {
        if (n > 0 && is.atomic(v)) v[sample.int(n, 1L)] <- NA
        if (n > 0 && is.list(v)) v[sample.int(n, 1L)] <- list(NA)
        v
      },
      extreme = {
        if (n > 0 && is.numeric(v)) {
          k <- sample.int(n, 1L)
          v[k] <- sample(c(-1, 0, v[k] + 1, -v[k], 1e9, 2^31, NaN, Inf,
                           .Machine$integer.max, -.Machine$integer.max),
                         1L)
        }
        v
      },
      names_dropped = unname(v),
      names_changed = {
        if (!is.null(names(v)) && n > 0) {
          names(v)[sample.int(n, 1L)] <- sample(c("", NA, "zzz", "name"), 1L)
        }
        v
      },
      classed = if (is.null(v)) v else structure(v, class = "reoffending_fuzz"),
      bad_utf8 = {
        if (n > 0 && is.character(v)) v[sample.int(n, 1L)] <- bad_utf8()
        v
      },
      same_length_compact = {
        if (n > 0 && is.integer(v)) v <- seq_len(n)
        if (n > 0 && is.double(v)) v <- as.double(seq_len(n))
        v
      },
      huge_compact = if (is.double(v)) as.double(1:1e9) else 1:1e9,
      drop_element = if (n > 0) v[-sample.int(n, 1L)] else v,
      unlist = unlist(v),
      duplicate_element = if (n > 0) c(v, v[sample.int(n, 1L)]) else v,
      reversed = rev(v)
    ), error = function(e) NULL)
    list(value = value, what = how)
  },

  # The arguments of attempt `i` at an entry point of `nargs` arguments:
  # the valid sets as they are, then mostly valid sets with one to three
  # fields corrupted, the rest garbage in every argument, a few with the
  # wrong number of arguments (R refuses those).
  fuzz_attempt = function(i, seed, nargs, valid, huge = TRUE) {
    # Corrupting a data frame can warn (a column of 1e9 rows put in place
    # of 2), and a warning left for the top level is printed with its call,
    # huge arguments deparsed: muffled here, where nothing is under test.
    suppressWarnings(make_attempt(i, seed, nargs, valid, huge))
  },

  make_attempt = function(i, seed, nargs, valid, huge = TRUE) {
    set.seed(seed + i)
    if (i <= length(valid)) {
      return(list(args = valid[[i]], what = "valid call"))
    }
    roll <- stats::runif(1L)
    if (length(valid) == 0L || roll < 0.15) {
      args <- list()
      what <- character()
      for (k in seq_len(nargs)) {
        g <- garbage_value(huge)
        args[k] <- list(g$value)
        what <- c(what, g$what)
      }
      return(list(args = args, what = paste("garbage:",
                                            paste(what, collapse = ", "))))
    }
    if (roll < 0.17) {
      args <- valid[[sample.int(length(valid), 1L)]]
      args <- if (stats::runif(1L) < 0.5) args[-1L] else c(args, list(NULL))
      return(list(args = args, what = "wrong number of arguments"))
    }
    args <- valid[[sample.int(length(valid), 1L)]]
    what <- character()
    for (m in seq_len(sample(1:3, 1L, prob = c(0.7, 0.2, 0.1)))) {
      paths <- list_paths(args)
      path <- paths[[sample.int(length(paths), 1L)]]
      label <- path_label(args, path)
      pick <- stats::runif(1L)
      if (pick < 0.45) {
        g <- garbage_value(huge)
        args <- set_at(args, path, g$value)
        what <- c(what, paste(label, "<-", g$what))
      } else if (pick < 0.5 && length(path) > 1L) {
        args <- set_at(args, path, NULL, remove = TRUE)
        what <- c(what, paste(label, "removed"))
      } else {
        node <- args
        for (k in path) node <- node[[k]]
        miss <- near_miss(node, huge)
        args <- set_at(args, path, miss$value)
        what <- c(what, paste(label, "<-", miss$what))
      }
    }
    list(args = args, what = paste(what, collapse = "; "))
  },

  holds_huge = function(x) {
    if (is.list(x)) return(any(vapply(x, holds_huge, logical(1))))
    length(x) > 1e7
  },

  # Did a check materialise a huge compact sequence among `args`?
  any_expanded = function(x) {
    if (is.list(x)) {
      return(any(vapply(x, any_expanded, logical(1))))
    }
    if (!is.atomic(x) || length(x) < 1e7) return(FALSE)
    grepl("(expanded)", paste(utils::capture.output(.Internal(inspect(x))),
                              collapse = " "), fixed = TRUE)
  },

  # Makes one attempt; "ok" or "error". The test harness's own entry point
  # ".selftest" dies, hangs, errs or succeeds on demand.
  invoke = function(name, args) {
    if (identical(name, ".selftest")) {
      return(switch(args[[1L]],
                    kill = tools::pskill(Sys.getpid(), tools::SIGKILL),
                    hang = Sys.sleep(3600),
                    error = "error",
                    ok = "ok"))
    }
    symbol <- get(name, envir = asNamespace("reoffending"))
    tryCatch(withCallingHandlers({
      do.call(.Call, c(list(symbol), args), quote = TRUE)
      "ok"
    }, warning = function(w) invokeRestart("muffleWarning")),
    error = function(e) {
      # One line of bytes, whatever the message's encoding.
      message <- tryCatch(gsub("[[:space:]]+", " ", conditionMessage(e),
                               useBytes = TRUE),
                          error = function(e) "(unreadable message)")
      structure("error", message = message)
    })
  },

  # A child's main: attempts `from` to `to` at one entry point, each
  # announced in the progress file before it is made.
  run_batch = function(spec_file) {
    spec <- readRDS(spec_file)
    progress <- file(spec$progress, open = "a")
    writeLines(sprintf("pid\t%d", Sys.getpid()), progress)
    flush(progress)
    for (i in seq.int(spec$from, length.out = max(0L, spec$to - spec$from + 1L))) {
      attempt <- if (identical(spec$name, ".selftest")) {
        list(args = list(spec$selftest[[i]]))
      } else {
        fuzz_attempt(i, spec$seed, spec$nargs, spec$valid, spec$huge)
      }
      writeLines(sprintf("start\t%d", i), progress)
      flush(progress)
      outcome <- invoke(spec$name, attempt$args)
      expanded <- any_expanded(attempt$args)
      message <- attr(outcome, "message")
      writeLines(sprintf("end\t%d\t%s\t%d\t%s", i, outcome, expanded,
                         if (is.null(message)) "" else message), progress)
      flush(progress)
    }
    writeLines("done", progress)
    close(progress)
  }
)
fuzz_funs <- lapply(fuzz_funs, function(f) {
  environment(f) <- globalenv()
  f
})
# The same functions in this process, for the in-process runs and the
# reports (the child finds them in its global environment).
fuzz_env <- list2env(fuzz_funs, envir = new.env(parent = globalenv()))
for (f in names(fuzz_funs)) environment(fuzz_env[[f]]) <- fuzz_env

# ---- The harness: children in batches ----------------------------------------------

child_script <- function() {
  script <- tempfile("fuzz-child-", fileext = ".R")
  lib <- dirname(system.file(package = "reoffending"))
  writeLines(c(sprintf(".libPaths(c(%s, .libPaths()))", deparse(lib)),
               "suppressMessages(library(reoffending))",
               "args <- commandArgs(trailingOnly = TRUE)",
               "list2env(readRDS(args[1L]), globalenv())",
               "run_batch(args[2L])"), script)
  script
}

# Starts a child for attempts `from`..`to` at entry point `entry`; returns
# its files.
launch_batch <- function(entry, from, to, setup) {
  dir <- tempfile("fuzz-batch-")
  dir.create(dir)
  files <- list(dir = dir, spec = file.path(dir, "spec.rds"),
                progress = file.path(dir, "progress.txt"),
                log = file.path(dir, "output.txt"),
                status = file.path(dir, "status.txt"))
  spec <- c(entry, list(from = from, to = to, progress = files$progress))
  saveRDS(spec, files$spec)
  file.create(files$progress)
  # ulimit -v bounds the child's address space, except under AddressSanitizer
  # (which reserves terabytes for its shadow memory; tools/sanitizers.sh
  # bounds allocations through ASAN_OPTIONS instead).
  limit <- if (under_asan()) "" else
    sprintf("ulimit -v %d 2>/dev/null; ", as.integer(child_memory_kb))
  rscript <- file.path(R.home("bin"), "Rscript")
  command <- sprintf(
    "(%scd %s && exec %s --vanilla %s %s %s >%s 2>&1); echo $? >%s",
    limit, shQuote(dir), shQuote(rscript), shQuote(setup$script),
    shQuote(setup$funs), shQuote(files$spec), shQuote(files$log),
    shQuote(files$status))
  system2("sh", c("-c", shQuote(command)), wait = FALSE, stdout = FALSE,
          stderr = FALSE)
  list(entry = entry, from = from, to = to, files = files,
       last_size = 0, last_change = Sys.time(), killed = FALSE)
}

# Reads a finished batch: the outcome of each attempt, and the attempt that
# was running when the child died or was killed (NA if none).
read_batch <- function(batch) {
  lines <- readLines(batch$files$progress, warn = FALSE)
  fields <- strsplit(lines, "\t", fixed = TRUE, useBytes = TRUE)
  kind <- vapply(fields, `[`, "", 1L)
  ends <- fields[kind == "end"]
  ended <- as.integer(vapply(ends, `[`, "", 2L))
  started <- as.integer(vapply(fields[kind == "start"], `[`, "", 2L))
  status <- suppressWarnings(as.integer(readLines(batch$files$status,
                                                  warn = FALSE)[1L]))
  done <- "done" %in% kind && identical(status, 0L)
  died <- setdiff(started, ended)
  output <- readLines(batch$files$log, warn = FALSE)
  list(outcome = vapply(ends, `[`, "", 3L),
       messages = vapply(ends, `[`, "", 5L),
       expanded = ended[vapply(ends, `[`, "", 4L) == "1"],
       done = done, status = status,
       died_at = if (length(died)) died[1L] else NA_integer_,
       started_any = length(started) > 0L,
       output = output)
}

# Runs every entry's attempts in children, `jobs` at a time; a child that dies
# or hangs is recorded and its batch restarted after the attempt that killed
# it (at most `max_failures` times per entry). A child that has not started
# its first attempt gets `startup_timeout` seconds. Returns one record per
# entry.
run_fuzz <- function(entries, jobs = 2L, timeout = attempt_timeout,
                     startup_timeout = 120, max_failures = 5L) {
  setup <- list(script = child_script(), funs = tempfile(fileext = ".rds"))
  saveRDS(fuzz_funs, setup$funs)
  on.exit(unlink(c(setup$script, setup$funs)))
  results <- lapply(entries, function(e) {
    list(name = e$name, attempts = 0L, ok = 0L, error = 0L, crashes = list(),
         timeouts = list(), expanded = integer(), broken = character(),
         messages = character())
  })
  names(results) <- names(entries)
  queue <- lapply(names(entries), function(n) list(n, 1L, entries[[n]]$attempts))
  running <- list()
  while (length(queue) > 0L || length(running) > 0L) {
    while (length(running) < jobs && length(queue) > 0L) {
      job <- queue[[1L]]
      queue <- queue[-1L]
      running[[length(running) + 1L]] <- c(
        launch_batch(entries[[job[[1L]]]], job[[2L]], job[[3L]], setup),
        list(key = job[[1L]]))
    }
    Sys.sleep(0.02)
    keep <- rep(TRUE, length(running))
    for (b in seq_along(running)) {
      batch <- running[[b]]
      if (!file.exists(batch$files$status) ||
          length(readLines(batch$files$status, warn = FALSE)) == 0L) {
        size <- file.size(batch$files$progress)
        now <- Sys.time()
        if (!identical(size, batch$last_size)) {
          running[[b]]$last_size <- size
          running[[b]]$last_change <- now
        } else if (!batch$killed &&
                   difftime(now, batch$last_change, units = "secs") >
                   if (size > 0) timeout else startup_timeout) {
          lines <- readLines(batch$files$progress, warn = FALSE)
          pid <- as.integer(sub("^pid\t", "", grep("^pid\t", lines,
                                                   value = TRUE)[1L]))
          if (!is.na(pid)) tools::pskill(pid, tools::SIGKILL)
          running[[b]]$killed <- TRUE
        }
        next
      }
      keep[b] <- FALSE
      read <- read_batch(batch)
      r <- results[[batch$key]]
      r$attempts <- r$attempts + length(read$outcome)
      r$ok <- r$ok + sum(read$outcome == "ok")
      r$error <- r$error + sum(read$outcome == "error")
      r$messages <- distinct_messages(c(r$messages,
                                        read$messages[read$outcome == "error"]))
      r$expanded <- c(r$expanded, read$expanded)
      if (!read$done) {
        if (is.na(read$died_at)) {
          # The child failed outside any attempt (it could not start).
          r$broken <- c(r$broken, paste(tail(read$output, 20L),
                                        collapse = "\n"))
        } else {
          failure <- list(attempt = read$died_at, status = read$status,
                          output = report_excerpt(read$output))
          r$attempts <- r$attempts + 1L
          if (batch$killed) {
            r$timeouts[[length(r$timeouts) + 1L]] <- failure
          } else {
            r$crashes[[length(r$crashes) + 1L]] <- failure
          }
          if (read$died_at < batch$to &&
              length(r$crashes) + length(r$timeouts) < max_failures) {
            queue[[length(queue) + 1L]] <- list(batch$key, read$died_at + 1L,
                                                batch$to)
          }
        }
      }
      results[[batch$key]] <- r
      unlink(batch$files$dir, recursive = TRUE)
    }
    running <- running[keep]
  }
  results
}

# The attempts of one entry, made in this process (under valgrind): small
# ones only, as the children would be.
run_in_process <- function(entries) {
  dir <- tempfile("fuzz-inprocess-")
  dir.create(dir)
  old <- setwd(dir)
  on.exit({
    setwd(old)
    unlink(dir, recursive = TRUE)
  })
  lapply(entries, function(e) {
    outcome <- lapply(seq_len(e$attempts), function(i) {
      attempt <- fuzz_env$fuzz_attempt(i, e$seed, e$nargs, e$valid,
                                       huge = FALSE)
      fuzz_env$invoke(e$name, attempt$args)
    })
    messages <- unlist(lapply(outcome, attr, "message"))
    outcome <- unlist(outcome)
    list(name = e$name, attempts = length(outcome),
         ok = sum(outcome == "ok"), error = sum(outcome == "error"),
         crashes = list(), timeouts = list(), expanded = integer(),
         broken = character(), messages = distinct_messages(messages))
  })
}

# The part of a dead child's output that says why: from the first line of a
# sanitizer report or of R's segfault handler, else the last lines.
report_excerpt <- function(output, lines = 40L) {
  first <- grep(paste("ERROR: AddressSanitizer|runtime error:",
                      "caught segfault|caught illegal|caught bus",
                      sep = "|"), output, useBytes = TRUE)
  if (length(first) == 0L) return(tail(output, lines))
  output[seq(first[1L], min(length(output), first[1L] + lines - 1L))]
}

# The distinct error messages, numbers aside: how many different checks the
# attempts reached.
distinct_messages <- function(messages) {
  unique(gsub("[0-9]+(\\.[0-9]+)?", "#", messages[!is.na(messages)],
              useBytes = TRUE))
}

# A failed attempt, regenerated from its seed, for the failure message.
describe_failure <- function(entry, failure, kind) {
  attempt <- fuzz_env$fuzz_attempt(failure$attempt, entry$seed, entry$nargs,
                                   entry$valid, entry$huge)
  shown <- paste(deparse(attempt$args, width.cutoff = 100L,
                         nlines = 40L), collapse = "\n")
  if (nchar(shown) > 3000L) shown <- paste0(substr(shown, 1L, 3000L), " ...")
  file <- tempfile(sprintf("fuzz-%s-%d-", entry$name, failure$attempt),
                   fileext = ".rds")
  saveRDS(attempt$args, file)
  sprintf(paste0(
    "%s at attempt %d (seed %d, exit status %s): %s\n",
    "Reproduce: args <- readRDS(%s); ",
    "do.call(.Call, c(list(reoffending:::%s), args), quote = TRUE)\n",
    "Arguments:\n%s\nChild output:\n%s"),
    kind, failure$attempt, entry$seed + failure$attempt,
    format(failure$status), attempt$what, deparse(file), entry$name, shown,
    paste(failure$output, collapse = "\n"))
}

fuzz_summary <- function(results) {
  rows <- vapply(results, function(r) {
    sprintf("%-24s %8d %8d %8d %8d %8d %8d %8d", r$name, r$attempts,
            r$error, length(r$messages), r$ok, length(r$crashes),
            length(r$timeouts), length(r$expanded))
  }, "")
  c(sprintf("%-24s %8s %8s %8s %8s %8s %8s %8s", "entry point", "attempts",
            "errors", "distinct", "values", "crashes", "timeouts",
            "expanded"), rows,
    "(distinct: different error messages, numbers aside; values: calls that",
    "returned; expanded: huge compact sequences materialised by a call)")
}

# ---- The tests ---------------------------------------------------------------

test_that("every entry point of src/init.c is registered, and no other", {
  registered <- registered_entry_points()
  expect_gt(nrow(registered), 0L)
  expect_true(all(grepl("^C_", registered$name)))
  expect_true(all(registered$nargs >= 0L))
  # Each has its symbol object in the namespace (R_forceSymbols).
  ns <- asNamespace("reoffending")
  for (name in registered$name) {
    expect_s3_class(get(name, envir = ns), "NativeSymbolInfo")
  }
  table <- init_c_table()
  skip_if(is.null(table), "the package sources are not at hand")
  expect_identical(nrow(registered), nrow(table))
  expect_identical(registered[order(registered$name), ],
                   table[order(table$name), ], ignore_attr = TRUE)
})

test_that("the fuzz harness counts crashes and hangs as failures", {
  skip_on_os("windows")
  skip_if(under_valgrind(), "no child processes under valgrind")
  entry <- list(name = ".selftest", nargs = 1L, seed = 1L, valid = list(),
                huge = FALSE, attempts = 6L,
                selftest = c("ok", "error", "kill", "ok", "hang", "ok"))
  results <- run_fuzz(list(selftest = entry), timeout = 1.5)
  r <- results$selftest
  expect_identical(r$attempts, 6L)
  expect_identical(r$ok, 3L)
  expect_identical(r$error, 1L)
  expect_identical(vapply(r$crashes, `[[`, 0L, "attempt"), 3L)
  expect_identical(vapply(r$timeouts, `[[`, 0L, "attempt"), 5L)
  expect_identical(r$broken, character())
})

test_that("the attempts are reproducible from their seed", {
  valid <- list(list(1:3, list(a = 1, b = "x")))
  one <- fuzz_env$fuzz_attempt(17L, 5L, 2L, valid)
  two <- fuzz_env$fuzz_attempt(17L, 5L, 2L, valid)
  expect_identical(one, two)
  expect_identical(fuzz_env$fuzz_attempt(1L, 5L, 2L, valid)$args, valid[[1L]])
  # Paths reach every field of nested lists.
  paths <- fuzz_env$list_paths(valid[[1L]])
  expect_identical(paths, list(1L, 2L, c(2L, 1L), c(2L, 2L)))
  expect_identical(fuzz_env$path_label(valid[[1L]], c(2L, 2L)),
                   "args[[2]]$b")
  expect_identical(fuzz_env$set_at(valid[[1L]], c(2L, 1L), NULL),
                   list(1:3, list(a = NULL, b = "x")))
  expect_identical(fuzz_env$set_at(valid[[1L]], c(2L, 1L), NULL,
                                   remove = TRUE),
                   list(1:3, list(b = "x")))
  # The expansion check sees a materialised compact sequence.
  huge <- 1:1e8
  expect_false(fuzz_env$any_expanded(list(huge)))
  skip_if(under_valgrind(), "no 400MB vectors under valgrind")
  invisible(huge + 0L)               # arithmetic materialises it
  expect_true(fuzz_env$any_expanded(list(list(huge))))
})

test_that("no garbage crashes, hangs or expands any .Call entry point", {
  skip_on_os("windows")
  registered <- registered_entry_points()
  captured <- capture_valid_calls()
  sets <- valid_sets(captured, registered$name,
                     keep = if (under_valgrind()) 2L else 4L)
  # Every entry point has a valid call from the wrappers to corrupt; a new
  # one needs an example (or a call in capture_valid_calls()) that reaches it.
  expect_identical(names(Filter(function(s) length(s) == 0L, sets)),
                   character())

  entries <- lapply(seq_len(nrow(registered)), function(k) {
    list(name = registered$name[k], nargs = registered$nargs[k],
         seed = fuzz_seed + 100000L * k, valid = sets[[k]],
         huge = !under_valgrind(), attempts = fuzz_attempts)
  })
  names(entries) <- registered$name
  results <- if (under_valgrind()) {
    run_in_process(entries)
  } else {
    run_fuzz(entries)
  }
  message(paste(c(
    "",
    sprintf("Fuzz of %d .Call entry points (seed %d, %s):", length(results),
            fuzz_seed, if (under_valgrind()) "in process, under valgrind"
            else "in child processes"),
    fuzz_summary(results)), collapse = "\n"))

  for (name in names(results)) {
    r <- results[[name]]
    expect_identical(r$broken, character(), label = paste(name, "children"))
    expect_identical(r$attempts, entries[[name]]$attempts,
                     label = paste(name, "attempts made"))
    for (crash in r$crashes) {
      fail(describe_failure(entries[[name]], crash, paste(name, "crashed")))
    }
    for (hang in r$timeouts) {
      fail(describe_failure(entries[[name]], hang,
                            paste(name, "ran out of time")))
    }
    expect_identical(r$expanded, integer(),
                     label = paste(name, "attempts that expanded a compact sequence"))
    # Both outcomes are reached: the valid calls succeed, the garbage errs
    # (of a few attempts under valgrind, only the valid calls are certain).
    expect_gt(r$ok, 0L, label = paste(name, "successes"))
    if (!under_valgrind()) expect_gt(r$error, 0L, label = paste(name, "errors"))
  }
})
