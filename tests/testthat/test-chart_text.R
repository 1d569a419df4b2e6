# Charts (issue 12): the alt text written from the data (R/chart_text.R),
# and the Excel charts that carry it: order, axes, palette, scatter lines.

needs_against_london <- function() {
  report_table(
    data.frame(need = c("Thinking and behaviour", "Attitudes",
                        "Financial issues", "Emotional wellbeing",
                        "Drug misuse"),
               Barnet = c(0.96, 0.73, 0.50, 0.44, 0.58),
               London = c(0.96, 0.79, 0.56, 0.43, 0.62)),
    roles = c(need = "label", Barnet = "proportion", London = "proportion"),
    labels = c(need = "Need"))
}

# The chart part of an .xlsx as an XML document.
chart_xml <- function(path, part = "xl/charts/chart1.xml") {
  xml2::read_xml(xlsx_part(path, part))
}
chart_find <- function(doc, xpath) {
  xml2::xml_find_all(doc, xpath, ns = c(
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart",
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"))
}

# ---- Alt text from the data ---------------------------------------------------

test_that("two series: below, above and level, and the largest gap", {
  alt <- chart_alt_text(needs_against_london(),
                        report_chart("need", c("Barnet", "London")))
  expect_identical(alt, paste(
    "Bar chart of Barnet and London by need. Barnet is below London on 3 of",
    "5 needs, above on 1 and level on 1; the largest gaps are Attitudes (73%",
    "against 79%) and Financial issues (50% against 56%)."))
  # The published Barnet table: 0.79 - 0.73 and 0.56 - 0.50 tie there too.
  alt <- chart_alt_text(barnet_needs,
                        report_chart("need", c("Barnet", "London")))
  expect_match(alt, paste("Barnet is below London on 7 of 10 needs, above",
                          "on 1 and level on 2"), fixed = TRUE)
  expect_match(alt, "Attitudes (73% against 79%)", fixed = TRUE)
  # One largest gap.
  one <- needs_against_london()[c(1, 2, 4), ]
  expect_match(chart_alt_text(one, report_chart("need",
                                                 c("Barnet", "London"))),
               "the largest gap is Attitudes, 73% against 79%.",
               fixed = TRUE)
})

test_that("one series: highest and lowest, totals and withheld cells left out", {
  alt <- chart_alt_text(lewisham_needs, report_chart("need", "percentage"))
  expect_identical(alt, paste(
    "Bar chart of percentage by need. 10 needs: highest Thinking And",
    "Behaviour is a Need, 92.4%; lowest Accommodation is a Need, 17.6%."))
  counts <- report_table(
    data.frame(cohort = c("A", "B", "C", "Total"), cases = c(40, NA, 3, 50)),
    roles = c(cohort = "label", cases = "count"), totals = 4)
  alt <- chart_alt_text(counts, report_chart("cohort", "cases",
                                             type = "column"))
  expect_match(alt, "3 cohorts: highest A, 40; lowest C, 3.", fixed = TRUE)
  expect_no_match(alt, "50")
  ties <- report_table(data.frame(area = c("a", "b", "c"), n = c(5, 5, 1)),
                       roles = c(area = "label", n = "count"))
  expect_match(chart_alt_text(ties, report_chart("area", "n")),
               "highest a and b, 5; lowest c, 1.", fixed = TRUE)
})

test_that("lines: first and last values and the direction", {
  trend <- report_table(
    data.frame(year = 2014:2016, crimes = c(251, 258, 240),
               rate = c(0.221, NA, 0.202), flat = c(3, 4, 3)),
    roles = c(year = "period", crimes = "count", rate = "proportion",
              flat = "rate"),
    units = c(crimes = "events"))
  alt <- chart_alt_text(trend, report_chart("year", c("crimes", "rate",
                                                      "flat"),
                                            type = "line"))
  expect_identical(alt, paste(
    "Line chart of crimes, rate and flat by year. Crimes fell from 251 in",
    "2014 to 240 in 2016; rate fell from 22.1% in 2014 to 20.2% in 2016;",
    "flat was unchanged at 3.0 from 2014 to 2016."))
  up <- report_table(data.frame(year = 2014:2015, n = c(1, 9)),
                     roles = c(year = "period", n = "count"))
  expect_match(chart_alt_text(up, report_chart("year", "n", type = "line")),
               "N rose from 1 in 2014 to 9 in 2015.", fixed = TRUE)
})

test_that("scatter: the points outside the lines are named", {
  areas <- report_table(
    data.frame(area = c("A", "B", "C", "D"), offenders = c(150, 400, 900, 2000),
               reoffended = c(0.31, 0.22, 0.33, 0.20),
               lower = c(0.15, 0.19, 0.21, 0.22),
               upper = c(0.35, 0.31, 0.29, 0.28)),
    roles = c(area = "label", offenders = "count", reoffended = "proportion",
              lower = "proportion", upper = "proportion"))
  chart <- report_chart("offenders", "reoffended", type = "scatter",
                        lines = c("lower", "upper"))
  expect_identical(chart_alt_text(areas, chart), paste(
    "Scatter chart of reoffended against offenders, with lines for lower and",
    "upper. 4 points of reoffended; 1 above the highest line: C (33%); 1",
    "below the lowest line: D (20%)."))
  inside <- areas[1:2, ]
  expect_match(chart_alt_text(inside, chart), "all within the lines.",
               fixed = TRUE)
})

test_that("chart_alt_text() refuses what it cannot describe", {
  expect_error(chart_alt_text(data.frame(a = 1)),
               class = "reoffending_error_bad_argument")
  expect_error(chart_alt_text(lewisham_needs), "has no chart of its own",
               class = "reoffending_error_bad_argument")
  expect_error(chart_alt_text(lewisham_needs, report_chart("need", "nope")),
               "not in the table", class = "reoffending_error_bad_argument")
  expect_error(chart_alt_text(lewisham_needs, "bar"),
               "made by report_chart", class = "reoffending_error_bad_argument")
  expect_error(report_chart("need", "n", type = "bar", lines = "x"),
               "`lines` is for a \"scatter\" chart",
               class = "reoffending_error_bad_argument")
  expect_error(report_chart("need", "n", type = "scatter", lines = "n"),
               "named twice", class = "reoffending_error_bad_argument")
  expect_error(report_chart("need", "n", type = "scatter", lines = NA),
               "`lines` must name", class = "reoffending_error_bad_argument")
  expect_error(report_table(lewisham_needs,
                            chart = report_chart("need", "percentage",
                                                 type = "scatter")),
               "scatter chart's `x` must be a numeric column",
               class = "reoffending_error_bad_argument")
})

# ---- Excel charts -------------------------------------------------------------

test_that("bar charts run in the table's order, to 100%, in the palette", {
  skip_if_not_installed("xml2")
  needs <- report_table(needs_against_london(),
                        chart = report_chart("need", c("Barnet", "London")))
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Needs = needs), path, title = "Needs")
  expect_xlsx_parses(path)
  doc <- chart_xml(path)
  # Categories reversed, so the first row is the top bar; the value axis
  # crosses at the last category, the bottom.
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:catAx/c:scaling/c:orientation"), "val"), "maxMin")
  expect_identical(xml2::xml_attr(chart_find(doc, "//c:valAx/c:crosses"),
                                  "val"), "max")
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:valAx/c:scaling/c:max"), "val"), "1")
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:valAx/c:scaling/c:min"), "val"), "0")
  expect_identical(xml2::xml_attr(chart_find(doc, "//c:valAx/c:numFmt"),
                                  "formatCode"), "0%")
  fills <- xml2::xml_attr(chart_find(
    doc, "//c:ser/c:spPr/a:solidFill/a:srgbClr"), "val")
  expect_identical(fills, c("12436D", "28A197"))
  expect_identical(xml2::xml_text(chart_find(doc, "//c:ser/c:tx//c:v")),
                   c("Barnet", "London"))
  drawing <- xlsx_part(path, "xl/drawings/drawing1.xml")
  expect_match(drawing, paste0(
    'descr="Bar chart of Barnet and London by need. Barnet is below London',
    " on 3 of 5 needs"), fixed = TRUE)
})

test_that("column and line charts keep the order; counts get no 100% axis", {
  skip_if_not_installed("xml2")
  trend <- report_table(
    data.frame(year = 2014:2016, crimes = c(251, 258, 240)),
    roles = c(year = "period", crimes = "count"), units = c(crimes = "events"),
    chart = report_chart("year", "crimes", type = "line",
                         alt_text = "Given by the user."))
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Crimes = trend), path, title = "Crimes")
  doc <- chart_xml(path)
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:catAx/c:scaling/c:orientation"), "val"), "minMax")
  expect_length(chart_find(doc, "//c:valAx/c:scaling/c:max"), 0L)
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:ser/c:spPr/a:ln/a:solidFill/a:srgbClr"), "val"), "12436D")
  expect_match(xlsx_part(path, "xl/drawings/drawing1.xml"),
               'descr="Given by the user."', fixed = TRUE)
})

test_that("a funnel plot is a scatter chart of points and lines", {
  skip_if_not_installed("xml2")
  areas <- data.frame(
    area = c("A", "B", "C", "D"), offenders = c(150, 400, 900, 2000),
    reoffended = c(0.31, 0.22, 0.33, 0.20),
    lower = c(0.15, 0.19, 0.21, 0.22), upper = c(0.35, 0.31, 0.29, 0.28))
  funnel <- report_table(
    areas, roles = c(area = "label", offenders = "count",
                     reoffended = "proportion", lower = "proportion",
                     upper = "proportion"),
    units = c(offenders = "events"),
    labels = c(lower = "Lower limit", upper = "Upper limit"),
    chart = report_chart("offenders", "reoffended", type = "scatter",
                         lines = c("lower", "upper")))
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Funnel = funnel), path, title = "Funnel")
  expect_xlsx_parses(path)
  doc <- chart_xml(path)
  expect_length(chart_find(doc, "//c:scatterChart"), 1L)
  series <- chart_find(doc, "//c:ser")
  expect_length(series, 3L)
  # The points: markers and no line; the limits: lines and no markers.
  expect_length(chart_find(doc, "//c:ser[1]/c:spPr/a:ln/a:noFill"), 1L)
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:ser[1]/c:marker/c:symbol"), "val"), "circle")
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:ser[position() > 1]/c:marker/c:symbol"), "val"),
    c("none", "none"))
  # Colours by series: dark blue points, turquoise and dark pink lines.
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:ser[1]/c:marker/c:spPr/a:solidFill/a:srgbClr"), "val"),
    "12436D")
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:ser[position() > 1]/c:spPr/a:ln/a:solidFill/a:srgbClr"),
    "val"), c("28A197", "801650"))
  expect_identical(xml2::xml_text(chart_find(doc, "//c:ser/c:xVal//c:f")),
                   rep("'Funnel'!$B$4:$B$7", 3))
  # The y axis of proportions runs to 100%; the axes are titled.
  expect_identical(xml2::xml_attr(chart_find(
    doc, "//c:valAx/c:scaling/c:max"), "val"), "1")
  titles <- xml2::xml_text(chart_find(doc, "//c:valAx/c:title//a:t"))
  expect_setequal(titles, c("offenders", "reoffended"))
  expect_match(xlsx_part(path, "xl/drawings/drawing1.xml"),
               "1 above the highest line: C (33%)", fixed = TRUE)
  # Lines need the rows in order along x.
  shuffled <- funnel[c(2, 1, 3, 4), ]
  expect_error(write_report(list(Funnel = shuffled), tempfile(
    fileext = ".xlsx"), title = "Funnel"), "must be sorted by it",
    class = "reoffending_error_bad_argument")
  # Dropping a line's column drops the chart; renaming it follows.
  expect_null(reoffending:::table_meta(funnel[, -5])$chart)
  renamed <- funnel
  names(renamed)[5] <- "hi"
  expect_identical(reoffending:::table_meta(renamed)$chart$lines,
                   c("lower", "hi"))
})

test_that("the C writer checks the new chart fields", {
  skip_if_not_installed("xml2")
  path <- tempfile(fileext = ".xlsx")
  one_format <- list(num_format = "", bold = FALSE, font_color = NA_integer_,
                     bg_color = NA_integer_, font_size = NA_real_,
                     text_wrap = FALSE, underline = FALSE, border = FALSE,
                     align_right = FALSE)
  table <- list(name = "T", pre = "Title", pre_format = 0L,
                columns = list(c(1, 2), c("a", "b")), header = c("x", "y"),
                formats = list(0L, 0L), na_text = list("[x]", "[x]"),
                bold_formats = c(0L, 0L), widths = c(10, 10),
                header_formats = c(0L, 0L), bold_rows = integer(),
                link_column = -1L, table_name = "table_T")
  write <- function(...) {
    chart <- list(type = "bar", categories = "='T'!$B$3:$B$4",
                  values = "='T'!$A$3:$A$4", series_names = "x")
    chart[names(list(...))] <- list(...)
    .Call(reoffending:::C_write_xlsx, path, c(title = "t"), one_format,
          list(table, list(name = "C", pre = "Chart", pre_format = 0L,
                           chart = chart)), FALSE)
  }
  expect_error(write(type = "pie"), "or \"scatter\"")
  expect_error(write(colours = c(1L, 2L)), "`chart\\$colours` must be NULL")
  expect_error(write(colours = -1L), "RGB values")
  expect_error(write(colours = 0x1000000L), "RGB values")
  expect_error(write(colours = NA_integer_), "must not hold NA")
  expect_error(write(as_lines = NA), "must not hold NA")
  expect_error(write(as_lines = 1L), "`chart\\$as_lines` must be NULL")
  expect_error(write(value_max = Inf), "must not hold NA or infinite")
  expect_error(write(value_min = c(0, 1)), "`chart\\$value_min` must be")
  expect_error(write(value_min = 1, value_max = 1),
               "`chart\\$value_min` must be below `chart\\$value_max`")
  expect_error(write(reverse_categories = "yes"),
               "`chart\\$reverse_categories` must be")
  expect_false(file.exists(path))
  expect_identical(write(type = "scatter", as_lines = TRUE,
                         colours = 0x12436DL, value_min = 0, value_max = 1),
                   path)
  unlink(path)
})

test_that("alt text copes with missing values and a single category", {
  empty <- report_table(
    data.frame(area = c("a", "b"), x = c(NA_real_, NA_real_),
               y = c(0.2, 0.3)),
    roles = c(area = "label", x = "proportion", y = "proportion"))
  expect_match(chart_alt_text(empty, report_chart("area", "x")),
               "x has no values.", fixed = TRUE)
  expect_match(chart_alt_text(empty, report_chart("area", c("x", "y"))),
               "X and y have no area in common with values.", fixed = TRUE)
  expect_match(chart_alt_text(empty, report_chart("area", "x",
                                                  type = "line")),
               "X has no values.", fixed = TRUE)
  one <- empty[1, ]
  expect_match(chart_alt_text(one, report_chart("area", "y")),
               "1 area: highest a, 20%.", fixed = TRUE)
  expect_match(chart_alt_text(one, report_chart("area", "y",
                                                type = "line")),
               "Y is 20% in a.", fixed = TRUE)
  totals_only <- report_table(data.frame(area = "Total", n = 5),
                              roles = c(area = "label", n = "count"),
                              totals = 1)
  expect_error(chart_alt_text(totals_only, report_chart("area", "n")),
               "no rows to chart other than totals",
               class = "reoffending_error_bad_argument")
})
