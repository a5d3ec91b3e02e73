// Result<T>: a value or the Status that explains why there is none (std::expected is not in GCC
// 12).
//
//   Result<Feed> r = feed::Parse(bytes, options);
//   if (!r.ok()) return r.status();
//   Feed& f = *r;
//
// Reading the value of a failed Result is a bug and aborts.
#pragma once

#include <cstdlib>
#include <optional>
#include <utility>

#include "base/status.h"

namespace tidings {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) std::abort();                     // an ok Status carries no value
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return Checked(), *value_; }
  const T& value() const& { return Checked(), *value_; }
  T&& value() && { return Checked(), std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void Checked() const {
    if (!value_) std::abort();
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace tidings
