import XCTest
import NablaCore
import Optimizers
import NablaTestSupport

/// Options that golden-v1 fixtures leave at PyTorch's defaults (the format has no keys for them),
/// checked against numbers printed by torch 2.13.0+cpu in float64:
///
///     p = torch.tensor([0.5, -1.0, 2.0], requires_grad=True); opt = torch.optim.X([p], ..., foreach=False)
///     for g in ([0.1, -0.2, 0.3], [-0.4, 0.5, 0.05], [0.2, 0.2, -0.6]):
///         p.grad = torch.tensor(g); opt.step(); print(p.tolist())
final class TorchOptionsTests: XCTestCase {
    let start = [0.5, -1.0, 2.0]
    let gradients = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.05], [0.2, 0.2, -0.6]]

    func testAdaGradLearningRateDecayAndInitialAccumulator() {
        // Adagrad(lr=0.1, lr_decay=0.5, initial_accumulator_value=0.2, weight_decay=0.1)
        let got = trajectory(AdaGrad(learningRate: 0.1, learningRateDecay: 0.5, weightDecay: 0.1,
                                     initialAccumulatorValue: 0.2), from: start, gradients: gradients)
        let torch = [[0.46820006360655075, -0.9442913985572292, 1.9254644007611181],
                     [0.5081570196100789, -0.984397865591204, 1.902796160154058],
                     [0.488575057141827, -0.991846206087155, 1.9276996164192983]]
        for (g, t) in zip(got, torch) { assertClose(g, t) }
    }

    func testRMSPropMomentum() {
        // RMSprop(lr=0.01, momentum=0.9)
        let got = trajectory(RMSProp(learningRate: 0.01, momentum: 0.9), from: start, gradients: gradients)
        let torch = [[0.40000009999990005, -0.9000000499999751, 1.9000000333333222],
                     [0.4070429626685618, -0.9029118460156582, 1.7934796037804486],
                     [0.36954982090795424, -0.9405231675071261, 1.7869860238983866]]
        for (g, t) in zip(got, torch) { assertClose(g, t) }
    }

    func testRMSPropCentered() {
        // RMSprop(lr=0.01, centered=True)
        let got = trajectory(RMSProp(learningRate: 0.01, centered: true), from: start, gradients: gradients)
        let torch = [[0.3994963194840783, -0.899496268979104, 1.8994962521441012],
                     [0.49679887705561976, -0.9925546703692436, 1.882866128838648],
                     [0.45295704800382286, -1.0276794744277589, 1.9723062278234542]]
        for (g, t) in zip(got, torch) { assertClose(g, t) }
    }

    func testRMSPropEverythingAtOnce() throws {
        // RMSprop(lr=0.01, alpha=0.9, centered=True, momentum=0.5, weight_decay=0.1), built from a config
        let optimizer = try standardOptimizer("rmsprop", #"{"lr": 0.01, "alpha": 0.9, "centered": true, "momentum": 0.5, "weight_decay": 0.1}"#)
        let got = trajectory(optimizer, from: start, gradients: gradients)
        let torch = [[0.4666666740740724, -0.9666666703703699, 1.9666666688888887],
                     [0.4798272587321453, -0.975932611053691, 1.9339877512933679],
                     [0.46850233031787253, -0.9873949636236352, 1.9375423051969987]]
        for (g, t) in zip(got, torch) { assertClose(g, t) }
    }

    /// AdaGrad's steps shrink as G grows: the same gradient moves θ less each time.
    func testAdaGradStepsShrink() {
        let steps = trajectory(AdaGrad(learningRate: 0.1), from: [0], gradients: Array(repeating: [1], count: 4))
        let lengths = zip([[0.0]] + steps, steps).map { abs($1[0] - $0[0]) }
        for (earlier, later) in zip(lengths, lengths.dropFirst()) { XCTAssertLessThan(later, earlier) }
        XCTAssertEqual(lengths[3], 0.1 / 2, accuracy: 1e-9, "the 4th step is η / √4")
    }
}
