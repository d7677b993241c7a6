import Foundation
import Synchronization

/// Runs one fork/join region on a persistent pool of spinning worker threads.
///
/// Why not `DispatchQueue.concurrentPerform`: it cost ≈ 12 µs per region on this machine
/// class, while a transform wants several barriers. A region here costs well under a
/// microsecond when the workers are spinning; they spin for ~200 µs after a region (so
/// back-to-back transforms and passes stay cheap) and then sleep on a condition variable so
/// idle pools do not burn the shared cores.
@available(macOS 15.0, *)
final class WorkerPool: @unchecked Sendable {
  /// The process-wide pool, one participant per available core (the caller is one of them).
  static let shared = WorkerPool(participants: ProcessInfo.processInfo.activeProcessorCount)

  /// Threads that take part in a region, including the calling thread.
  let participants: Int
  private let generation = Atomic<Int>(0)
  private let pending = Atomic<Int>(0)
  /// Serialises regions: a second caller (another thread, or a nested call) runs serially.
  private let busy = Atomic<Bool>(false)
  private let sleepCondition = NSCondition()
  /// The body of the current region; written before `generation` is bumped (release) and
  /// read by workers after they observe the bump (acquire).
  private var job: ((Int, Int) -> Void)?
  private var jobParticipants = 1

  private init(participants: Int) {
    self.participants = max(1, participants)
    for index in 1..<self.participants {
      let thread = Thread { [unowned self] in self.workerLoop(index: index) }
      thread.name = "zkmips-ntt-\(index)"
      thread.stackSize = 1 << 20
      thread.start()
    }
  }

  /// Runs `body(index, count)` once for every index in 0..<count, concurrently, where
  /// count ≤ `threads`; index 0 runs on the calling thread. Returns when all have finished.
  func run(threads: Int, _ body: (Int, Int) -> Void) {
    let count = Swift.min(Swift.max(1, threads), participants)
    guard count > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else {
      body(0, 1)
      return
    }
    withoutActuallyEscaping(body) { escapable in
      job = escapable
      jobParticipants = count
      pending.store(participants - 1, ordering: .relaxed)
      sleepCondition.lock()
      generation.add(1, ordering: .releasing)
      sleepCondition.broadcast()
      sleepCondition.unlock()
      escapable(0, count)
      var spins = 0
      while pending.load(ordering: .acquiring) != 0 {
        spins &+= 1
        if spins & 0xfff == 0 { sched_yield() }
      }
      job = nil
    }
    busy.store(false, ordering: .releasing)
  }

  private func workerLoop(index: Int) {
    var seen = 0
    while true {
      var start = DispatchTime.now().uptimeNanoseconds
      var spins = 0
      while generation.load(ordering: .acquiring) == seen {
        spins &+= 1
        if spins & 0x3ff != 0 { continue }
        let now = DispatchTime.now().uptimeNanoseconds
        if now &- start > 200_000 {
          sleepCondition.lock()
          while generation.load(ordering: .acquiring) == seen { sleepCondition.wait() }
          sleepCondition.unlock()
          start = now
        }
      }
      seen = generation.load(ordering: .acquiring)
      if index < jobParticipants, let job { job(index, jobParticipants) }
      pending.subtract(1, ordering: .releasing)
    }
  }
}

/// A reusable barrier for the participants of one region (sense reversal on a phase counter).
@available(macOS 15.0, *)
final class SpinBarrier: @unchecked Sendable {
  private let arrived = Atomic<Int>(0)
  private let phase = Atomic<Int>(0)
  let parties: Int

  init(parties: Int) { self.parties = parties }

  /// Blocks until all `parties` participants have called `wait()` for this phase; memory
  /// written before the call is visible to every participant after it.
  func wait() {
    if parties <= 1 { return }
    let current = phase.load(ordering: .acquiring)
    if arrived.add(1, ordering: .acquiringAndReleasing).newValue == parties {
      arrived.store(0, ordering: .relaxed)
      phase.add(1, ordering: .releasing)
    } else {
      var spins = 0
      while phase.load(ordering: .acquiring) == current {
        spins &+= 1
        if spins & 0xfff == 0 { sched_yield() }
      }
    }
  }
}

/// Entry point the kernels use: a region with a barrier, or a serial call where atomics are
/// unavailable (macOS < 15) or one thread is requested.
enum Parallel {
  /// The number of threads a transform uses by default: every available core.
  static var availableThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

  /// Runs `body(index, count, barrier)` on up to `threads` threads; `barrier()` synchronises
  /// all participants of the region.
  static func region(threads: Int, _ body: (_ index: Int, _ count: Int, _ barrier: () -> Void) -> Void) {
    if threads > 1, #available(macOS 15.0, *) {
      let pool = WorkerPool.shared
      let count = Swift.min(threads, pool.participants)
      if count > 1 {
        let barrier = SpinBarrier(parties: count)
        pool.run(threads: count) { index, actual in
          // `actual` may be 1 if the pool was busy; then no one else waits at the barrier.
          if actual == count {
            body(index, count) { barrier.wait() }
          } else {
            body(index, actual) {}
          }
        }
        return
      }
    }
    body(0, 1) {}
  }
}
