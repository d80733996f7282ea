/* A CPU-bound program with a known call tree, recorded by perf (see
   tests/data/README.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ROUNDS
#define ROUNDS 150 /* -DROUNDS=10 for the valgrind recordings */
#endif

static volatile unsigned long sink;

__attribute__((noinline)) static unsigned long mix(unsigned long x) {
  for (int i = 0; i < 64; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
  return x;
}

__attribute__((noinline)) static void hash_items(int n) {
  for (int i = 0; i < n; i++) sink += mix((unsigned long)i);
}

__attribute__((noinline)) static void touch_pages(int mb) {
  for (int r = 0; r < mb; r++) {
    char *p = malloc(1 << 20);
    memset(p, r, 1 << 20);
    sink += p[r];
    free(p);
  }
}

int main(void) {
  for (int round = 0; round < ROUNDS; round++) {
    hash_items(200000);
    touch_pages(8);
  }
  printf("%lu\n", sink);
  return 0;
}
