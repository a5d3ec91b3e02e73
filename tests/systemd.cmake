# The systemd units and tidingsd's side of the systemd protocol ("[systemd]").
# Units: systemd-analyze verify (unknown keys fail), the sandbox's exposure gate (<= 2.0), and
# the sysusers.d file parsed by systemd-sysusers.
set(TIDINGS_CHECK_UNITS ${PROJECT_SOURCE_DIR}/scripts/check-units)
set(TIDINGS_BUILT_SERVICE ${PROJECT_BINARY_DIR}/systemd/tidings.service)  # cmake/Install.cmake
add_test(NAME systemd_units_verify
         COMMAND ${TIDINGS_CHECK_UNITS} verify ${TIDINGS_BUILT_SERVICE}
                 ${PROJECT_SOURCE_DIR}/systemd/tidings.socket $<TARGET_FILE:tidingsd>)
add_test(NAME systemd_units_security
         COMMAND ${TIDINGS_CHECK_UNITS} security ${TIDINGS_BUILT_SERVICE} 20)
add_test(NAME systemd_sysusers_check
         COMMAND ${TIDINGS_CHECK_UNITS} sysusers ${PROJECT_SOURCE_DIR}/systemd/tidings.sysusers)
set_tests_properties(systemd_units_verify systemd_units_security systemd_sysusers_check
                     PROPERTIES TIMEOUT 60)

# The watchdog's rules on a fake clock, and the real tidingsd under a fake NOTIFY_SOCKET and
# systemd-socket-activate.
tidings_module_tests(systemd_tests ${CMAKE_CURRENT_LIST_DIR}/systemd_test.cc)
target_link_libraries(systemd_tests PRIVATE tidings_daemon tidings_test_process
                      tidings_http_test_server)
target_include_directories(systemd_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(systemd_tests PRIVATE TIDINGSD="$<TARGET_FILE:tidingsd>")
add_dependencies(systemd_tests tidingsd)
