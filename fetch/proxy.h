// Where the proxies are, so that the SSRF guard can let connections to them through.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fetch/ssrf.h"

namespace tidings::fetch {

// The addresses and ports of the proxies curl may use: `configured` when it has a value (none
// for ""), else those named by http_proxy, https_proxy, HTTPS_PROXY, all_proxy and ALL_PROXY
// (the variables curl reads; it ignores HTTP_PROXY). A proxy given by name is resolved here,
// once and blocking, with the system resolver. A proxy without a port uses curl's default: 443
// for https://, 1080 otherwise.
std::vector<Endpoint> ProxyEndpoints(const std::optional<std::string>& configured);

}  // namespace tidings::fetch
