// Matched items for the digest tests: several stories, some carried by several sources.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "digest/digest.h"

namespace tidings::digest::testing {

inline constexpr std::int64_t kNow = 1714550400;  // 2024-05-01T08:00:00Z

inline DigestItem Item(std::int64_t id, std::string feed, std::string title, std::string text,
                       std::string link, double score = 1.0, std::int64_t age_hours = 1) {
  DigestItem item;
  item.id = id;
  item.feed_id = id * 10;
  item.feed_title = std::move(feed);
  item.feed_url = "https://feeds.example/" + std::to_string(id);
  item.title = std::move(title);
  item.text = std::move(text);
  item.link = std::move(link);
  item.time = kNow - age_hours * 3600;
  item.topic = "tech";
  item.score = score;
  item.why = {"rule: " + item.feed_title};
  return item;
}

// Ids 1-3: one story, reworded by three outlets. 4-5: one Chinese story, two outlets. 6, 7, 8:
// unrelated stories on the same topic (8 in Chinese).
inline std::vector<DigestItem> NewsItems() {
  return {
      Item(1, "The Verge", "Apple unveils iPhone 16 with a dedicated camera button",
           "Apple on Monday announced the iPhone 16, which adds a dedicated camera control button "
           "on the side of the phone and a faster A18 chip. The company said the new phones will "
           "ship on September 20 starting at $799.",
           "https://www.theverge.com/apple-iphone-16", 0.9, 2),
      Item(2, "Ars Technica", "iPhone 16 launches: Apple adds camera control button, A18 chip",
           "Apple's iPhone 16 gets a new camera control button and the A18 chip, the company "
           "announced Monday. The phones ship September 20, with prices starting at $799.",
           "https://arstechnica.com/gadgets/iphone-16", 0.7, 1),
      Item(3, "Reuters Tech", "Apple announces iPhone 16 lineup with camera button, faster chip",
           "Apple announced its iPhone 16 lineup on Monday, featuring a camera control button and "
           "a faster A18 chip, as the company bets on AI features. The phones ship September 20.",
           "https://www.reuters.com/technology/apple-iphone-16", 0.8, 3),
      Item(4, "新华网", "嫦娥六号探测器成功发射 将从月球背面采样",
           "5月3日，嫦娥六号探测器在文昌航天发射场成功发射，将首次从月球背面采集样品并返回地球。",
           "https://www.news.cn/tech/change6", 0.8, 4),
      Item(5, "人民网", "嫦娥六号发射成功 首次月球背面采样返回",
           "嫦娥六号探测器3日在文昌航天发射场发射成功，任务将首次实现月球背面采样返回。",
           "https://www.people.com.cn/change6", 0.6, 5),
      Item(
          6, "The Register", "Microsoft reports record cloud revenue as Azure grows 31 percent",
          "Microsoft said quarterly revenue from its Azure cloud business rose 31 percent, beating "
          "analyst expectations, as demand for AI services kept growing.",
          "https://www.theregister.com/microsoft-azure", 0.5, 2),
      Item(7, "Hacker News", "Linux kernel 6.9 released with new filesystem features",
           "Linus Torvalds released Linux 6.9 on Sunday, bringing improvements to the bcachefs "
           "filesystem, new hardware drivers and better power management for laptops.",
           "https://lwn.net/linux-6-9", 0.4, 6),
      Item(8, "36氪", "华为发布新款折叠屏手机 搭载自研芯片",
           "华为周二在深圳发布新款折叠屏手机，搭载自研麒麟芯片，起售价为一万元。",
           "https://36kr.com/huawei-fold", 0.3, 3),
  };
}

}  // namespace tidings::digest::testing
