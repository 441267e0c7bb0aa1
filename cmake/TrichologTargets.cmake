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
