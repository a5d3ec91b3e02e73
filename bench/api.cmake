# The control socket benchmark (bench/run-api-bench): status
# requests per second over the Unix socket, digest latency, and the daemon's memory under load.
add_executable(api_bench ${CMAKE_CURRENT_LIST_DIR}/api_bench.cc)
tidings_target_defaults(api_bench)
target_link_libraries(api_bench PRIVATE tidings_daemon tidings_storage tidings_feed tidings_base
                      fmt::fmt Threads::Threads)
