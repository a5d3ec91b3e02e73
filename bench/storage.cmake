# The archive benchmark (bench/run-storage-bench, bench/README.md "Archive ingest and search"):
# ingest beside a bare SQLite loop, search latency on a large archive, size per item.
add_executable(storage_bench
  ${CMAKE_CURRENT_LIST_DIR}/storage_bench.cc
  ${CMAKE_CURRENT_LIST_DIR}/storage_bench_gen.cc
  ${CMAKE_CURRENT_LIST_DIR}/storage_bench_report.cc
  ${CMAKE_CURRENT_LIST_DIR}/storage_bench_search.cc
  ${CMAKE_CURRENT_LIST_DIR}/storage_bench_write.cc
)
tidings_target_defaults(storage_bench)
target_link_libraries(storage_bench PRIVATE tidings_storage tidings_storage_fts tidings_feed
                      tidings_base SQLiteCpp SQLite::SQLite3 fmt::fmt nlohmann_json::nlohmann_json)
