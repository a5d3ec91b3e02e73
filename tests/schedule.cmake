# The poll scheduler's rules, on simulated time ("[schedule]").
tidings_module_tests(schedule_tests ${CMAKE_CURRENT_LIST_DIR}/daemon_schedule_test.cc)
target_link_libraries(schedule_tests PRIVATE tidings_schedule)
