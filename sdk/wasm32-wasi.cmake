# CMake toolchain file for faaslet functions: C and C++ for wasm32-wasi with Debian's clang-19,
# wasi-libc and (for C++) libc++-19-dev-wasm32.
#
#   cmake -S my-function -B build-wasm -DCMAKE_TOOLCHAIN_FILE=/path/to/faaslet/sdk/wasm32-wasi.cmake
#
# Executables come out as NAME.wasm. Only static libraries exist: a function is one module.
# Set FAASLET_WASI_SYSROOT to use a wasi-libc other than Debian's (a sysroot laid out as wasi-sdk's).
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
# Platform/WASI.cmake: CMake 3.25 does not know the system itself.
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}/cmake")
# Try-compile projects re-read this file and need to see the same sysroot.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FAASLET_WASI_SYSROOT)

set(FAASLET_WASI_TARGET wasm32-wasi)
find_program(CMAKE_C_COMPILER NAMES clang-19 REQUIRED)
find_program(CMAKE_CXX_COMPILER NAMES clang++-19 REQUIRED)
set(CMAKE_C_COMPILER_TARGET ${FAASLET_WASI_TARGET})
set(CMAKE_CXX_COMPILER_TARGET ${FAASLET_WASI_TARGET})
set(CMAKE_ASM_COMPILER_TARGET ${FAASLET_WASI_TARGET})

if(FAASLET_WASI_SYSROOT)
  set(CMAKE_SYSROOT ${FAASLET_WASI_SYSROOT})
  set(FAASLET_WASI_LIBDIR ${FAASLET_WASI_SYSROOT}/lib/${FAASLET_WASI_TARGET})
  # find_library and find_path look in the sysroot, never in the host's folders.
  set(CMAKE_FIND_ROOT_PATH ${FAASLET_WASI_SYSROOT})
  set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
  set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
  set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
  set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
else()
  # Debian installs wasi-libc multiarch-style under /usr, where its clang looks by default: no --sysroot.
  set(FAASLET_WASI_LIBDIR /usr/lib/${FAASLET_WASI_TARGET})
  set(CMAKE_LIBRARY_ARCHITECTURE ${FAASLET_WASI_TARGET})
endif()
if(NOT EXISTS ${FAASLET_WASI_LIBDIR}/libc.a)
  message(FATAL_ERROR "wasi-libc not found in ${FAASLET_WASI_LIBDIR}: install Debian's wasi-libc and "
                      "libclang-rt-19-dev-wasm32 (scripts/setup.sh), or set FAASLET_WASI_SYSROOT")
endif()

# <faaslet/faaslet.h> for every target, without each project naming the SDK's folder.
set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES ${CMAKE_CURRENT_LIST_DIR}/include)
set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES ${CMAKE_CURRENT_LIST_DIR}/include)

# WebAssembly has no exceptions for wasi-libc's libc++ to unwind with (it is built without them).
set(CMAKE_CXX_FLAGS_INIT "-fno-exceptions")
