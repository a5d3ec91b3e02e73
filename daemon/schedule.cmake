# The poll scheduler's pure logic (daemon/schedule.h, docs/scheduling.md): no Asio, no curl, no
# SQLite, so the daemon and `tidings poll` share it and tests run it without a clock.
add_library(tidings_schedule
  ${CMAKE_CURRENT_LIST_DIR}/schedule.cc
  ${CMAKE_CURRENT_LIST_DIR}/schedule_rate.cc
)
tidings_target_defaults(tidings_schedule)
target_link_libraries(tidings_schedule PUBLIC tidings_base fmt::fmt)
