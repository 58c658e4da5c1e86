# blocks_write_course_map(FILE): the chapters this build configured, as a
# Graphviz graph: one box per chapter (its page title), one arrow per
# earlier chapter it links, and a dashed box for the C++ primer read before
# Chapter 1. Drawn on the front page, so the map always matches the build.
function(blocks_write_course_map file)
  get_property(chapters GLOBAL PROPERTY BLOCKS_CHAPTERS)
  set(dot "digraph course {\n  rankdir=TB; ranksep=0.35; nodesep=0.3;\n")
  string(APPEND dot "  node [shape=box, style=\"rounded,filled\", "
    "fillcolor=\"#eef4fb\", fontname=\"Helvetica\", fontsize=11];\n")
  # The primer page comes first: read before Chapter 1, linked by nothing.
  get_property(primer GLOBAL PROPERTY BLOCKS_PRIMER_PAGE)
  if(primer)
    file(STRINGS ${primer} heading REGEX "^# " LIMIT_COUNT 1 ENCODING UTF-8)
    string(REGEX REPLACE "^# (.*) \\{#.*$" "\\1" title "${heading}")
    string(APPEND dot "  primer [label=\"${title}\", "
      "style=\"rounded,dashed\"];\n")
    list(FIND chapters 01 first)
    if(first GREATER -1)
      string(APPEND dot "  primer -> ch01 [style=dashed];\n")
    endif()
  endif()
  foreach(number IN LISTS chapters)
    get_property(page GLOBAL PROPERTY BLOCKS_CHAPTER_${number}_PAGE)
    file(STRINGS ${page} heading REGEX "^# " LIMIT_COUNT 1 ENCODING UTF-8)
    # "# Chapter 5 — Data: make_classification, ... {#ch05_data}"
    string(REGEX REPLACE "^# Chapter [0-9]+ — (.*) \\{#.*$" "\\1"
           title "${heading}")
    string(REGEX REPLACE "[:,] " "\\\\n" title "${title}")
    string(REPLACE "\"" "\\\"" title "${title}")
    math(EXPR n "${number}")
    string(APPEND dot "  ch${number} [label=\"${n}  ${title}\"];\n")
    get_property(depends GLOBAL PROPERTY BLOCKS_CHAPTER_${number}_DEPENDS)
    foreach(dependency IN LISTS depends)
      if(dependency MATCHES "^blocks::(.*)$")
        get_property(from GLOBAL PROPERTY BLOCKS_CONCEPT_${CMAKE_MATCH_1})
        if(from)
          string(APPEND dot "  ch${from} -> ch${number};\n")
        endif()
      endif()
    endforeach()
  endforeach()
  string(APPEND dot "}\n")
  file(WRITE ${file} "${dot}")
endfunction()
