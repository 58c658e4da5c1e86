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

# Calls into the shared C and maths libraries (exp, memmove) load the
# function's address at the call instead of jumping through a PLT stub:
# one jump less per call, and a notebook training step makes some thirty
# (Chapter 6's "Making it fast"). Not through Kokkos's nvcc_wrapper, which
# would have to hand the flag on to the host compiler.
set(BLOCKS_DIRECT_CALLS "")
if(CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang)$" AND
   NOT CMAKE_CXX_COMPILER MATCHES "nvcc_wrapper")
  set(BLOCKS_DIRECT_CALLS -fno-plt)
endif()

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
                              -ffp-contract=off ${BLOCKS_DIRECT_CALLS}>)
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


# ---------------------------------------------------------------------------
# Exercises. Each name in EXERCISES is exK_slug and has three files:
#   exercises/exK_slug.cpp            the stub the reader edits (throws)
#   exercises/solutions/exK_slug.cpp  the tested answer
#   exercises/wrong/exK_slug.cpp      the obvious wrong answer, which the
#                                     tests must catch
# and its tests are the gtest suite ExerciseK of exercises/test_exercises.cpp,
# run by ctest as chNN.exercise.ExerciseK.<test>.
#
# Which file the exercise tests link, per exercise:
#   BLOCKS_EXERCISE_SOLUTIONS=OFF        every stub (all your own answers)
#   BLOCKS_MY_EXERCISES=ch02.ex1;...     the stubs of those, solutions elsewhere
#   neither                              every solution (what CI proves)
set(BLOCKS_MY_EXERCISES "" CACHE STRING
  "Exercises graded on your own answer, e.g. ch02.ex1;ch03.ex2 (the others \
link their solutions)")
set(BLOCKS_EXPECT_FAILURE_SCRIPT
    ${CMAKE_CURRENT_LIST_DIR}/ExpectExerciseFailure.cmake)

# "ex3_fused_linear_bce" -> 3, or a configure error naming the file.
function(_blocks_exercise_number name out)
  if(NOT name MATCHES "^ex([0-9]+)_[a-z0-9_]+$")
    message(FATAL_ERROR "blocks: exercise '${name}' in "
      "${CMAKE_CURRENT_SOURCE_DIR} is not named exK_slug "
      "(e.g. ex1_outer_product)")
  endif()
  set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

# Is chNN.exK in BLOCKS_MY_EXERCISES?
function(_blocks_is_mine id out)
  set(mine FALSE)
  if(id IN_LIST BLOCKS_MY_EXERCISES)
    set(mine TRUE)
  endif()
  set(${out} ${mine} PARENT_SCOPE)
endfunction()

function(_blocks_add_exercises label lib)
  set(stubs "")
  set(answers "")
  foreach(name IN LISTS ARGN)
    _blocks_exercise_number(${name} k)
    set(id ${label}.ex${k})
    set_property(GLOBAL APPEND PROPERTY BLOCKS_EXERCISE_IDS ${id})
    foreach(file exercises/${name}.cpp exercises/solutions/${name}.cpp)
      if(NOT EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${file})
        message(FATAL_ERROR "blocks: exercise ${id} has no ${file}")
      endif()
    endforeach()
    list(APPEND stubs exercises/${name}.cpp)
    _blocks_is_mine(${id} mine)
    if(NOT BLOCKS_EXERCISE_SOLUTIONS OR mine)
      list(APPEND answers exercises/${name}.cpp)
    else()
      list(APPEND answers exercises/solutions/${name}.cpp)
    endif()
  endforeach()

  # The stubs always compile, so they cannot rot.
  add_library(${lib}_exercise_stubs OBJECT ${stubs})
  target_link_libraries(${lib}_exercise_stubs PRIVATE ${lib})
  target_include_directories(${lib}_exercise_stubs PRIVATE exercises)
  blocks_target_defaults(${lib}_exercise_stubs)
  add_dependencies(${label} ${lib}_exercise_stubs)

  # The tests, compiled once for the graded program and the checks below.
  add_library(${lib}_exercise_test_objects OBJECT exercises/test_exercises.cpp)
  target_include_directories(${lib}_exercise_test_objects PRIVATE exercises)
  target_link_libraries(${lib}_exercise_test_objects
                        PRIVATE ${lib} blocks::testing)
  _blocks_test_defaults(${lib}_exercise_test_objects)

  add_executable(${lib}_exercise_tests ${answers})
  _blocks_exercise_program(${lib}_exercise_tests ${lib})
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

  # The checks that the grading is honest assume untouched stubs, so they
  # exist only in the configuration that grades nobody's answers.
  if(BLOCKS_EXERCISE_SOLUTIONS AND NOT BLOCKS_MY_EXERCISES)
    _blocks_add_exercise_checks(${label} ${lib} ${ARGN})
  endif()
endfunction()

# A program of the exercise tests: the compiled tests plus its answers.
function(_blocks_exercise_program target lib)
  target_sources(${target} PRIVATE
                 $<TARGET_OBJECTS:${lib}_exercise_test_objects>)
  target_link_libraries(${target} PRIVATE ${lib} blocks::testing)
  target_include_directories(${target} PRIVATE exercises)
  _blocks_test_defaults(${target})
endfunction()

# Honest grading, for every exercise: its suite fails by a failed assertion
# on the untouched stub and on the wrong answer (ctest
# chNN.exercise_check.ExerciseK.stub / .wrong, labels chNN and
# exercise_check). A chapter whose exercises need several processes sets
# BLOCKS_EXERCISE_CHECK_LAUNCHER (e.g. mpirun -np 3) before its
# blocks_add_chapter(). An exercise without its wrong answer still gets its
# .wrong check: one that fails, naming the missing file.
function(_blocks_add_exercise_checks label lib)
  set(wrongs "")
  foreach(name IN LISTS ARGN)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/exercises/wrong/${name}.cpp)
      list(APPEND wrongs exercises/wrong/${name}.cpp)
    else()
      list(APPEND wrongs exercises/${name}.cpp)  # links; never checked
    endif()
  endforeach()
  add_executable(${lib}_exercise_check_stubs
                 $<TARGET_OBJECTS:${lib}_exercise_stubs>)
  _blocks_exercise_program(${lib}_exercise_check_stubs ${lib})
  add_executable(${lib}_exercise_check_wrong ${wrongs})
  _blocks_exercise_program(${lib}_exercise_check_wrong ${lib})
  add_dependencies(${label} ${lib}_exercise_check_stubs
                   ${lib}_exercise_check_wrong)

  # One word list for the script (a ";" list would split in add_test).
  list(JOIN BLOCKS_EXERCISE_CHECK_LAUNCHER " " launcher)
  foreach(name IN LISTS ARGN)
    _blocks_exercise_number(${name} k)
    set(check ${label}.exercise_check.Exercise${k})
    set(common -DSUITE=Exercise${k} "-DLAUNCHER=${launcher}")
    add_test(NAME ${check}.stub
      COMMAND ${CMAKE_COMMAND} ${common} "-DANSWER=the untouched stub"
              -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/exercises/${name}.cpp
              -DPROGRAM=$<TARGET_FILE:${lib}_exercise_check_stubs>
              -P ${BLOCKS_EXPECT_FAILURE_SCRIPT})
    set(wrong ${CMAKE_CURRENT_SOURCE_DIR}/exercises/wrong/${name}.cpp)
    add_test(NAME ${check}.wrong
      COMMAND ${CMAKE_COMMAND} ${common} "-DANSWER=the wrong answer"
              -DSOURCE=${wrong}
              -DPROGRAM=$<TARGET_FILE:${lib}_exercise_check_wrong>
              -P ${BLOCKS_EXPECT_FAILURE_SCRIPT})
    set_tests_properties(${check}.stub ${check}.wrong PROPERTIES
      LABELS "${label};exercise_check" TIMEOUT 120)
  endforeach()
endfunction()

# At the end of the configure: every entry of BLOCKS_MY_EXERCISES names an
# exercise of a configured chapter, or the configure stops naming it.
function(_blocks_check_my_exercises)
  get_property(known GLOBAL PROPERTY BLOCKS_EXERCISE_IDS)
  get_property(chapters GLOBAL PROPERTY BLOCKS_CHAPTERS)
  foreach(id IN LISTS BLOCKS_MY_EXERCISES)
    if(NOT id MATCHES "^ch([0-9][0-9])\\.ex[0-9]+$")
      message(FATAL_ERROR "blocks: BLOCKS_MY_EXERCISES: '${id}' is not "
        "of the form chNN.exK, e.g. ch02.ex1 (several: ch02.ex1;ch03.ex2)")
    endif()
    set(number ${CMAKE_MATCH_1})
    if(NOT number IN_LIST chapters)
      string(REPLACE ";" ", " configured "${chapters}")
      message(FATAL_ERROR "blocks: BLOCKS_MY_EXERCISES: ${id}: chapter "
        "${number} is not configured in this build (chapters ${configured}; "
        "BLOCKS_LAST_CHAPTER=${BLOCKS_LAST_CHAPTER})")
    endif()
    if(NOT id IN_LIST known)
      set(same "")
      foreach(other IN LISTS known)
        if(other MATCHES "^ch${number}\\.")
          list(APPEND same ${other})
        endif()
      endforeach()
      string(REPLACE ";" ", " same "${same}")
      message(FATAL_ERROR "blocks: BLOCKS_MY_EXERCISES: ${id} is not an "
        "exercise; chapter ${number} has ${same}")
    endif()
  endforeach()
  if(BLOCKS_MY_EXERCISES AND NOT BLOCKS_EXERCISE_SOLUTIONS)
    message(STATUS "blocks: BLOCKS_EXERCISE_SOLUTIONS=OFF: every exercise "
                   "links your own file, not only BLOCKS_MY_EXERCISES")
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR}
               CALL _blocks_check_my_exercises)
