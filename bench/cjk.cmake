# The CJK search measurement (bench/run-cjk-bench, docs/search.md "Chinese and Japanese"):
# unicode61, trigram and the tidings tokenizer on the same Chinese headlines.
add_executable(cjk_search_bench ${CMAKE_CURRENT_LIST_DIR}/cjk_search_bench.cc)
tidings_target_defaults(cjk_search_bench)
target_link_libraries(cjk_search_bench PRIVATE tidings_storage_fts tidings_base SQLite::SQLite3
                      PkgConfig::ICU nlohmann_json::nlohmann_json fmt::fmt)
