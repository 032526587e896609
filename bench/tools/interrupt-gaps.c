/*
 * How often this machine takes the CPU away from a busy thread, and for how long: a tight loop
 * reads CLOCK_MONOTONIC for 5 seconds and counts the gaps between two reads longer than 5 us
 * (nothing in the loop takes that long, so every such gap is time the thread did not run:
 * interrupts, hypervisor exits, preemption). Prints the count per second, a 10-us histogram and
 * the share of time lost. Used in BENCHMARKS.md (geo) to explain the k=100 latency tail.
 *
 * Build and run one copy per core: gcc -O2 interrupt-gaps.c -o gaps && taskset -c 0 ./gaps
 */
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void) {
  double start = now(), prev = start, end = start + 5e9, lost = 0;
  long over5 = 0, over20 = 0, over40 = 0;
  int hist[12] = {0};
  for (;;) {
    double t = now(), gap = t - prev;
    prev = t;
    if (gap > 5000) {
      over5++;
      lost += gap;
      if (gap > 20000) over20++;
      if (gap > 40000) over40++;
      int b = (int) (gap / 10000);
      hist[b > 11 ? 11 : b]++;
    }
    if (t > end) break;
  }
  printf("5 s busy loop: gaps >5us %ld (%.0f/s), >20us %ld, >40us %ld, lost %.2f%%\n", over5,
         over5 / 5.0, over20, over40, 100 * lost / 5e9);
  for (int i = 0; i < 12; i++) printf("%d-%dus:%d ", i * 10, i * 10 + 10, hist[i]);
  printf("(last bin: 110 us and more)\n");
  return 0;
}
