import Testing
import ZKMIPSField

@Test func koalaBearSmoke() {
  let p = UInt64(KoalaBear.modulus)
  for (a, b) in [(UInt32(0), UInt32(1)), (0x7f00_0000, 0x7f00_0000), (12345, 0x7eff_ffff), (0xffff_ffff, 3)] {
    let x = KoalaBear(a), y = KoalaBear(b)
    #expect((x * y).value == UInt32((UInt64(a) % p) * (UInt64(b) % p) % p))
    #expect((x + y).value == UInt32((UInt64(a) % p + UInt64(b) % p) % p))
    #expect((x - y).value == UInt32((UInt64(a) % p + p - UInt64(b) % p) % p))
  }
  #expect(KoalaBear(7).inverse()! * KoalaBear(7) == .one)
}
