// [[digest]] entries: scheduled digests, their times, days, formats and delivery, with every
// mistake reported at file:line:col.
#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"
#include "tests/config_fixtures.h"

using config_test::InvalidMessage;
using config_test::Valid;
using tidings::config::Config;
using tidings::config::DigestConfig;

TEST_CASE("every key of a digest entry is read", "[config][digest]") {
  const Config config = Valid(
      "[[topic]]\nname = \"space\"\nrules = [{ match = 'orbit' }]\n"
      "[[digest]]\n"
      "name = \"morning\"\n"
      "at = [\"19:30\", \"07:00\", \"07:00\"]\n"
      "days = [\"mon\", \"Friday\"]\n"
      "topics = [\"sci-tech\", \"space\"]\n"
      "window = \"12h\"\n"
      "formats = [\"markdown\", \"atom\"]\n"
      "limit = 20\n"
      "keep = 7\n"
      "command = \"/usr/sbin/sendmail -t\"\n"
      "mail_from = \"News <news@example.org>\"\n"
      "mail_to = \"me@example.org\"\n"
      "subject = \"Morning news\"\n"
      "send_empty = true\n"
      "[[digest]]\n"
      "name = \"evening\"\n"
      "at = \"18:05\"\n"
      "command = [\"/usr/bin/msmtp\", \"-t\"]\n"
      "mail_to = \"me@example.org\"\n"
      "enabled = false\n");
  REQUIRE(config.digests.size() == 2);
  const DigestConfig& morning = config.digests[0];
  CHECK(morning.name == "morning");
  CHECK(morning.at == std::vector<int>{7 * 60, 19 * 60 + 30});  // sorted, once each
  CHECK(morning.days == ((1u << 1) | (1u << 5)));
  CHECK(morning.topics == std::vector<std::string>{"sci-tech", "space"});
  CHECK(morning.window == std::chrono::hours(12));
  CHECK(morning.formats == std::vector<std::string>{"markdown", "atom"});
  CHECK(morning.limit == 20);
  CHECK(morning.keep == 7);
  CHECK(morning.command == std::vector<std::string>{"/bin/sh", "-c", "/usr/sbin/sendmail -t"});
  CHECK(morning.mail_from == "News <news@example.org>");
  CHECK(morning.mail_to == "me@example.org");
  CHECK(morning.subject == "Morning news");
  CHECK(morning.send_empty);
  CHECK(morning.line == 4);
  const DigestConfig& evening = config.digests[1];
  CHECK(evening.at == std::vector<int>{18 * 60 + 5});
  CHECK(evening.days == 0x7f);  // every day
  CHECK(evening.topics.empty());
  CHECK(evening.window == std::chrono::hours(24));
  CHECK(evening.formats == std::vector<std::string>{"html"});
  CHECK(evening.command == std::vector<std::string>{"/usr/bin/msmtp", "-t"});
  CHECK_FALSE(evening.enabled);
}

TEST_CASE("digest entries that cannot work are refused where they go wrong", "[config][digest]") {
  CHECK(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"7:00\"\n") ==
        "/etc/t.toml:3:6: expected a local time as \"HH:MM\" (24-hour clock), such as \"07:00\", "
        "got \"7:00\"");
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = [\"07:00\", \"24:00\"]\n"),
             Catch::Contains("3:16: expected a local time"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = []\n"),
             Catch::Contains("3:6: expected at least one value"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\n"),
             Catch::Contains("1:1: this [[digest]] has no time"));
  CHECK_THAT(InvalidMessage("[[digest]]\nat = \"07:00\"\n"), Catch::Contains("has no name"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"My Digest\"\nat = \"07:00\"\n"),
             Catch::Contains("2:8: bad digest name"));
  CHECK_THAT(
      InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\ndays = [\"mon\", \"fry\"]\n"),
      Catch::Contains("4:16: expected a day of the week"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\nformats = [\"pdf\"]\n"),
             Catch::Contains("4:12: expected one of \"json\", \"markdown\""));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\nwindow = \"5s\"\n"),
             Catch::Contains("4:10:"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\nlimit = 0\n"),
             Catch::Contains("4:9:"));
  // A command sends mail, so it needs an address; an argv needs an absolute program.
  CHECK_THAT(
      InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\ncommand = \"sendmail -t\"\n"),
      Catch::Contains("4:11: a digest with a command is sent as an e-mail message: add mail_to"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\nmail_to = \"me@x.org\"\n"
                            "command = [\"sendmail\", \"-t\"]\n"),
             Catch::Contains("5:12: the program of a command array must be an absolute path"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\nmail_to = \"nobody\"\n"),
             Catch::Contains("4:11: expected one or more e-mail addresses"));
  // A header value cannot smuggle in a line break (a second header, or a body).
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\n"
                            "subject = \"hi\\nBcc: all@example.org\"\n"),
             Catch::Contains("4:11: control characters"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\ncolour = \"red\"\n"),
             Catch::Contains("4:1: unknown key"));
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\n"
                            "[[digest]]\nname = \"d\"\nat = \"08:00\"\n"),
             Catch::Contains("5:8: duplicate digest \"d\": already defined at /etc/t.toml:2:8"));
}

TEST_CASE("a digest's topics must exist, in any file", "[config][digest]") {
  CHECK_THAT(InvalidMessage("[[digest]]\nname = \"d\"\nat = \"07:00\"\ntopics = [\"space\"]\n"),
             Catch::Contains("4:10: digest \"d\": no enabled [[topic]] is named \"space\""));
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"sci-tech\"\nenabled = false\n"
                            "[[digest]]\nname = \"d\"\nat = \"07:00\"\ntopics = \"sci-tech\"\n"),
             Catch::Contains("no enabled [[topic]] is named \"sci-tech\""));
  // The built-in topic needs no [[topic]]; a later one may define the name.
  CHECK(Valid("[[digest]]\nname = \"d\"\nat = \"07:00\"\ntopics = \"sci-tech\"\n"
              "[[topic]]\nname = \"space\"\nrules = [{ match = 'orbit' }]\n")
            .digests.size() == 1);
}
