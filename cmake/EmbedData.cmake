# Embeds data files (expectation tables, rule catalog) into the binary so the
# data a runner was built with cannot drift from it. The files stay the source
# of truth and are parsed at run time.
function(mc_embed_files target)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cc)
  string(REPLACE ";" "|" files "${ARGN}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DROOT=${PROJECT_SOURCE_DIR}
            -DFILES=${files} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedDataScript.cmake
    VERBATIM
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/EmbedDataScript.cmake
    COMMENT "Embedding data files into ${target}")
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
