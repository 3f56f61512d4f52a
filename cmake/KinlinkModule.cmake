# Helpers shared by the module CMakeLists files.
#
# kinlink_add_module(NAME DEPS dep...)
#   Builds every .cc under src/NAME (recursively) into the static library kinlink_NAME.
#   Sources include headers as "NAME/file.h" (the include root is src/).
#
# kinlink_add_module_tests(NAME DEPS dep...)
#   Builds every *_test.cc in tests/NAME into NAME_tests (and *_slow_test.cc into NAME_slow_tests,
#   labelled `slow` instead of NAME), linked with gtest_main, and registers each test case with CTest. Tests see
#   KINLINK_SOURCE_DIR (the repository) and KINLINK_TEST_DATA_DIR (their own tests/NAME folder).

# kinlink_precompile(TARGET header...)
#   With KINLINK_PCH on, precompiles the given system headers for TARGET.
function(kinlink_precompile target)
  if(KINLINK_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# Headers nearly every translation unit of a module pulls in, directly or through src/core.
set(KINLINK_COMMON_PCH <string> <string_view> <vector> <map> <unordered_map> <optional>
    <variant> <memory> <functional> <algorithm> <fmt/format.h> <nlohmann/json.hpp>)

function(kinlink_add_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cc)
  if(NOT sources)
    return()  # the module's folder exists but its first code has not landed yet
  endif()
  add_library(kinlink_${name} STATIC ${sources})
  target_include_directories(kinlink_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(kinlink_${name} PUBLIC ${ARG_DEPS})
  kinlink_precompile(kinlink_${name} ${KINLINK_COMMON_PCH})
endfunction()

function(kinlink_add_module_tests name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  if(NOT TARGET kinlink_${name} AND NOT name STREQUAL "cli")
    return()
  endif()
  file(GLOB all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  file(GLOB slow_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_slow_test.cc)
  set(fast_sources ${all_sources})
  if(slow_sources)
    list(REMOVE_ITEM fast_sources ${slow_sources})
  endif()
  if(fast_sources)
    kinlink_internal_test_executable(${name}_tests "${fast_sources}" "${ARG_DEPS}" ${name})
  endif()
  if(slow_sources)
    kinlink_internal_test_executable(${name}_slow_tests "${slow_sources}" "${ARG_DEPS}" slow)
  endif()
endfunction()

# Tests in files named *_slow_test.cc (long statistical or scale runs) go into a separate
# executable labelled `slow`; `make test` runs them in the release build only.
#
# Each executable's tests carry exactly one label, the module's name or `slow`: gtest_discover_tests
# writes PROPERTIES into a generated script unquoted, so a list of labels arrives as separate
# words and every label after the first is lost (the `slow` label was, until this was changed).
function(kinlink_internal_test_executable target sources deps label)
  add_executable(${target} ${sources})
  target_link_libraries(${target} PRIVATE ${deps} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${target} PRIVATE
    KINLINK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    KINLINK_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  kinlink_precompile(${target} ${KINLINK_COMMON_PCH} <gtest/gtest.h> <gmock/gmock.h>)
  gtest_discover_tests(${target}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${label})
endfunction()
