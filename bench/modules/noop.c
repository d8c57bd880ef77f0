// The smallest module worth instantiating: one memory (wasm-ld's default) and one export that does
// nothing, so instantiating and calling it measures the runtime alone.
__attribute__((export_name("noop"))) void noop(void) {}
