/// The MIPS32r2 little-endian machine: registers, memory, I/O streams and the interpreter.
///
/// State is (pc, nextPC): the delay slot is architectural. Registers live in a host array,
/// outside guest memory. A run ends when the guest exits, faults, or reaches the cycle
/// limit; nothing the guest does can crash the host.
public final class Machine {
  /// Guest memory (loaded segments, stack, heap and anonymous mappings).
  public let memory: GuestMemory
  /// General-purpose registers $0...$31 ($0 reads as zero).
  @usableFromInline let regs: UnsafeMutablePointer<UInt32>
  /// The address of the instruction executed next.
  public internal(set) var pc: UInt32
  /// The address after it (differs from pc + 4 when pc is a delay slot).
  public internal(set) var nextPC: UInt32
  public internal(set) var hi: UInt32 = 0
  public internal(set) var lo: UInt32 = 0
  /// Instructions executed so far.
  public internal(set) var cycles: UInt64 = 0
  /// Address reserved by the last LL (`nil` when there is no reservation).
  var linkedAddress: UInt32? = nil
  /// The thread pointer set by set_thread_area, read by `rdhwr $29`.
  var threadPointer: UInt32 = 0
  /// How the run ended, once it has.
  public internal(set) var exitStatus: ExitStatus? = nil

  /// The operating-system side: I/O streams, brk and mmap state.
  public let kernel: Kernel

  /// Loads `program` and prepares the Linux-style initial stack.
  ///
  /// - Parameters:
  ///   - arguments: argv (argv[0] is the program name).
  ///   - environment: envp strings (`KEY=value`).
  public init(
    program: ELFProgram, input: InputStream = InputStream(bytes: []),
    hints: InputStream = InputStream(bytes: []), arguments: [String] = ["program"],
    environment: [String] = []
  ) {
    memory = GuestMemory()
    regs = .allocate(capacity: 32)
    regs.initialize(repeating: 0, count: 32)
    pc = program.entry
    nextPC = program.entry &+ 4
    for s in program.segments {
      memory.map(start: s.virtualAddress, size: s.memorySize)
      _ = memory.write(s.data, at: s.virtualAddress)
    }
    kernel = Kernel(input: input, hints: hints, imageEnd: program.endOfImage)
    memory.map(start: Kernel.stackTop - Kernel.stackSize, size: Kernel.stackSize)
    regs[29] = kernel.buildInitialStack(
      memory: memory, arguments: arguments, environment: environment, entry: program.entry)
  }

  deinit { regs.deallocate() }

  /// Register `index` (0...31).
  public func register(_ index: Int) -> UInt32 { regs[index & 31] }

  /// Sets register `index` (writes to $0 are ignored).
  public func setRegister(_ index: Int, _ value: UInt32) {
    if index & 31 != 0 { regs[index & 31] = value }
  }

  /// All 32 registers.
  public var registers: [UInt32] { (0..<32).map { regs[$0] } }

  /// Runs until exit, fault or `maxCycles` total instructions, without recording.
  @discardableResult
  public func run(maxCycles: UInt64 = .max) -> ExitStatus {
    var none = NoRecorder()
    return run(maxCycles: maxCycles, recorder: &none)
  }
}
