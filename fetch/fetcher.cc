#include "fetch/fetcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <list>
#include <unordered_map>
#include <utility>

#include "fetch/curl_multi.h"
#include "fetch/host_gate.h"
#include "fetch/proxy.h"
#include "fetch/transfer.h"

namespace tidings::fetch {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::vector<Endpoint> ExemptEndpoints(const FetchOptions& options) {
  std::vector<Endpoint> exempt = ProxyEndpoints(options.proxy);
  for (const std::string& text : options.endpoints_treated_as_public) {
    if (std::optional<Endpoint> endpoint = ParseEndpoint(text)) exempt.push_back(*endpoint);
  }
  return exempt;
}

CurlSlist ResolveList(const std::vector<std::string>& entries) {
  CurlSlist list;
  for (const std::string& entry : entries) {
    curl_slist* appended = curl_slist_append(list.get(), entry.c_str());
    if (appended != nullptr && !list) list.reset(appended);
  }
  return list;
}

void GlobalInitOnce() {
  // Thread-safe in curl 7.88 (and a no-op after the first call); never undone, as curl asks.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
}

}  // namespace

class Fetcher::Impl {
 public:
  Impl(boost::asio::io_context& io, FetchOptions options)
      : io_(io),
        options_(std::move(options)),
        guard_(ExemptEndpoints(options_)),
        resolve_(ResolveList(options_.resolve)),
        gate_(options_.per_host_connections, options_.per_host_spacing,
              [] { return SteadyClock::now(); }),
        wake_(io),
        multi_(io) {}

  ~Impl() { CancelAll(); }

  void Fetch(FetchRequest request, Done done) {
    Result<FetchUrl> url = ParseFetchUrl(request.url);
    if (!url.ok()) {
      FetchResult result;
      result.status = url.status();
      result.final_url = request.url;
      Deliver(std::move(done), std::move(result));
      return;
    }
    waiting_.push_back(
        std::make_unique<Transfer>(std::move(request), std::move(*url), std::move(done)));
    Pump();
  }

  void CancelAll() {
    wake_.cancel();
    wake_at_.reset();
    for (auto& [easy, transfer] : running_) {
      multi_.Remove(easy);
      gate_.Finish(transfer->host());
      Cancel(*transfer);
    }
    running_.clear();
    for (auto& transfer : waiting_) Cancel(*transfer);
    waiting_.clear();
  }

  std::size_t in_flight() const { return waiting_.size() + running_.size(); }
  const HostGate& gate() const { return gate_; }

 private:
  void Cancel(Transfer& transfer) {
    Status cancelled(StatusCode::kCancelled, fmt::format("{}: cancelled", transfer.url()));
    Deliver(transfer.TakeDone(), transfer.Failed(std::move(cancelled)));
  }

  // Starts what the limits allow, in arrival order, and sets the wake-up timer for fetches that
  // wait only for a host's spacing or pause.
  void Pump() {
    std::optional<SteadyClock::time_point> wake;
    for (auto it = waiting_.begin();
         it != waiting_.end() &&
         running_.size() < std::max<std::size_t>(options_.max_concurrency, 1);) {
      const std::string& host = (*it)->host();
      if (gate_.TryStart(host)) {
        std::unique_ptr<Transfer> transfer = std::move(*it);
        it = waiting_.erase(it);
        Start(std::move(transfer));
        continue;
      }
      if (gate_.Running(host) < gate_.max_connections()) {
        SteadyClock::time_point next = gate_.NextStart(host);
        wake = wake ? std::min(*wake, next) : next;
      }
      ++it;
    }
    if (wake) ArmWake(*wake);
    if (waiting_.empty() && running_.empty()) gate_.Prune();
  }

  void Start(std::unique_ptr<Transfer> transfer) {
    Transfer* raw = transfer.get();
    Status status = raw->Configure({&options_, &guard_, resolve_.get()});
    if (status.ok()) {
      status = multi_.Add(raw->easy(), [this, raw](CURLcode code) { OnFinished(raw, code); });
    }
    if (!status.ok()) {
      gate_.Finish(raw->host());
      Deliver(raw->TakeDone(), raw->Failed(std::move(status)));
      return;
    }
    running_.emplace(raw->easy(), std::move(transfer));
  }

  void OnFinished(Transfer* raw, CURLcode code) {
    auto node = running_.extract(raw->easy());
    if (node.empty()) return;
    std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    gate_.Finish(transfer->host());
    FetchResult result = transfer->Finish(code);
    if ((result.http_status == 429 || result.http_status == 503) && result.retry_after_seconds) {
      auto pause =
          std::min<std::int64_t>(*result.retry_after_seconds, options_.max_host_pause.count());
      gate_.PauseHost(transfer->host(), SteadyClock::now() + std::chrono::seconds(pause));
    }
    Deliver(transfer->TakeDone(), std::move(result));
    Pump();
  }

  void ArmWake(SteadyClock::time_point at) {
    if (wake_at_ && *wake_at_ <= at) return;
    wake_at_ = at;
    wake_.expires_at(at);
    std::weak_ptr<int> alive = alive_;
    wake_.async_wait([this, alive](boost::system::error_code ec) {
      if (alive.expired() || ec) return;
      wake_at_.reset();
      Pump();
    });
  }

  void Deliver(Done done, FetchResult result) {
    boost::asio::post(io_, [done = std::move(done), result = std::move(result)]() mutable {
      if (done) done(std::move(result));
    });
  }

  boost::asio::io_context& io_;
  const FetchOptions options_;
  const SsrfGuard guard_;
  CurlSlist resolve_;
  HostGate gate_;
  std::list<std::unique_ptr<Transfer>> waiting_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running_;
  boost::asio::steady_timer wake_;
  std::optional<SteadyClock::time_point> wake_at_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  // Last: destroyed first, so curl lets go of every handle before the transfers go.
  CurlMulti multi_;
};

Fetcher::Fetcher(boost::asio::io_context& io, FetchOptions options) {
  GlobalInitOnce();
  impl_ = std::make_unique<Impl>(io, std::move(options));
}

Fetcher::~Fetcher() = default;

void Fetcher::Fetch(FetchRequest request, Done done) {
  impl_->Fetch(std::move(request), std::move(done));
}

void Fetcher::CancelAll() { impl_->CancelAll(); }

std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }

std::optional<std::chrono::steady_clock::time_point> Fetcher::HostPausedUntil(
    std::string_view host) const {
  return impl_->gate().PausedUntil(host);
}

}  // namespace tidings::fetch
