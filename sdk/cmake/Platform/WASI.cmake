# The WASI platform for CMake (wasm32-wasi.cmake puts this folder on CMAKE_MODULE_PATH).
set(WASI 1)
set(UNIX 1)
set(CMAKE_EXECUTABLE_SUFFIX .wasm)
# A WebAssembly module is linked whole: there are no shared libraries to load.
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
