import ZKMIPSField

func state16(_ values: [UInt32]) -> InlineArray<16, KoalaBear> {
  precondition(values.count == 16)
  var s = InlineArray<16, KoalaBear>(repeating: .zero)
  for i in 0..<16 { s[i] = KoalaBear(canonical: values[i])! }
  return s
}

func values16(_ s: InlineArray<16, KoalaBear>) -> [UInt32] { (0..<16).map { s[$0].value } }
