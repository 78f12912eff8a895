/// What a chart could not draw, counted by kind and by where it came from, and told in one
/// sentence under the chart: "Left out: 12 points not finite (train loss 10, val loss 2)."
struct LeftOut {
    private struct Group {
        var noun: String
        var qualifier: String
        var sources: [(name: String, count: Int)] = []
    }

    private var groups: [Group] = []

    var isEmpty: Bool { groups.isEmpty }

    /// Counts `count` things (`noun`, singular) left out because they are `qualifier`, from `source`
    /// (a series or panel name, or empty).
    mutating func add(_ count: Int, _ noun: String, _ qualifier: String, from source: String = "") {
        guard count > 0 else { return }
        var index = groups.firstIndex { $0.noun == noun && $0.qualifier == qualifier }
        if index == nil {
            groups.append(Group(noun: noun, qualifier: qualifier))
            index = groups.count - 1
        }
        if let known = groups[index!].sources.firstIndex(where: { $0.name == source }) {
            groups[index!].sources[known].count += count
        } else {
            groups[index!].sources.append((source, count))
        }
    }

    var sentence: String? {
        guard !groups.isEmpty else { return nil }
        let parts = groups.map { group -> String in
            let total = group.sources.reduce(0) { $0 + $1.count }
            var part = "\(total) \(group.noun)\(total == 1 ? "" : "s") \(group.qualifier)"
            let named = group.sources.filter { !$0.name.isEmpty }
            if named.count == 1 && group.sources.count == 1 {
                part += " (\(named[0].name))"
            } else if !named.isEmpty {
                part += " (" + named.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + ")"
            }
            return part
        }
        return "Left out: " + parts.joined(separator: "; ") + "."
    }

    /// Draws the sentence in lines of at most `width` pixels, the first baseline at `y`.
    func draw(on canvas: inout SVGCanvas, x: Double, y: Double, width: Double) {
        for (index, line) in lines(width: width).enumerated() {
            canvas.text(line, x: x, y: y + Double(index) * 15, size: 11, fill: Style.warning)
        }
    }

    func lines(width: Double) -> [String] {
        sentence.map { wrapped($0, width: width, size: 11) } ?? []
    }

    /// The height `draw` needs.
    func height(width: Double) -> Double {
        Double(lines(width: width).count) * 15
    }
}
