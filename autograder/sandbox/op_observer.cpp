// The aten trace's fast path: a RecordFunction callback that notes the name of every op the
// dispatcher runs, in any thread, and keeps nothing else (torch's profiler builds several timed
// events per op). Loaded with ctypes; see op_observer.py.
#include <ATen/record_function.h>

#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace {

std::mutex lock;
// Op names are the schema's strings, so a name's pointer identifies it; other events (autograd
// nodes, user scopes) may reuse a freed pointer for another name, hence the strcmp.
std::unordered_map<const char*, std::string> by_pointer;
std::set<std::string> names;
std::string joined;
at::CallbackHandle handle = 0;
long generation = 0;  // counts starts: a stop and restart inside a traced call shows as a new generation

std::unique_ptr<at::ObserverContext> on_enter(const at::RecordFunction& fn) {
  const char* name = fn.name();
  std::lock_guard<std::mutex> guard(lock);
  auto found = by_pointer.find(name);
  if (found == by_pointer.end() || std::strcmp(found->second.c_str(), name) != 0) {
    by_pointer[name] = name;
    names.insert(name);
  }
  return nullptr;
}

}  // namespace

extern "C" {

// The new generation (> 0), or 0 when already running.
long op_observer_start() {
  if (handle != 0) return 0;
  {
    std::lock_guard<std::mutex> guard(lock);
    names.clear();
    by_pointer.clear();
  }
  handle = at::addGlobalCallback(
      at::RecordFunctionCallback(on_enter).needsInputs(false).needsOutputs(false).needsIds(false));
  return ++generation;
}

long op_observer_generation() { return generation; }

// False when the callback can no longer see ops: callbacks cleared, or RecordFunction switched off.
int op_observer_intact() {
  return handle != 0 && at::hasGlobalCallbacks() && at::isRecordFunctionEnabled();
}

// Stops observing; the names seen since start, one per line.
const char* op_observer_stop() {
  if (handle != 0) {
    if (at::hasGlobalCallbacks()) at::removeCallback(handle);
    handle = 0;
  }
  std::lock_guard<std::mutex> guard(lock);
  joined.clear();
  for (const auto& name : names) {
    joined += name;
    joined += '\n';
  }
  return joined.c_str();
}

}  // extern "C"
