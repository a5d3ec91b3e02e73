# The topic matching benchmark (bench/run-match-bench, bench/README.md "Topic matching"): items
# scored per second on one core, short items and 5 KB articles, and the model's load time.
add_executable(match_bench ${CMAKE_CURRENT_LIST_DIR}/match_bench.cc)
tidings_target_defaults(match_bench)
target_link_libraries(match_bench PRIVATE tidings_match tidings_base PkgConfig::ICU
                      nlohmann_json::nlohmann_json fmt::fmt)
target_compile_definitions(match_bench PRIVATE
  TIDINGS_MODEL_SOURCE_DIR="${PROJECT_SOURCE_DIR}/match/models")
