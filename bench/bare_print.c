/* A floor under every .xlsx writer: printing numbers as text. libxlsxwriter
 * writes each number cell's value with snprintf("%.16G") (its
 * lxw_sprintf_dbl); this program does only that, for N doubles like the
 * benchmark's (counts and proportions), and prints the seconds it took on
 * the clock and of CPU (the machine may be shared), and the bytes printed.
 * Built and run by bench/engines.R; not part of the package.
 *
 *   gcc -O2 bench/bare_print.c -o bare_print && ./bare_print 10000000 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000L;
  double *x = malloc((size_t) n * sizeof(double));
  if (!x) return 1;
  srand(17);
  for (long i = 0; i < n; i++)
    x[i] = i % 2 ? (double) (rand() % 5000) : rand() / (double) RAND_MAX;
  char buf[32];
  size_t total = 0;
  struct timespec t0, t1;
  clock_t c0 = clock();
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++) total += (size_t) snprintf(buf, sizeof buf,
                                                          "%.16G", x[i]);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_t c1 = clock();
  printf("%.6f %.6f %zu\n", (double) (t1.tv_sec - t0.tv_sec) +
         (double) (t1.tv_nsec - t0.tv_nsec) * 1e-9,
         (double) (c1 - c0) / CLOCKS_PER_SEC, total);
  free(x);
  return 0;
}
