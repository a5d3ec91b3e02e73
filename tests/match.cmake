# match tests: the text pipeline, the model and its training (tests/match_text_test.cc,
# tests/match_model_test.cc), rules and topics (tests/match_rules_test.cc,
# tests/match_topic_test.cc): every tests/match_*_test.cc.
file(GLOB tidings_match_test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/match_*_test.cc)
tidings_module_tests(match_tests ${tidings_match_test_sources})
target_link_libraries(match_tests PRIVATE tidings_match)
target_compile_definitions(match_tests PRIVATE
  TIDINGS_MODEL_FILE="${PROJECT_SOURCE_DIR}/match/models/sci-tech.model")
