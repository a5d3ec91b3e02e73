// How every command reports a failure.
#pragma once

#include "base/status.h"

namespace tidings::cli {

// Prints "tidings: <message>" on stderr and returns the exit status: 2 for kInvalid (the user's
// input is wrong), else 1.
int Fail(const Status& status);

}  // namespace tidings::cli
