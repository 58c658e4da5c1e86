# Run Doxygen, fail on any warning (config warnings do not set its exit
# code), then copy the packaged MathJax next to the pages so formulas
# render offline. Called by the `book` target.
execute_process(COMMAND ${DOXYGEN} ${DOXYFILE}
                RESULT_VARIABLE status ERROR_VARIABLE log)
string(REGEX MATCHALL "[^\n]*(warning|error):[^\n]*" problems "${log}")
if(NOT status EQUAL 0 OR problems)
  string(REPLACE ";" "\n" problems "${problems}")
  if(NOT problems)
    set(problems "${log}")
  endif()
  message(FATAL_ERROR "Doxygen reported problems (exit ${status}):\n"
                      "${problems}")
endif()
# MathJax 2 needs these parts only; the package's unpacked/ and test/
# folders would double the size.
foreach(part MathJax.js config extensions jax fonts localization)
  file(COPY ${MATHJAX_DIR}/${part} DESTINATION ${HTML_DIR}/mathjax)
endforeach()
# The one-page edition, cut from the pages just built.
if(PYTHON)
  execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/book/one_page.py
                          --root ${SOURCE_DIR} --html ${HTML_DIR}
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "The one-page edition failed (exit ${status})")
  endif()
endif()
message(STATUS "The book: ${HTML_DIR}/index.html")
