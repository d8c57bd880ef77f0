#pragma once
// Runs independent jobs on a few threads and hands their results back in job order, each as soon
// as it and all before it are done, so output stays deterministic while work runs in parallel.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace faaslet::spectest {

// work(i) -> R must not throw; deliver(i, R&&) runs on the calling thread, in order of i.
template <class R, class Work, class Deliver>
void runOrdered(size_t count, unsigned jobs, Work work, Deliver deliver) {
    std::vector<std::optional<R>> results(count);
    std::mutex mutex;
    std::condition_variable ready;
    size_t next = 0;

    auto worker = [&] {
        while (true) {
            size_t index;
            {
                std::lock_guard lock(mutex);
                if (next == count) return;
                index = next++;
            }
            R result = work(index);
            {
                std::lock_guard lock(mutex);
                results[index] = std::move(result);
            }
            ready.notify_all();
        }
    };

    unsigned threads = unsigned(std::min<size_t>(std::max(1u, jobs), count));
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (size_t i = 0; i < count; ++i) {
        R result;
        {
            std::unique_lock lock(mutex);
            ready.wait(lock, [&] { return results[i].has_value(); });
            result = std::move(*results[i]);
            results[i].reset();
        }
        deliver(i, std::move(result));
    }
    for (auto& t : pool) t.join();
}

}  // namespace faaslet::spectest
