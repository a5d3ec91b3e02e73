// Transfer: one fetch's curl easy handle and everything its callbacks fill in (fetch/fetcher.cc
// queues and runs transfers; this file knows the HTTP details).
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "fetch/curl_handles.h"
#include "fetch/fetcher.h"
#include "fetch/ssrf.h"

namespace tidings::fetch {

// An absolute http(s) URL as curl reads it: its normalized spelling and its host in lower case
// (the key of per-host politeness). kInvalid, naming the URL, for anything else.
struct FetchUrl {
  std::string normalized;
  std::string host;
};
Result<FetchUrl> ParseFetchUrl(std::string_view url);

// The parts of the Fetcher a transfer reads while it runs; they outlive every transfer.
struct TransferContext {
  const FetchOptions* options = nullptr;
  const SsrfGuard* guard = nullptr;
  curl_slist* resolve = nullptr;  // CURLOPT_RESOLVE entries, may be null
};

class Transfer {
 public:
  Transfer(FetchRequest request, FetchUrl url, Fetcher::Done done);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Creates and configures the easy handle. kInvalid for a bad header; kIO if curl refuses.
  Status Configure(const TransferContext& context);

  CURL* easy() const { return easy_.get(); }
  const std::string& host() const { return url_.host; }
  const std::string& url() const { return request_.url; }  // as the caller gave it

  // The result once curl reports `code` for this transfer.
  FetchResult Finish(CURLcode code);
  // A result with `status` and nothing from the network (cancelled, or never started).
  FetchResult Failed(Status status) const;
  Fetcher::Done TakeDone() { return std::move(done_); }

 private:
  static std::size_t OnWrite(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* self);
  static curl_socket_t OnOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int OnPrereq(void* self, char* primary_ip, char* local_ip, int primary_port,
                      int local_port);
  Status BuildHeaders();
  void ReadHeaderLine(std::string_view line);
  bool PrivateAllowed() const;
  std::optional<std::string> CheckPeer(const char* ip, int port) const;
  std::optional<std::string> CheckUrlLiteral() const;
  void Refuse(std::string reason);
  std::string CurrentUrl() const;
  Status ErrorStatus(CURLcode code) const;
  void CopyResponse(FetchResult& result) const;

  FetchRequest request_;
  FetchUrl url_;
  Fetcher::Done done_;
  TransferContext context_;
  CurlEasy easy_;
  CurlSlist headers_;
  char error_buffer_[CURL_ERROR_SIZE] = {};

  std::string body_;
  bool too_large_ = false;
  std::optional<std::string> refusal_;  // why the SSRF guard stopped a connection
  std::vector<int> statuses_;           // final status of each response, redirect hops first
  // Headers of the latest response (reset at each status line).
  std::optional<std::string> content_type_, etag_, last_modified_, cache_control_, expires_,
      retry_after_, x_robots_tag_;
};

}  // namespace tidings::fetch
