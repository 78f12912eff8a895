/// A band of C's columns that one kernel call covers: 3 vectors wide (48 columns with AVX-512) while
/// that many columns are left, then 1 vector wide. The last strip may hold fewer `columns` than its `width`.
struct Strip {
    let start: Int
    let width: Int
    let columns: Int

    /// The strips that cover `range`, left to right.
    static func covering(_ range: Range<Int>) -> [Strip] {
        var strips: [Strip] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let left = range.upperBound - start
            let width = left >= kernelColumns ? kernelColumns : lanes
            strips.append(Strip(start: start, width: width, columns: Swift.min(width, left)))
            start += width
        }
        return strips
    }
}
