# Shared compile settings and helpers for Tricholog targets.

add_library(tricholog_warnings INTERFACE)
target_compile_options(tricholog_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  $<$<BOOL:${TRICHOLOG_WERROR}>:-Werror>)

add_library(tricholog_sanitize INTERFACE)
if(TRICHOLOG_SANITIZE)
  target_compile_options(tricholog_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(tricholog_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# tricholog_library(NAME SOURCES ... DEPS ...): a static library under src/.
function(tricholog_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE tricholog_warnings)
  target_link_libraries(${name} PUBLIC tricholog_sanitize)
endfunction()

# tricholog_test(NAME SOURCES ... DEPS ... [LABELS ...]): a GoogleTest binary whose TESTs
# each become a ctest test (discovered when ctest runs, so sanitizer builds do not run it at build time).
function(tricholog_test name)
  if(NOT TRICHOLOG_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock
                                        tricholog_warnings tricholog_sanitize)
  target_compile_definitions(${name} PRIVATE
    TRICHOLOG_SOURCE_DATA_DIR="${TRICHOLOG_SOURCE_DATA_DIR}"
    TRICHOLOG_SHARED_DATA_DIR="${TRICHOLOG_SHARED_DATA_DIR}"
    TRICHOLOG_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "${ARG_LABELS}")
endfunction()

# tricholog_fuzz_targets(LIBRARY lib TARGETS t1 t2 ...): each fuzz/<t>.cc, linked with `lib`.
# Under any compiler <t>_replay (with fuzz/replay_main.cc) replays fuzz/corpus/<t>/ as ctest
# test fuzz_replay_<t> (label fuzz); with clang and TRICHOLOG_FUZZ=ON the libFuzzer binaries <t>
# are built too, and `lib` is instrumented (scripts/fuzz.sh).
function(tricholog_fuzz_targets)
  cmake_parse_arguments(ARG "" "LIBRARY" "TARGETS" ${ARGN})
  if(TRICHOLOG_BUILD_TESTS)
    foreach(target IN LISTS ARG_TARGETS)
      add_executable(${target}_replay ${PROJECT_SOURCE_DIR}/fuzz/${target}.cc
                                      ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
      target_link_libraries(${target}_replay PRIVATE ${ARG_LIBRARY} tricholog_warnings
                                                     tricholog_sanitize)
      add_test(NAME fuzz_replay_${target}
               COMMAND ${target}_replay ${PROJECT_SOURCE_DIR}/fuzz/corpus/${target})
      set_tests_properties(fuzz_replay_${target} PROPERTIES LABELS "fuzz")
    endforeach()
  endif()
  if(TRICHOLOG_FUZZ)
    target_compile_options(${ARG_LIBRARY} PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
    target_link_options(${ARG_LIBRARY} INTERFACE -fsanitize=address,undefined)
    foreach(target IN LISTS ARG_TARGETS)
      add_executable(${target} ${PROJECT_SOURCE_DIR}/fuzz/${target}.cc)
      target_link_libraries(${target} PRIVATE ${ARG_LIBRARY})
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
      target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
    endforeach()
  endif()
endfunction()
