// The memory allocator of tidings' programs. tidingsd, tidings-cli and parse_bench link mimalloc
// (Debian's libmimalloc), which then serves malloc and free for the whole process. Why: a parsed
// feed is tens of thousands of small heap blocks (every item's id, title, link, summary, content
// ...), and with glibc's malloc allocating and freeing them cost about a sixth of parsing a large
// feed; mimalloc's per-page free lists make that cheap (bench/README.md, "feed parser").
//
// mimalloc reads its settings from the environment when it is loaded, before main: the systemd
// unit, scripts/run and bench/run-parse-bench set MIMALLOC_LARGE_OS_PAGES=1 (2 MB transparent huge
// pages; on virtual machines each 4 KB page fault costs microseconds, and a large feed's parse
// touches tens of megabytes of fresh memory). Builds with sanitizers, or configured with
// -DTIDINGS_MIMALLOC=OFF, keep the C library's allocator.
#pragma once

namespace tidings {

// "mimalloc" when mimalloc serves malloc, else "libc" (for the daemon's log and the benchmarks).
const char* AllocatorName();

}  // namespace tidings
