# Warning flags for every tidings target (tidings_target_defaults), plus the sanitizer build.
set(TIDINGS_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
# GCC 12's -Wnull-dereference and -Wrestrict are flow-based and fire only when optimizing: a
# Release build of everything reported 59, every one inside /usr/include code inlined into ours
# (Boost.Asio's scheduler, libstdc++'s std::string and char_traits), none in our own lines.
# With -Werror they failed every optimized GCC build; clang keeps -Wnull-dereference.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND TIDINGS_WARNINGS -Wno-null-dereference -Wno-restrict)
endif()
if(TIDINGS_WERROR)
  list(APPEND TIDINGS_WARNINGS -Werror)
endif()

if(TIDINGS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

function(tidings_target_defaults target)
  target_compile_options(${target} PRIVATE ${TIDINGS_WARNINGS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# libFuzzer build (clang): every library gets coverage instrumentation; fuzz targets link the
# fuzzer runtime themselves (tests/CMakeLists.txt).
if(TIDINGS_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
