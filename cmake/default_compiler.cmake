# Included before project(): when nobody names a compiler (no -DCMAKE_<LANG>_COMPILER, no CC or CXX
# in the environment, no cache from an earlier configure), prefer Debian's clang-19, the compiler
# the wasm32 programs need anyway and the one the project is measured with. Naming another compiler
# still wins: GCC 12 (Debian 12's c++) builds the tree too, e.g. CC=gcc CXX=g++ cmake ...

# faaslet_default_compiler(LANG ENV_VARIABLE PROGRAM)
function(faaslet_default_compiler lang variable program)
  if(DEFINED CMAKE_${lang}_COMPILER OR DEFINED ENV{${variable}})
    return()
  endif()
  find_program(FAASLET_DEFAULT_${lang}_COMPILER NAMES ${program})
  if(FAASLET_DEFAULT_${lang}_COMPILER)
    set(CMAKE_${lang}_COMPILER ${FAASLET_DEFAULT_${lang}_COMPILER} CACHE FILEPATH "${lang} compiler")
  endif()
endfunction()

faaslet_default_compiler(C CC clang-19)
faaslet_default_compiler(CXX CXX clang++-19)
