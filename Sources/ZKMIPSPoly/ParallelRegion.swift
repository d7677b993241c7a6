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
    guard count > 1,
      busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
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

/// Coordination inside one parallel region: a barrier and shared work lists.
///
/// This base class is the serial version (one participant); `SharedRegionContext` is the
/// threaded one.
class RegionContext: @unchecked Sendable {
  private var next = (0, 0, 0, 0)

  /// Waits until every participant of the region has reached this barrier; writes made
  /// before it are visible to all participants after it.
  func barrier() {}

  /// The next unclaimed index of work list `list` (0...3). Every index is handed to exactly
  /// one participant, so a loop `while i < total { work(i); i = claim(list) }` shares the
  /// work dynamically: a participant slowed down by another process just claims less.
  func claim(_ list: Int) -> Int {
    switch list {
    case 0: defer { next.0 += 1 }; return next.0
    case 1: defer { next.1 += 1 }; return next.1
    case 2: defer { next.2 += 1 }; return next.2
    default: defer { next.3 += 1 }; return next.3
    }
  }
}

/// The threaded region context: a spin barrier and four atomic work-list counters.
@available(macOS 15.0, *)
final class SharedRegionContext: RegionContext, @unchecked Sendable {
  private let spinBarrier: SpinBarrier
  private let list0 = Atomic<Int>(0), list1 = Atomic<Int>(0)
  private let list2 = Atomic<Int>(0), list3 = Atomic<Int>(0)

  init(parties: Int) { spinBarrier = SpinBarrier(parties: parties) }

  override func barrier() { spinBarrier.wait() }

  override func claim(_ list: Int) -> Int {
    switch list {
    case 0: return list0.add(1, ordering: .relaxed).oldValue
    case 1: return list1.add(1, ordering: .relaxed).oldValue
    case 2: return list2.add(1, ordering: .relaxed).oldValue
    default: return list3.add(1, ordering: .relaxed).oldValue
    }
  }
}

/// Entry point the kernels use: a threaded region, or a serial call where atomics are
/// unavailable (macOS < 15), one thread is requested, or the pool is already busy.
enum Parallel {
  /// The number of threads a transform uses by default: every available core.
  static var availableThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

  /// Runs `body(index, count, context)` on up to `threads` threads (index 0 on the caller).
  static func region(
    threads: Int, _ body: (_ index: Int, _ count: Int, _ context: RegionContext) -> Void
  ) {
    if threads > 1, #available(macOS 15.0, *) {
      let pool = WorkerPool.shared
      let count = Swift.min(threads, pool.participants)
      if count > 1 {
        let shared = SharedRegionContext(parties: count)
        pool.run(threads: count) { index, actual in
          // `actual` is 1 if the pool was busy: then this caller runs alone.
          if actual == count {
            body(index, count, shared)
          } else {
            body(index, actual, RegionContext())
          }
        }
        return
      }
    }
    body(0, 1, RegionContext())
  }
}
