# query_path_fuzz needs the daemon's query path and the simulated Internet.
# tests/fuzz/CMakeLists.txt includes this file after its add_executable loop.
include(${CMAKE_SOURCE_DIR}/tests/sim/CMakeLists.txt)
if(TARGET query_path_fuzz)
  target_link_libraries(query_path_fuzz PRIVATE dns4eu_sim dns4eu_daemon dns4eu_resolver)
endif()
