/* faaslet.h: what a faaslet function written in C or C++ needs today.
 *
 * A function is a WASI command (main, argv, environment, stdio, files in preopened directories) or a
 * module exporting functions that `faaslet run --invoke NAME` calls with numeric arguments. The
 * serverless API (call input and output, chained calls, shared state) is in <faaslet/serverless.h>.
 *
 * The same source builds natively too, where the macros only keep the function visible, so a
 * function can be tested as an ordinary program. */
#ifndef FAASLET_FAASLET_H
#define FAASLET_FAASLET_H

#if defined(__wasm__)
/* Exports the function under `name`, e.g. FAASLET_EXPORT(add) int add(int a, int b); */
#define FAASLET_EXPORT(name) __attribute__((export_name(#name), used))
/* Declares a function the host provides as `module`.`name`. */
#define FAASLET_IMPORT(module, name) __attribute__((import_module(#module), import_name(#name)))
#else
#define FAASLET_EXPORT(name) __attribute__((visibility("default"), used))
#define FAASLET_IMPORT(module, name)
#endif

#ifdef __cplusplus
#define FAASLET_EXTERN_C extern "C"
#else
#define FAASLET_EXTERN_C
#endif

/* An export with C linkage, so C++ functions keep their plain names. */
#define FAASLET_FUNCTION(name) FAASLET_EXTERN_C FAASLET_EXPORT(name)

#endif
