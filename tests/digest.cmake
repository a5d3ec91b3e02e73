# digest tests
tidings_module_tests(digest_tests digest_cluster_test.cc digest_build_test.cc
                     digest_render_test.cc digest_mail_test.cc)
target_link_libraries(digest_tests PRIVATE tidings_digest tidings_feed
                      nlohmann_json::nlohmann_json)
