import NablaCore
import NablaTrain

/// A surface over the plane to race optimizers on: its value and gradient at a point `[x, y]`.
public protocol LossSurface {
    var name: String { get }
    var minimum: SIMD2<Double> { get }
    func value<Scalar: Real>(at point: Tensor<Scalar>) -> Scalar
    func gradient<Scalar: Real>(at point: Tensor<Scalar>) -> Tensor<Scalar>
}

/// Where one optimizer went on a surface.
public struct RaceResult: Sendable {
    /// The start, then the point after each step.
    public let path: [SIMD2<Double>]
    /// The surface's value at each point of `path`.
    public let losses: [Double]
    public let minimum: SIMD2<Double>
    /// The loss became infinite or NaN; the race stopped there.
    public let diverged: Bool

    public var finalLoss: Double { losses.last! }
    public var distanceToMinimum: Double { length(path.last! - minimum) }
    /// The sum of the step lengths: a straight run is short, a zigzag is long.
    public var pathLength: Double { zip(path, path.dropFirst()).reduce(0) { $0 + length($1.1 - $1.0) } }

    /// The first step count after which the loss is below `threshold`, or nil if it never gets there.
    public func steps(toReach threshold: Double) -> Int? { losses.firstIndex { $0 < threshold } }
}

private func length(_ v: SIMD2<Double>) -> Double { (v * v).sum().squareRoot() }

/// Runs `optimizer` for `steps` steps on `surface` from `start` through the `Optimizer` protocol,
/// the parameter being the tensor `[x, y]`. The optimizer is copied, so one value can start every
/// race fresh. A `schedule` sets the learning rate before each step (step t is epoch t).
public func race<Scalar: Real>(_ optimizer: some Optimizer<Scalar>, on surface: some LossSurface,
                               from start: SIMD2<Double>, steps: Int,
                               schedule: (any LearningRateSchedule)? = nil) -> RaceResult {
    var optimizer = optimizer
    var point = Tensor<Scalar>(shape: [2], scalars: [Scalar(start.x), Scalar(start.y)])
    var path = [start], losses = [Double(surface.value(at: point))]
    for step in 0..<steps {
        if let schedule { optimizer.learningRate = schedule.learningRate(epoch: step) }
        optimizer.update(&point, gradient: surface.gradient(at: point), key: "xy")
        let loss = Double(surface.value(at: point))
        guard loss.isFinite else {
            return RaceResult(path: path, losses: losses, minimum: surface.minimum, diverged: true)
        }
        path.append(SIMD2(Double(point[0]), Double(point[1])))
        losses.append(loss)
    }
    return RaceResult(path: path, losses: losses, minimum: surface.minimum, diverged: false)
}
