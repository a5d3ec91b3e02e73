# Every dependency is a Debian package, found through its CMake package or pkg-config.
find_package(PkgConfig REQUIRED)
find_package(pugixml REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Catch2 2 REQUIRED)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
