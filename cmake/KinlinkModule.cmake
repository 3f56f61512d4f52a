# Helpers shared by the module CMakeLists files.
#
# kinlink_add_module(NAME DEPS dep...)
#   Builds every .cc under src/NAME (recursively) into the static library kinlink_NAME.
#   Sources include headers as "NAME/file.h" (the include root is src/).
#
# kinlink_add_module_tests(NAME DEPS dep... [LABELS label...])
#   Builds every *_test.cc in tests/NAME into NAME_tests, linked with gtest_main, and registers
#   each test case with CTest.

function(kinlink_add_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cc)
  if(NOT sources)
    return()  # the module's folder exists but its first code has not landed yet
  endif()
  add_library(kinlink_${name} STATIC ${sources})
  target_include_directories(kinlink_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(kinlink_${name} PUBLIC ${ARG_DEPS})
endfunction()

function(kinlink_add_module_tests name)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(NOT sources OR NOT TARGET kinlink_${name} AND NOT name STREQUAL "cli")
    return()
  endif()
  add_executable(${name}_tests ${sources})
  target_link_libraries(${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name}_tests PRIVATE
    KINLINK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    KINLINK_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  set(labels ${name} ${ARG_LABELS})
  gtest_discover_tests(${name}_tests
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${labels}")
endfunction()
