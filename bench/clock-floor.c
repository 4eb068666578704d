// Native floor of the clock sampler's read: how narrow a (CLOCK_BOOTTIME, CLOCK_REALTIME,
// CLOCK_BOOTTIME) bracket can be on this host when nothing but clock_gettime runs.
// The exporter's sampler (bench/clock-read.ts) is compared against these numbers.
//
// Usage: clock-floor [samples] [brackets-per-sample]   (defaults 200000 and 5)
// Prints one JSON object: median and p99 of every bracket's width, and of the
// narrowest bracket of each sample (best-of-K), in nanoseconds.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t read_ns(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) {
    perror("clock_gettime");
    exit(1);
  }
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

// Nearest-rank percentile of a sorted array.
static int64_t percentile(const int64_t *sorted, size_t n, double p) {
  size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

int main(int argc, char **argv) {
  size_t samples = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
  size_t k = argc > 2 ? strtoul(argv[2], NULL, 10) : 5;
  if (samples == 0 || k == 0) {
    fprintf(stderr, "usage: clock-floor [samples>0] [brackets>0]\n");
    return 2;
  }
  int64_t *widths = malloc(samples * k * sizeof *widths);
  int64_t *best = malloc(samples * sizeof *best);
  if (!widths || !best) return 1;
  volatile int64_t sink = 0; // keeps the wall read from being optimised away

  for (size_t s = 0; s < samples; s++) {
    int64_t narrowest = INT64_MAX;
    for (size_t i = 0; i < k; i++) {
      int64_t before = read_ns(CLOCK_BOOTTIME);
      sink += read_ns(CLOCK_REALTIME);
      int64_t width = read_ns(CLOCK_BOOTTIME) - before;
      widths[s * k + i] = width;
      if (width >= 0 && width < narrowest) narrowest = width;
    }
    best[s] = narrowest;
  }

  qsort(widths, samples * k, sizeof *widths, by_value);
  qsort(best, samples, sizeof *best, by_value);
  printf("{\"samples\":%zu,\"brackets\":%zu,"
         "\"bracket_median_ns\":%lld,\"bracket_p99_ns\":%lld,"
         "\"best_median_ns\":%lld,\"best_p99_ns\":%lld}\n",
         samples, k, (long long)percentile(widths, samples * k, 50),
         (long long)percentile(widths, samples * k, 99), (long long)percentile(best, samples, 50),
         (long long)percentile(best, samples, 99));
  free(widths);
  free(best);
  return 0;
}
