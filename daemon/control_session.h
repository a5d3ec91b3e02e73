// Internal to the control socket: the state the server shares with its connections, and one
// connection (control_session.cc). Everything here runs on the io_context's thread unless said.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <memory>
#include <unordered_map>

#include "daemon/control_server.h"
#include "daemon/worker_pool.h"

namespace tidings::daemon {

class ControlSession;

struct ControlServer::Core {
  Core(boost::asio::io_context& io_context, ControlOptions control_options, ControlHooks hooks_in,
       Log& log_in, std::unique_ptr<storage::Archive> archive)
      : io(io_context),
        options(std::move(control_options)),
        hooks(std::move(hooks_in)),
        log(log_in),
        acceptor(io_context),
        reader_archive(std::move(archive)) {}

  boost::asio::io_context& io;
  ControlOptions options;
  ControlHooks hooks;
  Log& log;
  boost::asio::local::stream_protocol::acceptor acceptor;
  std::unique_ptr<storage::Archive> reader_archive;  // used on the reader thread only
  WorkerPool reader{1, 64};                          // after the archive: stops before it closes
  std::unordered_map<ControlSession*, std::weak_ptr<ControlSession>> sessions;
  bool stopping = false;
};

// Serves one accepted connection until the peer leaves, a limit is hit or the server stops.
void StartSession(std::shared_ptr<ControlServer::Core> core,
                  boost::asio::local::stream_protocol::socket socket, PeerCredentials peer);

// Closes a session (from ControlServer::Stop).
void CloseSession(ControlSession& session);

}  // namespace tidings::daemon
