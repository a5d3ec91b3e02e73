# `cmake --install`: the programs, the systemd units and sysusers.d file, the default config.
#
#   cmake --install build/release                  # as root; DESTDIR=/tmp/stage works for packaging
#
# Where things go (GNUInstallDirs, prefix /usr/local unless set):
#   tidingsd        ${CMAKE_INSTALL_SBINDIR}   (the service's ExecStart= names this path)
#   tidings         ${CMAKE_INSTALL_BINDIR}
#   tidings-cli     ${CMAKE_INSTALL_LIBEXECDIR}/tidings (run by tidings for most commands)
#   units           TIDINGS_SYSTEMD_UNIT_DIR   (pkg-config systemd systemdsystemunitdir)
#   sysusers.d      TIDINGS_SYSUSERS_DIR       (pkg-config systemd sysusersdir)
#   conf.d          TIDINGS_CONFIG_DIR/conf.d/50-systemd.toml: control_socket = /run/tidings.sock
#   config          TIDINGS_CONFIG_DIR/tidings.toml, only when no file is there yet: an admin's
#                   edits are never overwritten. The shipped file is also installed as
#                   ${CMAKE_INSTALL_DOCDIR}/tidings.toml.example to compare against.
# TIDINGS_CONFIG_DIR is /etc/tidings whatever the prefix: ConfigurationDirectory=tidings in the
# unit always means /etc/tidings.
include(GNUInstallDirs)

pkg_get_variable(_tidings_pc_unit_dir systemd systemdsystemunitdir)
pkg_get_variable(_tidings_pc_sysusers_dir systemd sysusersdir)
if(NOT _tidings_pc_unit_dir)
  set(_tidings_pc_unit_dir "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
if(NOT _tidings_pc_sysusers_dir)
  set(_tidings_pc_sysusers_dir "${CMAKE_INSTALL_PREFIX}/lib/sysusers.d")
endif()
set(TIDINGS_SYSTEMD_UNIT_DIR "${_tidings_pc_unit_dir}"
    CACHE PATH "Where the systemd units are installed")
set(TIDINGS_SYSUSERS_DIR "${_tidings_pc_sysusers_dir}"
    CACHE PATH "Where the sysusers.d file is installed")
set(TIDINGS_CONFIG_DIR "/etc/tidings"
    CACHE PATH "Where the config is installed (systemd's ConfigurationDirectory=tidings)")

# The unit names the installed daemon; the copy in the build folder is also what the unit
# checks (tests/systemd.cmake) verify, after pointing ExecStart= at the built tidingsd.
configure_file(${PROJECT_SOURCE_DIR}/systemd/tidings.service.in
               ${PROJECT_BINARY_DIR}/systemd/tidings.service @ONLY)
set(TIDINGS_SERVICE_FILE ${PROJECT_BINARY_DIR}/systemd/tidings.service)

install(TARGETS tidingsd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(TARGETS tidings RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The full CLI the launcher execs (cli/launcher.cc looks for it at this path relative to bin/).
install(TARGETS tidings-cli RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/tidings)
install(FILES ${TIDINGS_SERVICE_FILE} ${PROJECT_SOURCE_DIR}/systemd/tidings.socket
        DESTINATION ${TIDINGS_SYSTEMD_UNIT_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/systemd/tidings.sysusers
        DESTINATION ${TIDINGS_SYSUSERS_DIR} RENAME tidings.conf)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/config/tidings.toml DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME tidings.toml.example)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/50-systemd.toml DESTINATION ${TIDINGS_CONFIG_DIR}/conf.d)
install(CODE "
  set(_config \"\$ENV{DESTDIR}${TIDINGS_CONFIG_DIR}/tidings.toml\")
  if(EXISTS \"\${_config}\")
    message(STATUS \"Keeping: \${_config}\")
  else()
    file(INSTALL \"${PROJECT_SOURCE_DIR}/config/tidings.toml\"
         DESTINATION \"${TIDINGS_CONFIG_DIR}\" FILE_PERMISSIONS OWNER_READ
         OWNER_WRITE GROUP_READ WORLD_READ)
  endif()
")
