# The fetcher's tests (included from tests/CMakeLists.txt): unit tests of its pure parts, and
# integration tests against a real HTTP server on 127.0.0.1 (tests/support/http_test_server.h).
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)

add_library(tidings_http_test_server STATIC ${CMAKE_CURRENT_LIST_DIR}/support/http_test_server.cc)
tidings_target_defaults(tidings_http_test_server)
target_link_libraries(tidings_http_test_server PUBLIC Boost::headers Threads::Threads
                      PRIVATE ZLIB::ZLIB)

tidings_module_tests(fetch_tests
  ${CMAKE_CURRENT_LIST_DIR}/fetch_gate_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_ssrf_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_retry_after_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_http_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_failure_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_polite_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_guard_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetch_robots_test.cc
)
target_link_libraries(fetch_tests PRIVATE tidings_fetch tidings_http_test_server Boost::headers)
