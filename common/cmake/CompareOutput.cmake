# Run a program and compare its stdout with a committed golden file
# (cmake -P script, called by the tests blocks_add_golden_test() registers).
#   PROGRAM ARGS LAUNCHER  what to run (ARGS and LAUNCHER: space separated)
#   GOLDEN                 the committed file; its "$ " lines are ignored
#   TYPED                  the command line written as the golden's first line
#   WORKDIR ACTUAL         where it runs, where its output is kept for a diff
#   UPDATE                 ON: rewrite GOLDEN instead of comparing
separate_arguments(launcher UNIX_COMMAND "${LAUNCHER}")
separate_arguments(args UNIX_COMMAND "${ARGS}")
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
execute_process(COMMAND ${launcher} "${PROGRAM}" ${args}
                WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE output ERROR_VARIABLE errors
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${TYPED} exited with ${status}:\n${errors}")
endif()
string(REPLACE "\r\n" "\n" output "${output}")

if(UPDATE)
  file(WRITE "${GOLDEN}" "$ ${TYPED}\n${output}")
  message(STATUS "updated ${GOLDEN}")
  return()
endif()

file(READ "${GOLDEN}" golden)
string(REPLACE "\r\n" "\n" golden "${golden}")
# Drop the "$ command" lines: they document how the output was made.
string(REGEX REPLACE "(^|\n)\\$ [^\n]*\n" "\\1" golden "${golden}")
file(WRITE "${ACTUAL}" "${output}")
if(NOT output STREQUAL golden)
  file(WRITE "${ACTUAL}.expected" "${golden}")
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND ${DIFF} -u "${ACTUAL}.expected" "${ACTUAL}")
  endif()
  message(FATAL_ERROR "output of '${TYPED}' differs from ${GOLDEN}.\n"
    "If the change is intended, regenerate it with "
    "`cmake --build build --target update-outputs` and review the diff.")
endif()
