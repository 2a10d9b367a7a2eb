// worker.cc — worker threads and the per-worker listener sets (see worker.h).
#include "net/worker.h"

#include <algorithm>
#include <future>
#include <map>

#include <asio/executor_work_guard.hpp>

namespace dns4eu::net {

using Clock = std::chrono::steady_clock;

struct WorkerPool::Set {
  ListenerSpec spec;
  Endpoint bound;
  std::vector<std::shared_ptr<Listener>> per_worker;  // index = worker
};

WorkerPool::WorkerPool(unsigned threads, HandlerFactory factory) : factory_(std::move(factory)) {
  if (threads == 0) threads = 1;
  for (unsigned i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>(i));
}

WorkerPool::~WorkerPool() { stop(std::chrono::milliseconds(0)); }

template <typename F>
auto WorkerPool::run_on(unsigned worker, F&& fn) -> decltype(fn()) {
  if (!running_) return fn();  // no thread yet / any more: the caller owns the context
  std::packaged_task<decltype(fn())()> task(std::forward<F>(fn));
  auto fut = task.get_future();
  asio::post(workers_[worker]->io_, [&task]() { task(); });
  return fut.get();
}

Status WorkerPool::start() {
  if (running_) return {};
  for (auto& w : workers_) {
    w->handler_ = factory_(*w);
    if (!w->handler_)
      return fail(ErrorCode::kInvalidArgument, "worker " + std::to_string(w->index_) + ": no query handler");
  }
  for (auto& w : workers_) {
    Worker* wp = w.get();
    wp->io_.restart();
    wp->thread_ = std::thread([wp]() {
      auto guard = asio::make_work_guard(wp->io_);
      wp->io_.run();
    });
  }
  running_ = true;
  return {};
}

Status WorkerPool::open_set(const ListenerSpec& spec, Set& out) {
  out.spec = spec;
  ListenerSpec actual = spec;
  for (auto& w : workers_) {
    Worker* wp = w.get();
    auto l = run_on(wp->index_, [&]() -> Result<std::shared_ptr<Listener>> {
      auto r = open_listener(wp->io_, actual, *wp->handler_, wp->index_);
      if (r) (*r)->start();
      return r;
    });
    if (!l) {
      close_set(out, std::chrono::milliseconds(0));
      return tl::unexpected(l.error());
    }
    // With port 0 the first worker's socket picks the port; the others share it.
    if (out.per_worker.empty()) {
      out.bound = (*l)->local_endpoint();
      actual.address = Endpoint(spec.address.address(), out.bound.port());
    }
    out.per_worker.push_back(*l);
  }
  return {};
}

void WorkerPool::close_set(Set& set, std::chrono::milliseconds drain) {
  std::vector<Set*> one{&set};
  close_sets(one, drain);
}

// Drains every listener of `sets`, waits until nothing is in flight or the
// deadline passes, then closes them (each on its own worker thread).
void WorkerPool::close_sets(const std::vector<Set*>& sets, std::chrono::milliseconds drain) {
  for (Set* set : sets)
    for (std::size_t i = 0; i < set->per_worker.size(); ++i)
      run_on(static_cast<unsigned>(i), [&]() { set->per_worker[i]->drain(); });
  const auto deadline = Clock::now() + drain;
  auto busy = [&]() {
    for (Set* set : sets)
      for (auto& l : set->per_worker)
        if (l->in_flight() > 0) return true;
    return false;
  };
  while (running_ && busy() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (Set* set : sets) {
    for (std::size_t i = 0; i < set->per_worker.size(); ++i)
      run_on(static_cast<unsigned>(i), [&]() {
        set->per_worker[i]->close();
        set->per_worker[i].reset();  // the last reference dies on its own thread
      });
    set->per_worker.clear();
  }
}

Status WorkerPool::set_listeners(const std::vector<ListenerSpec>& specs, std::chrono::milliseconds drain) {
  if (!running_) return fail(ErrorCode::kInvalidArgument, "set_listeners: the worker pool is not running");
  std::map<uint32_t, std::unique_ptr<Set>> old;
  for (auto& s : sets_) old[s->spec.id] = std::move(s);
  std::vector<std::unique_ptr<Set>> next;
  std::vector<Set*> opened;
  Status status;
  for (const auto& spec : specs) {
    auto it = old.find(spec.id);
    if (it != old.end() && it->second && it->second->spec == spec) {
      next.push_back(std::move(it->second));  // unchanged: keep the sockets
      continue;
    }
    auto set = std::make_unique<Set>();
    status = open_set(spec, *set);
    if (!status) break;
    opened.push_back(set.get());
    next.push_back(std::move(set));
  }
  if (!status) {  // roll back: close what we opened, keep the old set
    for (Set* s : opened) close_set(*s, std::chrono::milliseconds(0));
    sets_.clear();
    for (auto& n : next)
      if (std::find(opened.begin(), opened.end(), n.get()) == opened.end()) sets_.push_back(std::move(n));
    for (auto& [id, s] : old)
      if (s) sets_.push_back(std::move(s));
    return status;
  }
  std::vector<Set*> removed;
  for (auto& [id, s] : old)
    if (s) removed.push_back(s.get());
  close_sets(removed, drain);
  sets_ = std::move(next);
  return {};
}

std::vector<BoundListener> WorkerPool::listeners() const {
  std::vector<BoundListener> out;
  for (auto& s : sets_) out.push_back({s->spec, s->bound});
  return out;
}

ListenerCounters::Snapshot WorkerPool::stats(uint32_t listener_id) const {
  ListenerCounters::Snapshot sum{};
  for (auto& s : sets_)
    if (s->spec.id == listener_id)
      for (auto& l : s->per_worker) add_to(sum, l->counters().snapshot());
  return sum;
}

void WorkerPool::stop(std::chrono::milliseconds drain) {
  if (!running_) return;
  std::vector<Set*> all;
  for (auto& s : sets_) all.push_back(s.get());
  close_sets(all, drain);
  sets_.clear();
  for (auto& w : workers_) w->io_.stop();
  for (auto& w : workers_)
    if (w->thread_.joinable()) w->thread_.join();
  running_ = false;
  for (auto& w : workers_) {
    w->io_.shutdown_services();  // destroys pending coroutines while the handler lives
    w->handler_.reset();
  }
}

}  // namespace dns4eu::net
