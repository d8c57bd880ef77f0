// The functions bench/tools/faaslets_main.cpp calls through the Faaslet layer, one export per
// entry: a no-op (the cost of the layer alone), entries that dirty 1, 16 and 256 pages of a static
// buffer (what a reset has to undo grows with them), and one that sleeps for the milliseconds its
// input names (to hold many calls in flight at once). Built as a WASI reactor.

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define MOST_PAGES 256

// Page-aligned so that N writes touch exactly N host pages as well as N wasm-sized 4 KiB pages.
static volatile unsigned char buffer[MOST_PAGES * PAGE] __attribute__((aligned(PAGE)));

static void dirty(int pages) {
    for (int i = 0; i < pages; ++i) buffer[i * PAGE] = (unsigned char)(i + 1);
}

__attribute__((export_name("noop"))) void noop(void) {}
__attribute__((export_name("dirty_1"))) void dirty_1(void) { dirty(1); }
__attribute__((export_name("dirty_16"))) void dirty_16(void) { dirty(16); }
__attribute__((export_name("dirty_256"))) void dirty_256(void) { dirty(MOST_PAGES); }

__attribute__((export_name("hold"))) void hold(void) {
    char text[16] = {0};
    if (read(0, text, sizeof text - 1) <= 0) return;
    const long ms = atol(text);
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, 0);
}
