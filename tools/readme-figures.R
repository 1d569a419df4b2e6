# Draws the pictures of README.md into man/figures/, from the package's own
# data and report_plot(). Run from the package root with the package
# installed (make install): Rscript tools/readme-figures.R
library(reoffending)

draw <- function(plot, file, height) {
  path <- file.path("man", "figures", file)
  grDevices::png(path, width = 7, height = height, units = "in", res = 80)
  on.exit(grDevices::dev.off())
  print(plot)
  message(path, ": ", ggplot2::get_alt_text(plot))
}

draw(report_plot(barnet_needs), "README-needs.png", 4.5)
limits <- funnel_limits(london_reoffending, reoffenders, offenders,
                        area = borough, benchmark = 0.2353)
draw(report_plot(limits, highlight = "Barnet"), "README-funnel.png", 5)
