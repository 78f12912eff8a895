import NablaCore
import NablaPlot
import Backprop

/// `--plot-dir`: the loss and accuracy of every step of section (c), and what the network learnt
/// as a picture: the class it gives each point of the plane, with the training points drawn on top.
func writeSpiralPlots(network: TwoLayerNetwork<Float>, points: Tensor<Float>, labels: [Int], losses: [Double],
                      accuracies: [Double], to directory: String) throws -> Int {
    let steps = losses.indices.map(Double.init)
    let curves = LineChart(title: "Training on the spiral", xLabel: "step", yLabel: "loss (nats) / accuracy",
                           series: [.init(name: "loss", x: steps, y: losses), .init(name: "accuracy (fraction)", x: steps, y: accuracies)])
    // The plane [−1.2, 1.2]² as a size × size grid; row 0 is the top (y = 1.2).
    let size = 96, extent: Float = 1.2
    var grid = Tensor<Float>(zeros: [size * size, 2])
    for row in 0..<size {
        for column in 0..<size {
            grid[row * size + column, 0] = -extent + 2 * extent * (Float(column) + 0.5) / Float(size)
            grid[row * size + column, 1] = extent - 2 * extent * (Float(row) + 0.5) / Float(size)
        }
    }
    let classes = network.forward(grid, labels: Array(repeating: 0, count: size * size)).predictions
    // Regions in light grays, the training points of each class in a darker shade of their region's gray.
    let regionGray: [UInt8] = [235, 190, 145], pointGray: [UInt8] = [120, 60, 0]
    var pixels = classes.map { regionGray[$0 % 3] }
    for (i, label) in labels.enumerated() {
        let column = Int((points[i, 0] + extent) / (2 * extent) * Float(size))
        let row = Int((extent - points[i, 1]) / (2 * extent) * Float(size))
        if (0..<size).contains(row), (0..<size).contains(column) { pixels[row * size + column] = pointGray[label % 3] }
    }
    let regions = ImageGrid(title: "The class the network gives each point of the plane", images: [
        GridImage(bytes: pixels, width: size, height: size, caption: "classes 0, 1, 2: light to dark; dots: the training points"),
    ], columns: 1, pixelSize: 4)
    let finalAccuracy = String(format: "%.1f%%", 100 * (accuracies.last ?? 0))
    let page = HTMLReport(title: "ch2-backprop: a two-layer network on the spiral",
                          summary: "\(labels.count) points in 3 arms; 2 → 64 → 3 with ReLU, its backward written by hand; "
                              + "full-batch SGD, lr 0.5, momentum 0.9.",
                          results: [("final loss", String(format: "%.4f", losses.last ?? .nan)), ("training accuracy", finalAccuracy)],
                          figures: [Figure(name: "training", chart: curves, caption: "Every step is one full-batch gradient step."),
                                    Figure(name: "regions", chart: regions,
                                           caption: "A linear classifier can only cut the plane with straight lines; the hidden "
                                           + "ReLU layer bends the boundaries around the arms.")])
    return try PlotDirectory.write(page, to: directory).count
}
