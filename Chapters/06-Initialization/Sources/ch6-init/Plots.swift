import NablaPlot
import Initialization

/// `--plot-dir`: the tables of sections (b) to (d) as charts, one line per scheme, across the layers.
struct InitializationPlots {
    var figures: [Figure] = []

    /// Section (b) or (c): the spread of each hidden layer's output and its weight gradient's norm.
    mutating func addProbe(_ activation: HiddenActivation, schemes: [Initializer], readings: [[LayerReading]]) {
        let layers = (readings.first ?? []).indices.map { Double($0 + 1) }
        func series(_ value: (LayerReading) -> Double) -> [LineChart.Series] {
            zip(schemes, readings).map { .init(name: $0.description, x: layers, y: $1.map(value)) }
        }
        let name = activation.rawValue
        figures.append(Figure(name: "\(name)_activation_std",
                              chart: LineChart(title: "\(activation.name) network: std of each layer's output, at initialisation",
                                               xLabel: "hidden layer l", yLabel: "std of a_l", series: series(\.activations.standardDeviation),
                                               yScale: .logarithmic),
                              caption: "A good scheme keeps the spread about constant with depth; too small weights make "
                              + "it shrink layer by layer, too large ones make it grow (or, with tanh, saturate at ±1)."))
        figures.append(Figure(name: "\(name)_gradient_norm",
                              chart: LineChart(title: "\(activation.name) network: ‖∂L/∂W_l‖ at initialisation", xLabel: "hidden layer l",
                                               yLabel: "gradient norm", series: series(\.weightGradientNorm), yScale: .logarithmic),
                              caption: "The same story backward: the gradient reaching the first layers vanishes or explodes "
                              + "unless the scheme preserves its variance."))
    }

    /// Section (d): the test accuracy each scheme reached after the brief training.
    mutating func addOutcomes(_ activation: HiddenActivation, schemes: [Initializer], outcomes: [TrainingOutcome]) {
        figures.append(Figure(name: "\(activation.rawValue)_test_accuracy",
                              chart: BarChart(title: "\(activation.name) network: test accuracy after training", labels: schemes.map(\.description),
                                              values: outcomes.map { 100 * $0.testAccuracy }, yLabel: "test accuracy (%)"),
                              caption: "The same steps, data and seed for every scheme: only the starting weights differ."))
    }
}
