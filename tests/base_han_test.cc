// Traditional Chinese folded to Simplified (base/han_simplified.h).
#include <catch2/catch.hpp>

#include "base/han_simplified.h"

namespace tidings {
namespace {

TEST_CASE("Traditional characters fold to their Simplified forms", "[base][han]") {
  CHECK(SimplifiedHan(U'機') == U'机');
  CHECK(SimplifiedHan(U'國') == U'国');
  CHECK(SimplifiedHan(U'學') == U'学');
  // Many-to-one, as Simplified writing is.
  CHECK(SimplifiedHan(U'發') == U'发');
  CHECK(SimplifiedHan(U'髮') == U'发');
}

TEST_CASE("Everything else is left alone", "[base][han]") {
  CHECK(SimplifiedHan(U'机') == U'机');  // already Simplified
  CHECK(SimplifiedHan(U'量') == U'量');  // the same in both scripts
  CHECK(SimplifiedHan(U'a') == U'a');
  CHECK(SimplifiedHan(U'あ') == U'あ');  // kana
  CHECK(SimplifiedHan(U'\uFFFD') == U'\uFFFD');
  CHECK(SimplifiedHan(0x10FFFF) == 0x10FFFF);
  CHECK(SimplifiedHan(0) == 0);
}

}  // namespace
}  // namespace tidings
