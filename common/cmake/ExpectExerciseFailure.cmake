# ctest helper: an exercise's tests must FAIL on a given answer (the
# untouched stub, or the obvious wrong answer), and fail honestly: at least
# one test of the suite ran, gtest reported a failed test of that suite, and
# the program ended with gtest's status 1 -- not a crash, a timeout or a
# filter that matched nothing.
#   cmake -DPROGRAM=<test program> -DSUITE=Exercise2 -DSOURCE=<answer file>
#         "-DANSWER=the wrong answer" ["-DLAUNCHER=mpirun -np 3"]
#         -P ExpectExerciseFailure.cmake
if(NOT EXISTS "${SOURCE}")
  message(STATUS "exercise check refused: missing-answer")
  message(FATAL_ERROR "${SUITE}: ${SOURCE} is missing. Every exercise has "
    "an obvious wrong answer in exercises/wrong/ (see book/conventions.md).")
endif()

separate_arguments(launcher UNIX_COMMAND "${LAUNCHER}")
execute_process(
  COMMAND ${launcher} ${PROGRAM} --gtest_filter=${SUITE}.* --gtest_color=no
  OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE status
  TIMEOUT 100)
message("${out}")

set(where "${SUITE} on ${ANSWER} (${SOURCE})")

# The reason as one short unwrapped line (for the self-tests to match),
# then the explanation.
macro(refuse reason)
  message(STATUS "exercise check refused: ${reason}")
  message(FATAL_ERROR ${ARGN})
endmacro()
if(NOT out MATCHES "\\[ RUN      \\] ${SUITE}\\.")
  refuse(no-test-ran "${where}: no test ran (exit status '${status}'): "
    "is there a gtest suite named ${SUITE}?")
endif()
if(status STREQUAL "0")
  refuse(tests-passed "${where}: every test PASSED, so these tests cannot "
    "tell this answer from a right one. (If you wrote your own answer in "
    "the stub, this check no longer applies: grade it with "
    "-DBLOCKS_MY_EXERCISES, see book/conventions.md.)")
endif()
if(NOT out MATCHES "\\[  FAILED  \\] ${SUITE}\\.")
  refuse(no-failed-assertion
    "${where}: ended with status '${status}' but gtest "
    "reported no failed test: a crash or a timeout, not a failed assertion")
endif()
if(NOT status STREQUAL "1")
  refuse(bad-exit-status "${where}: a test failed, but the program ended with "
    "status '${status}' rather than gtest's 1 (a crash after the failure?)")
endif()
string(REGEX MATCHALL "\\[  FAILED  \\] ${SUITE}\\.[A-Za-z0-9_]+" failed
       "${out}")
list(REMOVE_DUPLICATES failed)
list(LENGTH failed n)
message(STATUS "${where}: fails as it should (failed tests: ${n})")
