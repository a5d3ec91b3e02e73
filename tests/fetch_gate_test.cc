// HostGate: per-host politeness, driven by a hand-moved clock (no sleeping).
#include <catch2/catch.hpp>
#include <chrono>

#include "fetch/host_gate.h"

using tidings::fetch::HostGate;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
  HostGate::TimePoint now = HostGate::TimePoint{} + 1000h;
  HostGate::Clock AsClock() {
    return [this] { return now; };
  }
};

}  // namespace

TEST_CASE("a host runs at most its connection limit at once", "[fetch][gate]") {
  FakeClock clock;
  HostGate gate(2, 0ms, clock.AsClock());
  CHECK(gate.TryStart("example.org"));
  CHECK(gate.TryStart("example.org"));
  CHECK_FALSE(gate.TryStart("example.org"));
  CHECK(gate.Running("example.org") == 2);
  // Other hosts are not held back by this one.
  CHECK(gate.TryStart("other.example"));
  gate.Finish("example.org");
  CHECK(gate.TryStart("example.org"));
}

TEST_CASE("request starts to one host are spaced", "[fetch][gate]") {
  FakeClock clock;
  HostGate gate(4, 1000ms, clock.AsClock());
  REQUIRE(gate.TryStart("example.org"));
  gate.Finish("example.org");
  clock.now += 999ms;
  CHECK_FALSE(gate.TryStart("example.org"));
  CHECK(gate.NextStart("example.org") == clock.now + 1ms);
  clock.now += 1ms;
  CHECK(gate.TryStart("example.org"));
}

TEST_CASE("a paused host starts nothing until the pause ends", "[fetch][gate]") {
  FakeClock clock;
  HostGate gate(2, 0ms, clock.AsClock());
  HostGate::TimePoint until = clock.now + 120s;
  gate.PauseHost("example.org", until);
  CHECK(gate.PausedUntil("example.org") == until);
  CHECK(gate.NextStart("example.org") == until);
  clock.now += 119s;
  CHECK_FALSE(gate.TryStart("example.org"));
  CHECK(gate.TryStart("other.example"));
  clock.now += 1s;
  CHECK_FALSE(gate.PausedUntil("example.org"));
  CHECK(gate.TryStart("example.org"));
}

TEST_CASE("a shorter pause never shortens a longer one", "[fetch][gate]") {
  FakeClock clock;
  HostGate gate(2, 0ms, clock.AsClock());
  gate.PauseHost("example.org", clock.now + 60s);
  gate.PauseHost("example.org", clock.now + 5s);
  CHECK(gate.PausedUntil("example.org") == clock.now + 60s);
  gate.PauseHost("example.org", clock.now + 90s);
  CHECK(gate.PausedUntil("example.org") == clock.now + 90s);
}

TEST_CASE("pruning forgets only hosts that behave like new ones", "[fetch][gate]") {
  FakeClock clock;
  HostGate gate(1, 1000ms, clock.AsClock());
  REQUIRE(gate.TryStart("busy.example"));
  REQUIRE(gate.TryStart("done.example"));
  gate.Finish("done.example");
  gate.PauseHost("paused.example", clock.now + 10s);
  clock.now += 2s;
  gate.Prune();
  CHECK(gate.Running("busy.example") == 1);  // still running: kept
  CHECK_FALSE(gate.TryStart("busy.example"));
  CHECK(gate.PausedUntil("paused.example"));  // still paused: kept
  CHECK(gate.TryStart("done.example"));
}

TEST_CASE("a connection limit of 0 means 1", "[fetch][gate]") {
  FakeClock clock;
  HostGate gate(0, 0ms, clock.AsClock());
  CHECK(gate.TryStart("example.org"));
  CHECK_FALSE(gate.TryStart("example.org"));
}
