# extract tests: the extractor (tests/extract_test.cc), metadata and page kinds
# (tests/extract_metadata_test.cc), bounds on hostile input (tests/extract_bounds_test.cc) and the
# sanitizer (tests/extract_sanitize_test.cc). Fixture pages are in tests/data/extract/.
set(tidings_extract_test_sources extract_test.cc extract_metadata_test.cc extract_bounds_test.cc)
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/extract_sanitize_test.cc)
  list(APPEND tidings_extract_test_sources extract_sanitize_test.cc)
endif()
tidings_module_tests(extract_tests ${tidings_extract_test_sources})
target_link_libraries(extract_tests PRIVATE tidings_extract)
