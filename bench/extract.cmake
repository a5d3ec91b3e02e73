# The extraction benchmark (bench/run-extract-bench, bench/README.md "Main-content extraction"):
# pages per second in-process on one core over the development pages, and each page's text for
# scoring.
add_executable(extract_bench ${CMAKE_CURRENT_LIST_DIR}/extract_bench.cc)
tidings_target_defaults(extract_bench)
target_link_libraries(extract_bench PRIVATE tidings_extract tidings_base fmt::fmt ZLIB::ZLIB)
