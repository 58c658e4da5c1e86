# blocks_add_chapter(): one call per chapter adds its library, its program,
# its tests (labelled chNN), the golden-output test of the program, the
# exercises and the umbrella target chNN. See book/conventions.md.
include_guard(GLOBAL)
include(GoogleTest)

set(BLOCKS_COMPARE_OUTPUT_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/CompareOutput.cmake)

# find_package(NAME) or stop with the apt-get line that installs it.
macro(blocks_require_package name debian_packages)
  find_package(${name} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "blocks: ${name} was not found. On Debian 12: "
      "apt-get install ${debian_packages} (or run ./course setup).")
  endif()
endmacro()

# Our own code: warnings as errors, and no fused multiply-adds, because
# several streams (make_classification, SGD parity) must match bit for bit.
function(blocks_target_defaults target)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    set(scope INTERFACE)
  else()
    set(scope PRIVATE)
  endif()
  target_compile_options(${target} ${scope}
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Werror
                              -ffp-contract=off>)
endfunction()

# A program in build/bin/ that belongs to a chapter's umbrella target.
function(blocks_add_program)
  cmake_parse_arguments(P "" "NAME;CHAPTER" "SOURCES;LINKS" ${ARGN})
  add_executable(${P_NAME} ${P_SOURCES})
  target_link_libraries(${P_NAME} PRIVATE ${P_LINKS})
  blocks_target_defaults(${P_NAME})
  if(P_CHAPTER)
    add_dependencies(${P_CHAPTER} ${P_NAME})
  endif()
endfunction()

# A ctest that runs PROGRAM ARGS and diffs its stdout with GOLDEN, plus a
# target that rewrites GOLDEN (collected by `update-outputs`). The golden's
# first line is the command as a reader types it from the repository root.
function(blocks_add_golden_test)
  cmake_parse_arguments(G "" "NAME;PROGRAM;GOLDEN;LABELS;ARGS;LAUNCHER" ""
                        ${ARGN})
  get_target_property(program_name ${G_PROGRAM} OUTPUT_NAME)
  if(NOT program_name)
    set(program_name ${G_PROGRAM})
  endif()
  set(typed "./build/bin/${program_name}")
  if(G_ARGS)
    string(APPEND typed " ${G_ARGS}")
  endif()
  if(G_LAUNCHER)
    set(typed "${G_LAUNCHER} ${typed}")
  endif()
  set(workdir ${CMAKE_CURRENT_BINARY_DIR}/${G_NAME}.work)
  set(script_args
    -DPROGRAM=$<TARGET_FILE:${G_PROGRAM}> "-DARGS=${G_ARGS}"
    "-DLAUNCHER=${G_LAUNCHER}" -DGOLDEN=${CMAKE_CURRENT_SOURCE_DIR}/${G_GOLDEN}
    "-DTYPED=${typed}" -DWORKDIR=${workdir}
    -DACTUAL=${CMAKE_CURRENT_BINARY_DIR}/${G_NAME}.actual)
  add_test(NAME ${G_NAME}
           COMMAND ${CMAKE_COMMAND} ${script_args}
                   -P ${BLOCKS_COMPARE_OUTPUT_SCRIPT})
  set_tests_properties(${G_NAME} PROPERTIES LABELS "${G_LABELS}")
  add_custom_target(${G_NAME}_update
    COMMAND ${CMAKE_COMMAND} ${script_args} -DUPDATE=ON
            -P ${BLOCKS_COMPARE_OUTPUT_SCRIPT}
    DEPENDS ${G_PROGRAM} VERBATIM)
  if(NOT TARGET update-outputs)
    add_custom_target(update-outputs)
  endif()
  add_dependencies(update-outputs ${G_NAME}_update)
endfunction()

# A figure of the book drawn from a real run at book-build time:
#   blocks_add_figure(NAME ch05_scatter PROGRAM <target> [ARGS ...]
#                     SCRIPT figures/scatter.gp | DOT graph.dot
#                     [INPUTS file ...])
# runs PROGRAM ARGS in a scratch folder (it writes its data files there),
# then draws <build>/book/figures/NAME.svg in the same folder, either with
# `gnuplot -e "outfile='NAME.svg'" SCRIPT` or with `dot -Tsvg DOT`.
# INPUTS (absolute paths, e.g. committed reference data) are copied into
# the folder first, so the script reads them by name next to the run's own.
# The book shows it with \image html NAME.svg.
set(BLOCKS_FIGURE_DIR ${CMAKE_BINARY_DIR}/book/figures)
function(blocks_add_figure)
  cmake_parse_arguments(F "" "NAME;PROGRAM;SCRIPT;DOT" "ARGS;INPUTS" ${ARGN})
  set(work ${BLOCKS_FIGURE_DIR}/${F_NAME}.work)
  set(svg ${BLOCKS_FIGURE_DIR}/${F_NAME}.svg)
  if(F_SCRIPT)
    find_program(GNUPLOT gnuplot)
    set(tool ${GNUPLOT})
    set(script ${CMAKE_CURRENT_SOURCE_DIR}/${F_SCRIPT})
    set(draw ${GNUPLOT} -e "outfile='${svg}'" ${script})
  else()
    find_program(GRAPHVIZ_DOT dot)
    set(tool ${GRAPHVIZ_DOT})
    set(script "")
    set(draw ${GRAPHVIZ_DOT} -Tsvg ${F_DOT} -o ${svg})
  endif()
  if(NOT tool)
    return()  # the book target reports the missing tool
  endif()
  file(MAKE_DIRECTORY ${work})
  set(copy_inputs "")
  if(F_INPUTS)
    set(copy_inputs COMMAND ${CMAKE_COMMAND} -E copy ${F_INPUTS} ${work})
  endif()
  add_custom_command(OUTPUT ${svg}
    ${copy_inputs}
    COMMAND $<TARGET_FILE:${F_PROGRAM}> ${F_ARGS}
    COMMAND ${draw}
    WORKING_DIRECTORY ${work}
    DEPENDS ${F_PROGRAM} ${script} ${F_INPUTS}
    COMMENT "Drawing figure ${F_NAME}.svg" VERBATIM)
  # A target per figure: the book (another folder) can depend on targets,
  # not on another folder's custom-command outputs.
  add_custom_target(${F_NAME}_figure DEPENDS ${svg})
  set_property(GLOBAL APPEND PROPERTY BLOCKS_FIGURE_TARGETS ${F_NAME}_figure)
endfunction()

# blocks_add_chapter(NUMBER 01 SLUG tensors CONCEPT tensor
#   [SOURCES src/...cpp]          # none: a header-only library
#   [DEPENDS blocks::common ...]  # what the chapter's library links
#   DEMO examples/demo_x.cpp DEMO_NAME 01_tensors [DEMO_ARGS "..."]
#   [DEMO_LAUNCHER "mpirun -np 2"]
#   GOLDEN expected/demo_x.out
#   TESTS tests/test_x.cpp ...
#   [TEST_FILTER "-Suite.Name"]   # gtest filter: tests ctest runs one by one
#   [EXERCISES ex1_slug ex2_slug])
function(blocks_add_chapter)
  set(one_value NUMBER SLUG CONCEPT DEMO DEMO_NAME DEMO_ARGS DEMO_LAUNCHER
                GOLDEN TEST_FILTER)
  cmake_parse_arguments(C "" "${one_value}" "SOURCES;DEPENDS;TESTS;EXERCISES"
                        ${ARGN})
  set(label ch${C_NUMBER})
  set(lib ch${C_NUMBER}_${C_SLUG})
  add_custom_target(${label})

  if(C_SOURCES)
    add_library(${lib} STATIC ${C_SOURCES})
    target_include_directories(${lib} PUBLIC include)
    target_link_libraries(${lib} PUBLIC ${C_DEPENDS})
  else()
    add_library(${lib} INTERFACE)
    target_include_directories(${lib} INTERFACE include)
    target_link_libraries(${lib} INTERFACE ${C_DEPENDS})
  endif()
  blocks_target_defaults(${lib})
  add_library(blocks::${C_CONCEPT} ALIAS ${lib})
  add_dependencies(${label} ${lib})
  # For the course map on the book's front page (book/CMakeLists.txt).
  set_property(GLOBAL APPEND PROPERTY BLOCKS_CHAPTERS ${C_NUMBER})
  set_property(GLOBAL PROPERTY BLOCKS_CHAPTER_${C_NUMBER}_PAGE
               ${CMAKE_CURRENT_SOURCE_DIR}/chapter.md)
  set_property(GLOBAL PROPERTY BLOCKS_CHAPTER_${C_NUMBER}_DEPENDS
               "${C_DEPENDS}")
  set_property(GLOBAL PROPERTY BLOCKS_CONCEPT_${C_CONCEPT} ${C_NUMBER})

  blocks_add_program(NAME ${lib}_demo CHAPTER ${label}
                     SOURCES ${C_DEMO} LINKS ${lib})
  set_target_properties(${lib}_demo PROPERTIES OUTPUT_NAME ${C_DEMO_NAME})
  blocks_add_golden_test(NAME ${lib}_demo_output PROGRAM ${lib}_demo
    GOLDEN ${C_GOLDEN} LABELS ${label} ARGS "${C_DEMO_ARGS}"
    LAUNCHER "${C_DEMO_LAUNCHER}")

  add_executable(${lib}_tests ${C_TESTS})
  target_link_libraries(${lib}_tests PRIVATE ${lib} blocks::testing)
  _blocks_test_defaults(${lib}_tests)
  # Listing the tests starts the program: for Chapter 8 that is MPI's
  # singleton start, which took 5.4 s in a fresh Debian chroot (a name
  # lookup that times out), past CMake's default limit of 5 s.
  gtest_discover_tests(${lib}_tests TEST_PREFIX "${label}."
    TEST_FILTER "${C_TEST_FILTER}" DISCOVERY_TIMEOUT 60
    DISCOVERY_MODE PRE_TEST PROPERTIES LABELS ${label})
  add_dependencies(${label} ${lib}_tests)

  if(C_EXERCISES)
    _blocks_add_exercises(${label} ${lib} ${C_EXERCISES})
  endif()
endfunction()

# A test program: our warnings, and where the goldens that the reference
# libraries made (tests/goldens/*.py) live.
function(_blocks_test_defaults target)
  blocks_target_defaults(${target})
  target_compile_definitions(${target} PRIVATE
    BLOCKS_GOLDENS_DIR="${PROJECT_SOURCE_DIR}/tests/goldens")
endfunction()

# The stubs a reader edits always compile (so they cannot rot); the exercise
# tests link the solutions unless BLOCKS_EXERCISE_SOLUTIONS is OFF.
function(_blocks_add_exercises label lib)
  set(stubs "")
  set(solutions "")
  foreach(name IN LISTS ARGN)
    list(APPEND stubs exercises/${name}.cpp)
    list(APPEND solutions exercises/solutions/${name}.cpp)
  endforeach()
  add_library(${lib}_exercise_stubs OBJECT ${stubs})
  target_link_libraries(${lib}_exercise_stubs PRIVATE ${lib})
  target_include_directories(${lib}_exercise_stubs PRIVATE exercises)
  blocks_target_defaults(${lib}_exercise_stubs)
  add_dependencies(${label} ${lib}_exercise_stubs)

  if(BLOCKS_EXERCISE_SOLUTIONS)
    set(answers ${solutions})
  else()
    set(answers ${stubs})
  endif()
  add_executable(${lib}_exercise_tests exercises/test_exercises.cpp ${answers})
  target_include_directories(${lib}_exercise_tests PRIVATE exercises)
  target_link_libraries(${lib}_exercise_tests PRIVATE ${lib} blocks::testing)
  _blocks_test_defaults(${lib}_exercise_tests)
  gtest_discover_tests(${lib}_exercise_tests TEST_PREFIX "${label}.exercise."
    DISCOVERY_TIMEOUT 60 DISCOVERY_MODE PRE_TEST)
  # Two labels, chNN and exercise. gtest_discover_tests splits a list given
  # in PROPERTIES, so the labels are set by a script ctest runs after the
  # discovered tests are defined (it reads their names from <target>_TESTS).
  set(labels_script ${CMAKE_CURRENT_BINARY_DIR}/${lib}_exercise_labels.cmake)
  file(WRITE ${labels_script}
    "foreach(name IN LISTS ${lib}_exercise_tests_TESTS)\n"
    "  set_tests_properties(\"\${name}\" PROPERTIES LABELS "
    "\"${label};exercise\")\n"
    "endforeach()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_script})
  add_dependencies(${label} ${lib}_exercise_tests)
endfunction()
