/* Helpers the corpus programs share, so that what they print is the same natively and in wasm. */
#ifndef CORPUS_H
#define CORPUS_H

#include <stdint.h>

/* The symbolic name of an errno value ("ENOENT"): the numbers and the strerror texts differ
 * between glibc and wasi-libc, the names do not. */
const char* errno_name(int error);

/* Prints "what: ok" or "what: ENAME" for the result of a call that sets errno on failure. */
void report(const char* what, int result);

/* A small deterministic generator: rand() differs between the two libcs. */
uint32_t corpus_random(uint32_t* state);

#endif
