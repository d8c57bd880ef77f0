#pragma once
// The contract between a kernel and its harness (harness.c): every kernel fills its static arrays
// in kernel_init, does all of its timed work in kernel_run, and folds every output into
// kernel_checksum. The harness times kernel_run alone and prints the checksum that every engine
// must reproduce bit for bit; that is why kernels use only +, -, *, / and sqrt (exact in IEEE 754
// everywhere) and are built with -ffp-contract=off.

#include <stddef.h>
#include <stdint.h>

extern const char kernel_name[];
void kernel_init(void);
void kernel_run(void);
uint64_t kernel_checksum(void);

// FNV-1a over the bit patterns, so that a difference in the last bit of any element shows.
uint64_t checksum_doubles(const double* values, size_t count);
uint64_t checksum_ints(const int* values, size_t count);
