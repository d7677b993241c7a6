import ZKMIPSField

/// Known-answer data published by Plonky3 for Poseidon2 on KoalaBear, width 16
/// (`koala-bear/src/poseidon2.rs`: `KOALABEAR_POSEIDON2_RC_16_*` and the test
/// `test_default_koalabear_poseidon2_width_16`). Plonky3 documents these constants as the
/// output of the Grain LFSR with field_type=1, alpha=3, n=31, t=16, R_F=8, R_P=20.
enum Plonky3KoalaBear16 {
  static let externalInitial: [[UInt32]] = [
    [
      0x7ee5_6a48, 0x1136_7045, 0x12e4_1941, 0x7ebb_c12b, 0x1970_b7d5, 0x662b_60e8, 0x3e49_90c6,
      0x679f_91f5, 0x3508_13bb, 0x0087_4ad4, 0x28a0_081a, 0x18fa_5872, 0x5f25_b071, 0x5e5d_5998,
      0x5e6f_d3e7, 0x5b2e_2660,
    ],
    [
      0x6f18_37bf, 0x3fe6_182b, 0x1edd_7ac5, 0x5747_0d00, 0x43d4_86d5, 0x1982_c70f, 0x0ea5_3af9,
      0x61d6_165b, 0x5163_9c00, 0x2dec_352c, 0x2950_e531, 0x2d2c_b947, 0x0825_6cef, 0x1a01_09f6,
      0x1f51_faf3, 0x5cef_1c62,
    ],
    [
      0x3d65_e50e, 0x33d9_1626, 0x133d_5a1e, 0x0ff4_9b0d, 0x3890_0cd1, 0x2c22_cc3f, 0x2885_2bb2,
      0x06c6_5a02, 0x7b2c_f7bc, 0x6801_6e1a, 0x15e1_6bc0, 0x5248_149a, 0x6dd2_12a0, 0x18d6_830a,
      0x5001_be82, 0x64da_c34e,
    ],
    [
      0x5902_b287, 0x4265_83a0, 0x0c92_1632, 0x3fe0_28a5, 0x245f_8e49, 0x43bb_297e, 0x7873_dbd9,
      0x3cc9_87df, 0x286b_b4ce, 0x640a_8dcd, 0x512a_8e36, 0x03a4_cf55, 0x4818_37a2, 0x03d6_da84,
      0x7372_6ac7, 0x760e_7fdf,
    ],
  ]

  static let externalFinal: [[UInt32]] = [
    [
      0x43e7_dc24, 0x259a_5d61, 0x27e8_5a3b, 0x1b91_33fa, 0x343e_5628, 0x485c_d4c2, 0x16e2_69f5,
      0x165b_60c6, 0x25f6_83d9, 0x124f_81f9, 0x1743_31f9, 0x7734_4dc5, 0x5a82_1dba, 0x5fc4_177f,
      0x5415_3bf5, 0x5e3f_1194,
    ],
    [
      0x3bdb_f191, 0x088c_84a3, 0x6825_6c9b, 0x3c90_bbc6, 0x6846_166a, 0x03f4_238d, 0x4633_35fb,
      0x5e3d_3551, 0x6e59_ae6f, 0x32d0_6cc0, 0x5962_93f3, 0x6c87_edb2, 0x08fc_60b5, 0x34bc_ca80,
      0x24f0_07f3, 0x6273_1c6f,
    ],
    [
      0x1e1d_b6c6, 0x0ca4_09bb, 0x585c_1e78, 0x56e9_4edc, 0x16d2_2734, 0x18e1_1467, 0x7b2c_3730,
      0x7700_75e4, 0x35d1_b18c, 0x22be_3db5, 0x4fb1_fbb7, 0x477c_b3ed, 0x7d53_11c6, 0x5b62_ae7d,
      0x559c_5fa8, 0x77f1_5048,
    ],
    [
      0x3211_570b, 0x490f_ef6a, 0x77ec_311f, 0x2247_171b, 0x4e0a_c711, 0x2edf_69c9, 0x3b5a_8850,
      0x6580_9421, 0x5619_b4aa, 0x3620_19a7, 0x6bf9_d4ed, 0x5b41_3dff, 0x617e_181e, 0x5e7a_b57b,
      0x33ad_7833, 0x3466_c7ca,
    ],
  ]

  static let internalRounds: [UInt32] = [
    0x54df_eb5d, 0x7d40_afd6, 0x722c_b316, 0x106a_4573, 0x45a7_ccdb, 0x4406_1375, 0x1540_77a5,
    0x4574_4faa, 0x4eb5_e5ee, 0x3794_e83f, 0x47c7_093c, 0x5694_903c, 0x69cb_6299, 0x373d_f84c,
    0x46a0_df58, 0x46b8_758a, 0x3241_ebcb, 0x0b09_d233, 0x1af4_2357, 0x1e66_cec2,
  ]

  /// The published permutation input and output (decimal in the source).
  static let vectorInput: [UInt32] = [
    894_848_333, 1_437_655_012, 1_200_606_629, 1_690_012_884, 71_131_202, 1_749_206_695,
    1_717_947_831, 120_589_055, 19_776_022, 42_382_981, 1_831_865_506, 724_844_064, 171_220_207,
    1_299_207_443, 227_047_920, 1_783_754_913,
  ]
  static let vectorOutput: [UInt32] = [
    1_934_285_469, 604_889_435, 133_449_501, 1_026_180_808, 1_830_659_359, 176_667_110,
    1_391_183_747, 351_743_874, 1_238_264_085, 1_292_768_839, 2_023_573_270, 1_201_586_780,
    1_360_691_759, 1_230_682_461, 748_270_449, 651_545_025,
  ]

  /// All 148 constants in round order: initial external, internal, final external.
  static var allInRoundOrder: [UInt32] {
    externalInitial.flatMap { $0 } + internalRounds + externalFinal.flatMap { $0 }
  }
}

/// A deliberately plain Poseidon2 (dense matrices, `KoalaBear` arithmetic, no shortcuts), built
/// from the specification rather than from the library, to check the optimised kernels.
struct ReferencePoseidon2 {
  let externalMatrix: [[KoalaBear]]
  let internalMatrix: [[KoalaBear]]
  let constants: [KoalaBear]

  /// The 4×4 block M4 = circ(2, 3, 1, 1) written as rows.
  static let m4: [[UInt32]] = [[2, 3, 1, 1], [1, 2, 3, 1], [1, 1, 2, 3], [3, 1, 1, 2]]

  /// V as the specification states it: −2, 1, 2, 1/2, 3, 4, −1/2, −3, −4, 2^−8, 2^−3, 2^−24,
  /// −2^−8, −2^−3, −2^−4, −2^−24.
  static var diagonal: [KoalaBear] {
    func inv2(_ k: UInt64) -> KoalaBear { KoalaBear(1 << k).inverse()! }
    let n = { (x: KoalaBear) in KoalaBear.zero - x }
    return [
      n(KoalaBear(2)), KoalaBear(1), KoalaBear(2), inv2(1), KoalaBear(3), KoalaBear(4), n(inv2(1)),
      n(KoalaBear(3)), n(KoalaBear(4)), inv2(8), inv2(3), inv2(24), n(inv2(8)), n(inv2(3)),
      n(inv2(4)), n(inv2(24)),
    ]
  }

  init(constants: [UInt32]) {
    self.constants = constants.map { KoalaBear(canonical: $0)! }
    var me = [[KoalaBear]](repeating: [KoalaBear](repeating: .zero, count: 16), count: 16)
    for i in 0..<16 {
      for j in 0..<16 {
        let block = ReferencePoseidon2.m4[i % 4][j % 4] * (i / 4 == j / 4 ? 2 : 1)
        me[i][j] = KoalaBear(block)
      }
    }
    externalMatrix = me
    let v = ReferencePoseidon2.diagonal
    var mi = [[KoalaBear]](repeating: [KoalaBear](repeating: .one, count: 16), count: 16)
    for i in 0..<16 { mi[i][i] = KoalaBear.one + v[i] }
    internalMatrix = mi
  }

  static func apply(_ m: [[KoalaBear]], _ x: [KoalaBear]) -> [KoalaBear] {
    m.map { row in zip(row, x).reduce(KoalaBear.zero) { $0 + $1.0 * $1.1 } }
  }

  func permute(_ input: [KoalaBear]) -> [KoalaBear] {
    var x = ReferencePoseidon2.apply(externalMatrix, input)
    var c = 0
    func full() {
      for i in 0..<16 { x[i] = (x[i] + constants[c + i]).power(3) }
      c += 16
      x = ReferencePoseidon2.apply(externalMatrix, x)
    }
    for _ in 0..<4 { full() }
    for _ in 0..<20 {
      x[0] = (x[0] + constants[c]).power(3)
      c += 1
      x = ReferencePoseidon2.apply(internalMatrix, x)
    }
    for _ in 0..<4 { full() }
    return x
  }
}
