/// The Linux side of the machine: system calls (o32 numbers), I/O streams, brk and
/// anonymous mappings, and the initial stack.
///
/// Every answer is deterministic (no clock, no host identity), so a run is a pure function
/// of program, input and hints.
public final class Kernel {
  /// One past the highest stack address (the address ceiling).
  public static let stackTop: UInt32 = GuestMemory.addressCeiling
  /// Stack size, as Linux's default limit.
  public static let stackSize: UInt32 = 8 << 20
  /// Anonymous mappings are placed downwards from here, below the stack and a guard gap.
  public static let mmapTop: UInt32 = stackTop - stackSize - (1 << 20)

  /// Public input (fd 0) and private hints (fd 3).
  public let input: InputStream
  public let hints: InputStream
  /// Everything the guest wrote to fd 1 (kept when ``keepsOutput``).
  public private(set) var output: [UInt8] = []
  /// Whether fd 1 bytes are kept in ``output`` (the statement needs them).
  public var keepsOutput = true
  /// Called with each chunk written to fd 1 / fd 2 (e.g. to pass it through to the host).
  public var standardOutputSink: (([UInt8]) -> Void)? = nil
  public var standardErrorSink: (([UInt8]) -> Void)? = nil

  /// Start and current end of the brk heap.
  public let initialBreak: UInt32
  public private(set) var currentBreak: UInt32
  /// Lowest address handed out by mmap so far (mappings grow downwards).
  public private(set) var mmapLow: UInt32 = Kernel.mmapTop

  init(input: InputStream, hints: InputStream, imageEnd: UInt32) {
    self.input = input
    self.hints = hints
    initialBreak = imageEnd
    currentBreak = imageEnd
  }

  // MIPS errno values (they differ from x86's).
  static let ENOENT: UInt32 = 2
  static let EBADF: UInt32 = 9
  static let ENOMEM: UInt32 = 12
  static let EFAULT: UInt32 = 14
  static let ENODEV: UInt32 = 19
  static let EINVAL: UInt32 = 22
  static let ENOTTY: UInt32 = 25
  static let ENOSYS: UInt32 = 89

  /// The syscalls answered; anything else returns -ENOSYS.
  public enum Number: UInt32, CaseIterable, Sendable {
    case exit = 4001, read = 4003, write = 4004, close = 4006, getpid = 4020, getuid = 4024
    case ioctl = 4054, brk = 4045, getgid = 4047, geteuid = 4049, getegid = 4050
    case mmap = 4090, munmap = 4091, uname = 4122, writev = 4146, schedYield = 4158
    case rtSigaction = 4194, rtSigprocmask = 4195, mmap2 = 4210, gettid = 4222
    case exitGroup = 4246, setTidAddress = 4252, clockGettime = 4263, setThreadArea = 4283
  }

  private enum Result {
    case value(UInt32)
    case error(UInt32)
    case exit(UInt8)
  }

  /// Executes the syscall described by the registers; returns the exit status if the guest
  /// exited.
  func syscall<R: ExecutionRecorder>(
    machine: Machine, regs: UnsafeMutablePointer<UInt32>, cycle: UInt64, recorder: inout R
  ) -> ExitStatus? {
    let number = regs[2]
    let a0 = regs[4], a1 = regs[5], a2 = regs[6], a3 = regs[7]
    let memory = machine.memory
    var data: [UInt8] = []
    var buffer: UInt32 = 0
    let result: Result
    switch Number(rawValue: number) {
    case .exit, .exitGroup:
      result = .exit(UInt8(truncatingIfNeeded: a0))
    case .read:
      let stream: InputStream? = a0 == 0 ? input : a0 == 3 ? hints : nil
      if let stream {
        let want = Int(min(a2, 1 << 24))
        if !memory.isRangeMapped(a1, count: want) {
          result = .error(Kernel.EFAULT)
        } else {
          let bytes = stream.take(want)
          _ = memory.write(bytes, at: a1)
          if R.isRecording {
            data = Array(bytes)
            buffer = a1
          }
          result = .value(UInt32(bytes.count))
        }
      } else {
        result = .error(Kernel.EBADF)
      }
    case .write:
      if a0 == 1 || a0 == 2 {
        if let bytes = memory.read(a1, count: Int(min(a2, 1 << 24))) {
          emit(fd: a0, bytes)
          if R.isRecording {
            data = bytes
            buffer = a1
          }
          result = .value(UInt32(bytes.count))
        } else {
          result = .error(Kernel.EFAULT)
        }
      } else {
        result = .error(Kernel.EBADF)
      }
    case .writev:
      result = writev(fd: a0, iov: a1, count: a2, memory: memory, data: &data)
    case .close, .rtSigaction, .rtSigprocmask, .schedYield:
      result = .value(0)
    case .getpid, .gettid, .setTidAddress:
      result = .value(1)
    case .getuid, .geteuid, .getgid, .getegid:
      result = .value(0)
    case .ioctl:
      result = .error(Kernel.ENOTTY)
    case .brk:
      result = .value(brk(a0, memory: memory))
    case .mmap, .mmap2:
      // o32 passes arguments 5 and 6 (fd, offset) on the stack at 16($sp) and 20($sp).
      let fd = memory.loadWord(regs[29] &+ 16) ?? 0
      result = mmap(address: a0, length: a1, flags: a3, fd: fd, memory: memory)
    case .munmap:
      if a0 & 0xfff != 0 || a1 == 0 {
        result = .error(Kernel.EINVAL)
      } else {
        memory.unmap(start: a0, size: a1)
        result = .value(0)
      }
    case .uname:
      result = uname(a0, memory: memory)
    case .clockGettime:
      // Deterministic: time stands still at the epoch inside a provable run.
      let time = Kernel.clockTime
      result =
        memory.isRangeMapped(a1, count: time.count) && memory.write(time, at: a1)
        ? .value(0) : .error(Kernel.EFAULT)
    case .setThreadArea:
      machine.threadPointer = a0
      result = .value(0)
    case nil:
      result = .error(Kernel.ENOSYS)
    }
    var status: ExitStatus? = nil
    switch result {
    case .value(let v):
      regs[2] = v
      regs[7] = 0
    case .error(let e):
      regs[2] = e
      regs[7] = 1
    case .exit(let code):
      status = .exited(code)
    }
    if R.isRecording {
      recorder.recordSyscall(
        SyscallEvent(
          cycle: cycle, number: number, arguments: [a0, a1, a2, a3], result: regs[2],
          errorFlag: regs[7], data: data, bufferAddress: buffer))
    }
    return status
  }

  private func emit(fd: UInt32, _ bytes: [UInt8]) {
    if fd == 1 {
      if keepsOutput { output.append(contentsOf: bytes) }
      standardOutputSink?(bytes)
    } else {
      standardErrorSink?(bytes)
    }
  }

  private func writev(
    fd: UInt32, iov: UInt32, count: UInt32, memory: GuestMemory, data: inout [UInt8]
  ) -> Result {
    guard fd == 1 || fd == 2 else { return .error(Kernel.EBADF) }
    guard count <= 1024 else { return .error(Kernel.EINVAL) }
    var all: [UInt8] = []
    for i in 0..<count {
      guard let base = memory.loadWord(iov &+ i * 8), let len = memory.loadWord(iov &+ i * 8 &+ 4),
        iov & 3 == 0, let bytes = memory.read(base, count: Int(min(len, 1 << 24)))
      else { return .error(Kernel.EFAULT) }
      all += bytes
    }
    emit(fd: fd, all)
    data = all
    return .value(UInt32(all.count))
  }

  private func brk(_ request: UInt32, memory: GuestMemory) -> UInt32 {
    // Linux semantics: an impossible request leaves the break where it was, and the call
    // returns the (unchanged) break.
    guard request >= initialBreak, request <= mmapLow else { return currentBreak }
    let oldTop = (currentBreak + 0xfff) & ~0xfff
    let newTop = UInt32((UInt64(request) + 0xfff) & ~0xfff)
    if newTop > oldTop {
      guard memory.map(start: oldTop, size: newTop - oldTop) else { return currentBreak }
    } else if newTop < oldTop {
      memory.unmap(start: newTop, size: oldTop - newTop)
    }
    currentBreak = request
    return request
  }

  private func mmap(
    address: UInt32, length: UInt32, flags: UInt32, fd: UInt32, memory: GuestMemory
  ) -> Result {
    let mapAnonymous: UInt32 = 0x800  // MIPS value
    let mapFixed: UInt32 = 0x10
    guard flags & mapAnonymous != 0 else {
      return .error(fd == 0xffff_ffff ? Kernel.EINVAL : Kernel.ENODEV)
    }
    guard length > 0, length <= 0x7000_0000 else { return .error(Kernel.EINVAL) }
    let size = (length + 0xfff) & ~0xfff
    if flags & mapFixed != 0 {
      guard address & 0xfff == 0,
        UInt64(address) + UInt64(size) <= UInt64(GuestMemory.addressCeiling)
      else { return .error(Kernel.EINVAL) }
      memory.unmap(start: address, size: size)
      return memory.map(start: address, size: size) ? .value(address) : .error(Kernel.ENOMEM)
    }
    guard size <= mmapLow, mmapLow - size >= (currentBreak + 0xfff) & ~0xfff else {
      return .error(Kernel.ENOMEM)
    }
    let start = mmapLow - size
    guard memory.map(start: start, size: size) else { return .error(Kernel.ENOMEM) }
    mmapLow = start
    return .value(start)
  }

  /// The `struct timespec` clock_gettime stores at `$a1` (8 bytes, all zero: the epoch).
  public static let clockTime = [UInt8](repeating: 0, count: 8)

  /// The `struct utsname` uname stores at `$a0`: six 65-byte NUL-padded fields (sysname,
  /// nodename, release, version, machine, domainname), 390 bytes.
  public static let utsname: [UInt8] = {
    let fields = ["Linux", "zkmips", "5.10.0", "#1 zkMIPS", "mips", ""]
    var bytes: [UInt8] = []
    for f in fields {
      var field = Array(f.utf8)
      field += [UInt8](repeating: 0, count: 65 - field.count)
      bytes += field
    }
    return bytes
  }()

  private func uname(_ address: UInt32, memory: GuestMemory) -> Result {
    let bytes = Kernel.utsname
    return memory.isRangeMapped(address, count: bytes.count) && memory.write(bytes, at: address)
      ? .value(0) : .error(Kernel.EFAULT)
  }

  /// Writes argc, argv, envp and auxv like Linux and returns the initial $sp.
  func buildInitialStack(
    memory: GuestMemory, arguments: [String], environment: [String], entry: UInt32
  ) -> UInt32 {
    var top = Kernel.stackTop - 16
    func push(_ bytes: [UInt8]) -> UInt32 {
      top -= UInt32(bytes.count)
      _ = memory.write(bytes, at: top)
      return top
    }
    // 16 fixed pseudo-random bytes for AT_RANDOM (deterministic by design).
    let random = push((0..<16).map { UInt8(truncatingIfNeeded: 0x5a &+ $0 &* 17) })
    let platform = push(Array("mips\0".utf8))
    let argv = arguments.map { push(Array($0.utf8) + [0]) }
    let envp = environment.map { push(Array($0.utf8) + [0]) }
    let auxv: [(UInt32, UInt32)] = [
      (6, GuestMemory.pageSize),  // AT_PAGESZ
      (9, entry),  // AT_ENTRY
      (11, 0), (12, 0), (13, 0), (14, 0),  // AT_UID, AT_EUID, AT_GID, AT_EGID
      (16, 0),  // AT_HWCAP
      (17, 100),  // AT_CLKTCK
      (23, 0),  // AT_SECURE
      (25, random),  // AT_RANDOM
      (15, platform),  // AT_PLATFORM
      (0, 0),  // AT_NULL
    ]
    var words: [UInt32] = [UInt32(argv.count)] + argv + [0] + envp + [0]
    for (k, v) in auxv { words += [k, v] }
    top = (top - UInt32(words.count * 4)) & ~15
    for (i, word) in words.enumerated() { _ = memory.storeWord(top + UInt32(i * 4), word) }
    return top
  }
}
