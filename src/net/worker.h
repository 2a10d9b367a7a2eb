// worker.h — the worker threads: each runs its own asio::io_context with its
// own copy of every listener (SO_REUSEPORT sockets) and its own QueryHandler.
//
// A query and a TCP connection stay on the worker that received them, so
// handlers, listeners and resolutions are single-threaded; cross-worker work
// goes through post(). set_listeners() applies a whole listener set, as a
// SIGHUP reload does: unchanged specs keep their sockets, removed ones drain
// (in-flight answers still leave) and then close, new ones open on every worker.
//
//   WorkerPool pool(2, [&](Worker& w) { return std::make_unique<MyHandler>(w); });
//   if (auto s = pool.start(); !s) die(s.error());
//   if (auto s = pool.set_listeners({udp53, tcp53}); !s) die(s.error());
//   ...
//   pool.stop(std::chrono::seconds(2));   // drain, then close and join
//
// Thread-safety: WorkerPool methods are called from one control thread (not a
// worker). Worker::post() is thread-safe; the rest of Worker belongs to its thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "dns/result.h"
#include "net/counters.h"
#include "net/handler.h"
#include "net/listener.h"

namespace dns4eu::net {

class Worker {
 public:
  explicit Worker(unsigned index) : index_(index) {}
  unsigned index() const { return index_; }
  asio::io_context& context() { return io_; }
  QueryHandler* handler() { return handler_.get(); }
  // Runs `fn` on this worker's thread. Thread-safe.
  template <typename F>
  void post(F&& fn) { asio::post(io_, std::forward<F>(fn)); }

 private:
  friend class WorkerPool;
  // An io_context whose services can be shut down before the handler dies:
  // pending coroutine frames (which may point at the handler) go first.
  struct Context : asio::io_context {
    using asio::io_context::io_context;
    void shutdown_services() { shutdown(); }
  };
  unsigned index_;
  Context io_{1};  // concurrency hint 1: one thread
  std::unique_ptr<QueryHandler> handler_;
  std::thread thread_;
};

struct BoundListener {
  ListenerSpec spec;   // as requested
  Endpoint local;      // as bound (real port when the spec said 0)
};

class WorkerPool {
 public:
  using HandlerFactory = std::function<std::unique_ptr<QueryHandler>(Worker&)>;

  // `threads` ≥ 1. The factory is called once per worker, from start().
  WorkerPool(unsigned threads, HandlerFactory factory);
  ~WorkerPool();  // stop(0) if still running
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Creates the handlers and starts the threads.
  Status start();

  // Makes the open listeners equal to `specs` (ids unique). All new sockets
  // are opened first; if any fails, those are closed, the old set stays, and
  // the error says which spec failed. Removed listeners drain for up to `drain`.
  Status set_listeners(const std::vector<ListenerSpec>& specs,
                       std::chrono::milliseconds drain = std::chrono::milliseconds(2000));
  std::vector<BoundListener> listeners() const;

  // Sums one listener's counters over the workers (zeroes when unknown).
  ListenerCounters::Snapshot stats(uint32_t listener_id) const;

  // Stops taking queries, lets in-flight answers out until `drain` passes,
  // then closes everything and joins the threads. Idempotent; a stopped pool
  // cannot be started again.
  void stop(std::chrono::milliseconds drain);

  unsigned size() const { return static_cast<unsigned>(workers_.size()); }
  Worker& worker(unsigned i) { return *workers_[i]; }
  template <typename F>
  void post(unsigned worker, F&& fn) { workers_[worker]->post(std::forward<F>(fn)); }

 private:
  struct Set;  // per listener spec: the per-worker Listener objects
  Status open_set(const ListenerSpec& spec, Set& out);
  void close_set(Set& set, std::chrono::milliseconds drain);
  void close_sets(const std::vector<Set*>& sets, std::chrono::milliseconds drain);
  template <typename F>
  auto run_on(unsigned worker, F&& fn) -> decltype(fn());

  HandlerFactory factory_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::unique_ptr<Set>> sets_;
  bool running_ = false;
};

}  // namespace dns4eu::net
