// test_match.h — for the list parsers' unit tests only: what a list says
// about a name, as a short string to compare.
//
//   EXPECT_EQ(match_text(list, "www.example.com."), "below:1");
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "policy/list.h"

namespace dns4eu::policy::internal {

// "exact" (the rule's owner is the name), "below:N" (its owner is the name
// minus N labels) or "no".
inline std::string match_text(const List& l, std::string_view name) {
  auto n = dns::Name::from_text(name);
  EXPECT_TRUE(n.has_value()) << name;
  if (!n) return "bad name";
  NameKeys k(*n);
  auto m = l.match_name(k);
  if (!m) return "no";
  return m->suffix == 0 ? "exact" : "below:" + std::to_string(m->suffix);
}

}  // namespace dns4eu::policy::internal
